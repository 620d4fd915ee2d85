/**
 * DER (ITU-T X.690 §10) through asn1js: small builders for the X.509 structures we issue, and a strict decoder.
 * asn1js parses BER; `decodeDer` additionally rejects what DER forbids and asn1js flags: indefinite lengths,
 * non-minimal length or INTEGER encodings, constructed string types, trailing bytes. Errors are thrown as
 * DerError with a path-like `what` so a certificate failure can say which field was wrong.
 */
import * as asn1js from 'asn1js';

export type Asn = asn1js.BaseBlock;

export class DerError extends Error {
  override name = 'DerError';
}

const ctx = (tagNumber: number) => ({ tagClass: 3, tagNumber });
const universal = (tagNumber: number) => ({ tagClass: 1, tagNumber });

export const seq = (...value: Asn[]): Asn => new asn1js.Sequence({ value });
export const setOf = (...value: Asn[]): Asn => new asn1js.Set({ value });
export const oid = (dotted: string): Asn => new asn1js.ObjectIdentifier({ value: dotted });
export const bool = (value: boolean): Asn => new asn1js.Boolean({ value });
export const octets = (b: Uint8Array): Asn => new asn1js.OctetString({ valueHex: b.slice() });
export const bits = (b: Uint8Array, unusedBits = 0): Asn => new asn1js.BitString({ valueHex: b.slice(), unusedBits });
export const utf8String = (s: string): Asn => new asn1js.Utf8String({ value: s });
export const printableString = (s: string): Asn => new asn1js.PrintableString({ value: s });
export const ia5String = (s: string): Asn => new asn1js.IA5String({ value: s });
/** [n] EXPLICIT */
export const explicit = (n: number, inner: Asn): Asn => new asn1js.Constructed({ idBlock: ctx(n), value: [inner] });
/** [n] IMPLICIT over a primitive (e.g. GeneralName dNSName [2], uniformResourceIdentifier [6]) */
export const implicitPrimitive = (n: number, content: Uint8Array): Asn => new asn1js.Primitive({ idBlock: ctx(n), valueHex: content.slice() });
/** [n] IMPLICIT over a SEQUENCE (e.g. AuthorityKeyIdentifier keyIdentifier is primitive; kept for completeness) */
export const implicitConstructed = (n: number, value: Asn[]): Asn => new asn1js.Constructed({ idBlock: ctx(n), value });
/** UTCTime (23) or GeneralizedTime (24) from its exact text (RFC 5280 §4.1.2.5 formats it). */
export const timeText = (text: string, generalized: boolean): Asn =>
  new asn1js.Primitive({ idBlock: universal(generalized ? 24 : 23), valueHex: new TextEncoder().encode(text) });
export const nullValue = (): Asn => new asn1js.Null();

/** A DER INTEGER from unsigned big-endian magnitude bytes: leading zeros stripped, a 0x00 added when the top bit is set. */
export function uintFromBytes(b: Uint8Array): Asn {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const mag = b.slice(i);
  const v = mag.length && mag[0] & 0x80 ? new Uint8Array([0, ...mag]) : mag.length ? mag : new Uint8Array([0]);
  return new asn1js.Integer({ valueHex: v });
}

export const smallInt = (n: number): Asn => new asn1js.Integer({ value: n });

export function toDer(b: Asn): Uint8Array {
  return new Uint8Array(b.toBER(false));
}

/** asn1js warnings that mean "valid BER but not DER" (others, like "Too big Integer ... hex only", are informational). */
const DER_VIOLATION = /needlessly|unnecessary|more then 1 octet|EndOfContent|Non-zero length/i;
const CONSTRUCTED_UNIVERSAL = new Set([16, 17]); // SEQUENCE, SET

function checkStrict(b: Asn, what: string): void {
  const problems = [b.error, b.idBlock.error, b.lenBlock.error, b.valueBlock.error].filter((e) => e);
  const warnings = [...b.warnings, ...b.idBlock.warnings, ...b.lenBlock.warnings, ...b.valueBlock.warnings].filter((w) => DER_VIOLATION.test(w));
  if (problems.length) throw new DerError(`${what}: ${problems.join('; ')}`);
  if (warnings.length) throw new DerError(`${what}: not DER (${warnings.join('; ')})`);
  if (b.lenBlock.isIndefiniteForm) throw new DerError(`${what}: indefinite length is not DER`);
  const { tagClass, tagNumber, isConstructed } = b.idBlock;
  if (tagClass === 1 && isConstructed && !CONSTRUCTED_UNIVERSAL.has(tagNumber)) {
    throw new DerError(`${what}: constructed encoding of universal tag ${tagNumber} is not DER`);
  }
  if (tagClass === 1 && tagNumber === 1) {
    const v = (b.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
    if (v.length !== 1 || (v[0] !== 0 && v[0] !== 0xff)) throw new DerError(`${what}: BOOLEAN is not 0x00 or 0xFF`);
  }
  if (isConstructed) {
    const kids = (b.valueBlock as unknown as { value: Asn[] }).value ?? [];
    kids.forEach((k, i) => checkStrict(k, `${what}[${i}]`));
  }
}

/** Decodes exactly one DER value filling `bytes`. */
export function decodeDer(bytes: Uint8Array, what: string): Asn {
  const r = asn1js.fromBER(bytes, { parseEmbedded: false });
  if (r.offset === -1) throw new DerError(`${what}: ${r.result.error || 'malformed DER'}`);
  if (r.offset !== bytes.length) throw new DerError(`${what}: ${bytes.length - r.offset} trailing bytes after the DER value`);
  checkStrict(r.result, what);
  return r.result;
}

// ---- readers over a decoded tree ----

export function tagOf(b: Asn): { cls: 'universal' | 'application' | 'context' | 'private'; n: number } {
  const cls = (['universal', 'universal', 'application', 'context', 'private'] as const)[b.idBlock.tagClass] ?? 'private';
  return { cls, n: b.idBlock.tagNumber };
}

export function isContext(b: Asn, n: number): boolean {
  return b.idBlock.tagClass === 3 && b.idBlock.tagNumber === n;
}

function isUniversal(b: Asn, n: number): boolean {
  return b.idBlock.tagClass === 1 && b.idBlock.tagNumber === n;
}

/** Children of a constructed value; `n` enforces an exact count or a [min, max] range. */
export function kids(b: Asn, what: string, n?: number | [number, number]): Asn[] {
  if (!b.idBlock.isConstructed) throw new DerError(`${what}: expected a constructed value`);
  const k = (b.valueBlock as unknown as { value: Asn[] }).value;
  const [lo, hi] = n === undefined ? [0, Infinity] : typeof n === 'number' ? [n, n] : n;
  if (k.length < lo || k.length > hi) throw new DerError(`${what}: has ${k.length} elements, expected ${lo === hi ? lo : `${lo}..${hi}`}`);
  return k;
}

export function seqKids(b: Asn, what: string, n?: number | [number, number]): Asn[] {
  if (!isUniversal(b, 16)) throw new DerError(`${what}: expected a SEQUENCE`);
  return kids(b, what, n);
}

/** Content octets of a primitive value (any tag). */
export function content(b: Asn, what: string): Uint8Array {
  if (b.idBlock.isConstructed) throw new DerError(`${what}: expected a primitive value`);
  return (b.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView.slice();
}

/** The exact bytes this value was decoded from (tag, length and content). */
export function encodedBytes(b: Asn): Uint8Array {
  return b.valueBeforeDecodeView.slice();
}

export function readOid(b: Asn, what: string): string {
  if (!isUniversal(b, 6)) throw new DerError(`${what}: expected an OBJECT IDENTIFIER`);
  return (b as asn1js.ObjectIdentifier).getValue();
}

/** INTEGER content octets (two's complement, as encoded). */
export function readIntBytes(b: Asn, what: string): Uint8Array {
  if (!isUniversal(b, 2)) throw new DerError(`${what}: expected an INTEGER`);
  return content(b, what);
}

export function readSmallInt(b: Asn, what: string): number {
  const v = readIntBytes(b, what);
  if (v.length > 4 || v[0] & 0x80) throw new DerError(`${what}: INTEGER out of range`);
  return v.reduce((n, x) => n * 256 + x, 0);
}

export function readBool(b: Asn, what: string): boolean {
  if (!isUniversal(b, 1)) throw new DerError(`${what}: expected a BOOLEAN`);
  return content(b, what)[0] === 0xff;
}

export function readOctets(b: Asn, what: string): Uint8Array {
  if (!isUniversal(b, 4)) throw new DerError(`${what}: expected an OCTET STRING`);
  return content(b, what);
}

export function readBits(b: Asn, what: string): { bytes: Uint8Array; unusedBits: number } {
  if (!isUniversal(b, 3)) throw new DerError(`${what}: expected a BIT STRING`);
  const vb = b.valueBlock as unknown as { valueHexView: Uint8Array; unusedBits: number };
  return { bytes: vb.valueHexView.slice(), unusedBits: vb.unusedBits };
}

/** Text of a string-typed value or a time, decoded as UTF-8 (ASCII for the other string types). */
export function readText(b: Asn, what: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(content(b, what));
}

export function isUniversalTag(b: Asn, n: number): boolean {
  return isUniversal(b, n);
}
