/**
 * pcapng writer: one section, little-endian, microsecond timestamps, decryption secrets before packets.
 *
 * Spec: "PCAP Next Generation (pcapng) Capture File Format", draft-ietf-opsawg-pcapng
 * (https://www.ietf.org/archive/id/draft-tuexen-opsawg-pcapng). Block layout (§3.1): type u32, total length u32,
 * body, total length u32 again; bodies and option values are padded to 32 bits. Options (§3.5): code u16,
 * length u16, value, padding; a list ends with opt_endofopt.
 *   SHB §4.1   IDB §4.2 (if_name, if_description, if_tsresol)   EPB §4.3 (epb_flags §4.3.1)   DSB §4.7
 *
 * Wireshark applies a Decryption Secrets Block only to packets that come after it, so every DSB is written
 * right after the Interface Description Blocks, before the first packet.
 */

export const BLOCK_SHB = 0x0a0d0d0a;
export const BLOCK_IDB = 0x00000001;
export const BLOCK_SPB = 0x00000003;
export const BLOCK_EPB = 0x00000006;
export const BLOCK_DSB = 0x0000000a;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
export const PCAPNG_VERSION_MAJOR = 1;
export const PCAPNG_VERSION_MINOR = 0;

export const OPT_ENDOFOPT = 0;
export const OPT_SHB_USERAPPL = 4;
export const OPT_IF_NAME = 2;
export const OPT_IF_DESCRIPTION = 3;
export const OPT_IF_TSRESOL = 9;
export const OPT_IF_TSOFFSET = 14;
export const OPT_EPB_FLAGS = 2;

/** epb_flags bits 0-1 (§4.3.1). */
export const EPB_FLAG_INBOUND = 1;
export const EPB_FLAG_OUTBOUND = 2;

/** Decryption Secrets Block secrets types (§4.7). */
export const SECRETS_TYPE_WGKL = 0x57474b4c; // WireGuard Key Log
export const SECRETS_TYPE_TLSK = 0x544c534b; // TLS Key Log

export const DEFAULT_SNAPLEN = 262144;
/** if_tsresol = 6: timestamps count microseconds. */
export const TSRESOL_MICROSECONDS = 6;
export const DEFAULT_APPLICATION = 'podlock';

export interface PcapngInterface { linkType: number; name: string; description?: string; snaplen?: number }
export interface PcapngSecret { type: 'WGKL' | 'TLSK'; data: Uint8Array }
export interface PcapngPacket { ifIndex: number; tsUs: number; data: Uint8Array; origLen?: number; direction?: 'in' | 'out' }

const SECRETS_TYPES: Record<PcapngSecret['type'], number> = { WGKL: SECRETS_TYPE_WGKL, TLSK: SECRETS_TYPE_TLSK };
const U32_MAX = 0xffffffff;
const TWO_32 = 0x1_0000_0000;

const pad4 = (n: number): number => (n + 3) & ~3;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** One option: code, length, value, zero padding to 32 bits. */
function option(code: number, value: Uint8Array, what: string): Uint8Array {
  if (value.length > 0xffff) throw new Error(`pcapng: ${what} is ${value.length} bytes, an option holds at most 65535`);
  const out = new Uint8Array(4 + pad4(value.length));
  const v = new DataView(out.buffer);
  v.setUint16(0, code, true);
  v.setUint16(2, value.length, true);
  out.set(value, 4);
  return out;
}

function u32Option(code: number, value: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value, true);
  return option(code, b, `option ${code}`);
}

/** A block: type, total length, fixed body, options (+ opt_endofopt when any), total length. */
function block(type: number, body: Uint8Array, options: Uint8Array[] = []): Uint8Array {
  const optionsLen = options.length === 0 ? 0 : options.reduce((n, o) => n + o.length, 0) + 4;
  const total = 12 + pad4(body.length) + optionsLen;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, total, true);
  out.set(body, 8);
  let off = 8 + pad4(body.length);
  for (const o of options) {
    out.set(o, off);
    off += o.length;
  }
  // opt_endofopt is four zero bytes, already there.
  v.setUint32(total - 4, total, true);
  return out;
}

function sectionHeader(application: string): Uint8Array {
  const body = new Uint8Array(16);
  const v = new DataView(body.buffer);
  v.setUint32(0, BYTE_ORDER_MAGIC, true);
  v.setUint16(4, PCAPNG_VERSION_MAJOR, true);
  v.setUint16(6, PCAPNG_VERSION_MINOR, true);
  v.setInt32(8, -1, true); // section length: not given (-1 as a signed 64-bit value)
  v.setInt32(12, -1, true);
  return block(BLOCK_SHB, body, [option(OPT_SHB_USERAPPL, utf8(application), 'shb_userappl')]);
}

function interfaceDescription(iface: PcapngInterface, index: number): Uint8Array {
  const { linkType, name, description } = iface;
  const snaplen = iface.snaplen ?? DEFAULT_SNAPLEN;
  if (!Number.isInteger(linkType) || linkType < 0 || linkType > 0xffff) {
    throw new Error(`pcapng: interface ${index} has link type ${linkType}, expected an integer 0..65535`);
  }
  if (!Number.isInteger(snaplen) || snaplen < 0 || snaplen > U32_MAX) {
    throw new Error(`pcapng: interface ${index} has snaplen ${snaplen}, expected an integer 0..4294967295`);
  }
  const body = new Uint8Array(8);
  const v = new DataView(body.buffer);
  v.setUint16(0, linkType, true);
  v.setUint32(4, snaplen, true); // bytes 2-3 are reserved (zero)
  const options = [option(OPT_IF_NAME, utf8(name), `if_name of interface ${index}`)];
  if (description !== undefined) options.push(option(OPT_IF_DESCRIPTION, utf8(description), `if_description of interface ${index}`));
  options.push(option(OPT_IF_TSRESOL, Uint8Array.of(TSRESOL_MICROSECONDS), 'if_tsresol'));
  return block(BLOCK_IDB, body, options);
}

function decryptionSecrets(secret: PcapngSecret, index: number): Uint8Array {
  const type = Object.hasOwn(SECRETS_TYPES, secret.type) ? SECRETS_TYPES[secret.type] : undefined;
  if (type === undefined) throw new Error(`pcapng: secret ${index} has type ${String(secret.type)}, expected WGKL or TLSK`);
  const body = new Uint8Array(8 + secret.data.length);
  const v = new DataView(body.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, secret.data.length, true);
  body.set(secret.data, 8);
  return block(BLOCK_DSB, body);
}

function enhancedPacket(p: PcapngPacket, index: number, interfaces: PcapngInterface[]): Uint8Array {
  const where = `packet ${index}`;
  if (!Number.isInteger(p.ifIndex) || p.ifIndex < 0 || p.ifIndex >= interfaces.length) {
    throw new Error(`pcapng: ${where} has ifIndex ${p.ifIndex}, but there are ${interfaces.length} interfaces`);
  }
  if (!Number.isSafeInteger(p.tsUs) || p.tsUs < 0) {
    throw new Error(`pcapng: ${where} has timestamp ${p.tsUs}, expected a non-negative integer count of microseconds`);
  }
  const capLen = p.data.length;
  const origLen = p.origLen ?? capLen;
  if (!Number.isInteger(origLen) || origLen < capLen || origLen > U32_MAX) {
    throw new Error(`pcapng: ${where} has original length ${origLen}, expected an integer >= its ${capLen} captured bytes`);
  }
  const snaplen = interfaces[p.ifIndex].snaplen ?? DEFAULT_SNAPLEN;
  if (snaplen !== 0 && capLen > snaplen) {
    throw new Error(`pcapng: ${where} has ${capLen} bytes, more than the snaplen ${snaplen} of interface ${p.ifIndex}`);
  }
  const body = new Uint8Array(20 + capLen);
  const v = new DataView(body.buffer);
  v.setUint32(0, p.ifIndex, true);
  v.setUint32(4, Math.floor(p.tsUs / TWO_32), true);
  v.setUint32(8, p.tsUs % TWO_32, true);
  v.setUint32(12, capLen, true);
  v.setUint32(16, origLen, true);
  body.set(p.data, 20);
  const options: Uint8Array[] = [];
  if (p.direction !== undefined) {
    if (p.direction !== 'in' && p.direction !== 'out') throw new Error(`pcapng: ${where} has direction ${String(p.direction)}, expected in or out`);
    options.push(u32Option(OPT_EPB_FLAGS, p.direction === 'in' ? EPB_FLAG_INBOUND : EPB_FLAG_OUTBOUND));
  }
  return block(BLOCK_EPB, body, options);
}

/** Writes one pcapng section: SHB, IDBs, DSBs, then EPBs in the order given. */
export function writePcapng(f: {
  interfaces: PcapngInterface[];
  secrets?: PcapngSecret[];
  packets: PcapngPacket[];
  application?: string;
}): Uint8Array {
  const blocks: Uint8Array[] = [sectionHeader(f.application ?? DEFAULT_APPLICATION)];
  f.interfaces.forEach((iface, i) => blocks.push(interfaceDescription(iface, i)));
  (f.secrets ?? []).forEach((s, i) => blocks.push(decryptionSecrets(s, i)));
  f.packets.forEach((p, i) => blocks.push(enhancedPacket(p, i, f.interfaces)));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let off = 0;
  for (const b of blocks) {
    out.set(b, off);
    off += b.length;
  }
  return out;
}
