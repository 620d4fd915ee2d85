/**
 * Distinguished names (RFC 5280 §4.1.2.4): RDNSequence of single-attribute RDNs. We encode CN/O/OU/L/ST as
 * UTF8String and C as PrintableString (§4.1.2.4 "MUST use ... UTF8String" for new certificates, X.520 for C), and
 * print names as `CN=foo, O=bar` in encoded order. Comparison for chain building is on the exact DER bytes.
 */
import { DerError, kids, oid, printableString, readOid, readText, seq, seqKids, setOf, utf8String, type Asn } from './der';
import { ATTRIBUTE_SHORT_NAMES, OID } from './oids';

export type NameAttrType = 'CN' | 'O' | 'OU' | 'C' | 'L' | 'ST';
export interface NameAttr { type: NameAttrType; value: string }

const TYPE_OIDS: Record<NameAttrType, string> = {
  CN: OID.commonName, O: OID.organizationName, OU: OID.organizationalUnitName, C: OID.countryName,
  L: OID.localityName, ST: OID.stateOrProvinceName,
};

export function encodeName(attrs: NameAttr[]): Asn {
  return seq(...attrs.map((a) => setOf(seq(oid(TYPE_OIDS[a.type]), a.type === 'C' ? printableString(a.value) : utf8String(a.value)))));
}

export function formatNameAttrs(attrs: NameAttr[]): string {
  return attrs.map((a) => `${a.type}=${a.value}`).join(', ');
}

/** `CN=foo, O=bar` from a decoded Name; unknown attribute types print as their dotted OID. */
export function formatName(name: Asn, what: string): string {
  const parts: string[] = [];
  for (const [i, rdn] of seqKids(name, what).entries()) {
    if (rdn.idBlock.tagClass !== 1 || rdn.idBlock.tagNumber !== 17) throw new DerError(`${what}[${i}]: expected a SET (RelativeDistinguishedName)`);
    for (const atv of kids(rdn, `${what}[${i}]`, [1, 16])) {
      const [t, v] = seqKids(atv, `${what}[${i}] AttributeTypeAndValue`, 2);
      const type = readOid(t, `${what}[${i}] type`);
      parts.push(`${ATTRIBUTE_SHORT_NAMES[type] ?? type}=${readText(v, `${what}[${i}] value`)}`);
    }
  }
  return parts.join(', ');
}
