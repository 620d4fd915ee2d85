/**
 * Capture file reader: classic pcap and pcapng, either byte order, timestamps as integer microseconds.
 *
 * Specs: "PCAP Capture File Format", draft-ietf-opsawg-pcap (§4 file header with magic 0xA1B2C3D4 for microseconds
 * or 0xA1B23C4D for nanoseconds, §5 packet records), and "PCAP Next Generation (pcapng) Capture File Format",
 * draft-ietf-opsawg-pcapng (§3.1 block structure, §3.5 options, §4.1 SHB, §4.2 IDB with if_tsresol and
 * if_tsoffset, §4.3 EPB with epb_flags, §4.4 SPB, §4.7 DSB). Unknown block types are skipped.
 *
 * Everything read is bounds-checked: bad input raises CaptureFormatError naming what is wrong and at which offset.
 * `tsresol` of an interface is its timestamp ticks per second (1e6 for microseconds). Simple Packet Blocks carry
 * no timestamp; their `tsUs` is 0.
 */
import {
  BLOCK_DSB, BLOCK_EPB, BLOCK_IDB, BLOCK_SHB, BLOCK_SPB, BYTE_ORDER_MAGIC, EPB_FLAG_INBOUND, EPB_FLAG_OUTBOUND,
  OPT_ENDOFOPT, OPT_EPB_FLAGS, OPT_IF_NAME, OPT_IF_TSOFFSET, OPT_IF_TSRESOL, PCAPNG_VERSION_MAJOR,
  SECRETS_TYPE_TLSK, SECRETS_TYPE_WGKL, TSRESOL_MICROSECONDS,
} from './pcapng';

export interface CaptureFile {
  format: 'pcap' | 'pcapng';
  interfaces: { linkType: number; name?: string; snaplen: number; tsresol: number }[];
  secrets: { type: number; data: Uint8Array }[];
  packets: { ifIndex: number; tsUs: number; data: Uint8Array; origLen: number; direction?: 'in' | 'out' }[];
}

export class CaptureFormatError extends Error {
  override name = 'CaptureFormatError';
}

/** Classic pcap magics as read big-endian from the first four bytes. */
const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAP_MAGIC_US_SWAPPED = 0xd4c3b2a1;
const PCAP_MAGIC_NS_SWAPPED = 0x4d3cb2a1;
const PCAP_HEADER_LEN = 24;
const PCAP_RECORD_HEADER_LEN = 16;
const PCAP_VERSION_MAJOR = 2;

const SHB_MIN_LEN = 28;
const IDB_MIN_LEN = 20;
const EPB_MIN_LEN = 32;
const SPB_MIN_LEN = 16;
const DSB_MIN_LEN = 20;
const BLOCK_MIN_LEN = 12;

const pad4 = (n: number): number => (n + 3) & ~3;
const hex8 = (n: number): string => '0x' + n.toString(16).padStart(8, '0');

export function secretsTypeName(type: number): string {
  if (type === SECRETS_TYPE_WGKL) return 'WGKL';
  if (type === SECRETS_TYPE_TLSK) return 'TLSK';
  return hex8(type >>> 0);
}

/** Bounds-checked reads in one byte order: a read past the end is a format error, never a RangeError. */
class Reader {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array, public le: boolean, private readonly fmt: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(off: number, n: number): void {
    if (off < 0 || off + n > this.bytes.length) {
      throw new CaptureFormatError(`${this.fmt}: read of ${n} bytes at offset ${off} past end of file (size ${this.bytes.length})`);
    }
  }
  u8(off: number): number { this.need(off, 1); return this.bytes[off]; }
  u16(off: number): number { this.need(off, 2); return this.view.getUint16(off, this.le); }
  u32(off: number): number { this.need(off, 4); return this.view.getUint32(off, this.le); }
  i64(off: number): bigint { this.need(off, 8); return this.view.getBigInt64(off, this.le); }
  /** A copy, always a plain Uint8Array (a Node Buffer's slice would be a view). */
  slice(off: number, n: number): Uint8Array { this.need(off, n); return new Uint8Array(this.bytes.subarray(off, off + n)); }
}

export function readCapture(bytes: Uint8Array): CaptureFile {
  if (bytes.length < 4) throw new CaptureFormatError(`capture: file of ${bytes.length} bytes is too short to hold a magic number`);
  const magic = new Reader(bytes, false, 'capture').u32(0);
  if (magic === BLOCK_SHB) return readPcapng(bytes);
  if (magic === PCAP_MAGIC_US || magic === PCAP_MAGIC_NS) return readPcap(bytes, false, magic === PCAP_MAGIC_NS);
  if (magic === PCAP_MAGIC_US_SWAPPED || magic === PCAP_MAGIC_NS_SWAPPED) return readPcap(bytes, true, magic === PCAP_MAGIC_NS_SWAPPED);
  throw new CaptureFormatError(`capture: unknown magic ${hex8(magic)} at offset 0: neither pcap nor pcapng`);
}

function readPcap(bytes: Uint8Array, le: boolean, nanos: boolean): CaptureFile {
  const r = new Reader(bytes, le, 'pcap');
  if (bytes.length < PCAP_HEADER_LEN) {
    throw new CaptureFormatError(`pcap: file header needs ${PCAP_HEADER_LEN} bytes, file has ${bytes.length}`);
  }
  const major = r.u16(4);
  if (major !== PCAP_VERSION_MAJOR) throw new CaptureFormatError(`pcap: unsupported version ${major}.${r.u16(6)} at offset 4`);
  const snaplen = r.u32(16);
  const linkType = r.u32(20) & 0xffff; // upper bits: FCS length and reserved (§4)
  const ticks = nanos ? 1_000_000_000 : 1_000_000;
  const packets: CaptureFile['packets'] = [];
  for (let off = PCAP_HEADER_LEN; off < bytes.length;) {
    const where = `record ${packets.length + 1} at offset ${off}`;
    if (bytes.length - off < PCAP_RECORD_HEADER_LEN) {
      throw new CaptureFormatError(`pcap: ${where} is truncated: ${bytes.length - off} bytes left of a ${PCAP_RECORD_HEADER_LEN}-byte record header`);
    }
    const sec = r.u32(off);
    const frac = r.u32(off + 4);
    const capLen = r.u32(off + 8);
    const origLen = r.u32(off + 12);
    const dataOff = off + PCAP_RECORD_HEADER_LEN;
    if (capLen > bytes.length - dataOff) {
      throw new CaptureFormatError(`pcap: ${where} claims ${capLen} captured bytes beyond end of file (size ${bytes.length})`);
    }
    if (capLen > origLen) throw new CaptureFormatError(`pcap: ${where} has captured length ${capLen} greater than original length ${origLen}`);
    if (frac >= ticks) throw new CaptureFormatError(`pcap: ${where} has fraction ${frac} >= ${ticks} ticks per second`);
    const tsUs = sec * 1_000_000 + (nanos ? Math.floor(frac / 1000) : frac);
    packets.push({ ifIndex: 0, tsUs, data: r.slice(dataOff, capLen), origLen });
    off = dataOff + capLen;
  }
  return { format: 'pcap', interfaces: [{ linkType, snaplen, tsresol: ticks }], secrets: [], packets };
}

/** Interface state inside one section: timestamps become microseconds as (ticks * mul / div) + offset. */
interface Iface { linkType: number; name?: string; snaplen: number; tsresol: number; mul: bigint; div: bigint; offsetUs: bigint }

function readPcapng(bytes: Uint8Array): CaptureFile {
  const r = new Reader(bytes, true, 'pcapng');
  const out: CaptureFile = { format: 'pcapng', interfaces: [], secrets: [], packets: [] };
  let section: Iface[] = [];
  let sectionBase = 0; // global index of the section's first interface
  for (let off = 0; off < bytes.length;) {
    const left = bytes.length - off;
    if (left < BLOCK_MIN_LEN) throw new CaptureFormatError(`pcapng: ${left} trailing bytes at offset ${off} are too short for a block`);
    const type = r.u32(off);
    if (type === BLOCK_SHB) {
      r.le = byteOrder(r, off);
      section = [];
      sectionBase = out.interfaces.length;
    } // readCapture only comes here when the file starts with a Section Header Block
    const len = blockLength(r, off, type);
    const end = off + len - 4; // the body ends where the trailing length starts
    switch (type) {
      case BLOCK_SHB: {
        const major = r.u16(off + 12);
        if (major !== PCAPNG_VERSION_MAJOR) throw new CaptureFormatError(`pcapng: section at offset ${off} has unsupported version ${major}.${r.u16(off + 14)}`);
        break;
      }
      case BLOCK_IDB: {
        const iface = readIdb(r, off, end);
        section.push(iface);
        out.interfaces.push({ linkType: iface.linkType, ...(iface.name !== undefined && { name: iface.name }), snaplen: iface.snaplen, tsresol: iface.tsresol });
        break;
      }
      case BLOCK_EPB: {
        const id = r.u32(off + 8);
        const iface = section[id];
        if (iface === undefined) throw new CaptureFormatError(`pcapng: packet block at offset ${off} names interface ${id}, but its section has ${section.length}`);
        const ticks = (BigInt(r.u32(off + 12)) << 32n) | BigInt(r.u32(off + 16));
        const capLen = r.u32(off + 20);
        const origLen = r.u32(off + 24);
        const dataOff = off + 28;
        if (capLen > end - dataOff) throw new CaptureFormatError(`pcapng: packet block at offset ${off} claims ${capLen} captured bytes but holds ${end - dataOff}`);
        if (capLen > origLen) throw new CaptureFormatError(`pcapng: packet block at offset ${off} has captured length ${capLen} greater than original length ${origLen}`);
        const direction = epbDirection(r, dataOff + pad4(capLen), end, off);
        out.packets.push({
          ifIndex: sectionBase + id, tsUs: toMicros(ticks, iface, off), data: r.slice(dataOff, capLen), origLen,
          ...(direction && { direction }),
        });
        break;
      }
      case BLOCK_SPB: {
        const iface = section[0];
        if (iface === undefined) throw new CaptureFormatError(`pcapng: simple packet block at offset ${off} comes before any interface of its section`);
        const origLen = r.u32(off + 8);
        const held = end - (off + 12);
        const capLen = Math.min(origLen, held, iface.snaplen === 0 ? held : iface.snaplen);
        out.packets.push({ ifIndex: sectionBase, tsUs: 0, data: r.slice(off + 12, capLen), origLen });
        break;
      }
      case BLOCK_DSB: {
        const secretsType = r.u32(off + 8);
        const secretsLen = r.u32(off + 12);
        if (secretsLen > end - (off + 16)) {
          throw new CaptureFormatError(`pcapng: decryption secrets block at offset ${off} claims ${secretsLen} bytes of secrets but holds ${end - (off + 16)}`);
        }
        out.secrets.push({ type: secretsType, data: r.slice(off + 16, secretsLen) });
        break;
      }
      default: // unknown or unneeded block types (NRB, ISB, custom, ...) are skipped
    }
    off += len;
  }
  return out;
}

/** The SHB's byte-order magic decides the byte order of its whole section. */
function byteOrder(r: Reader, off: number): boolean {
  if (bytesLeft(r, off) < SHB_MIN_LEN) {
    throw new CaptureFormatError(`pcapng: section header at offset ${off} is truncated: ${bytesLeft(r, off)} bytes left of at least ${SHB_MIN_LEN}`);
  }
  r.le = false;
  const bom = r.u32(off + 8);
  if (bom === BYTE_ORDER_MAGIC) return false;
  if (bom === 0x4d3c2b1a) return true;
  throw new CaptureFormatError(`pcapng: section header at offset ${off} has byte-order magic ${hex8(bom)}, expected 0x1a2b3c4d`);
}

const bytesLeft = (r: Reader, off: number): number => r.bytes.length - off;

const MIN_LEN: Record<number, [number, string]> = {
  [BLOCK_SHB]: [SHB_MIN_LEN, 'section header'], [BLOCK_IDB]: [IDB_MIN_LEN, 'interface description'],
  [BLOCK_EPB]: [EPB_MIN_LEN, 'enhanced packet'], [BLOCK_SPB]: [SPB_MIN_LEN, 'simple packet'],
  [BLOCK_DSB]: [DSB_MIN_LEN, 'decryption secrets'],
};

/** Checks a block's total length: in the file, a multiple of 4, large enough for its type, repeated at its end. */
function blockLength(r: Reader, off: number, type: number): number {
  const len = r.u32(off + 4);
  const at = `pcapng: block at offset ${off}`;
  if (len > bytesLeft(r, off)) throw new CaptureFormatError(`${at} claims length ${len} beyond end of file (size ${r.bytes.length})`);
  if (len % 4 !== 0) throw new CaptureFormatError(`${at} has length ${len}, not a multiple of 4`);
  const [min, name] = MIN_LEN[type] ?? [BLOCK_MIN_LEN, `type ${hex8(type)}`];
  if (len < min) throw new CaptureFormatError(`${at} (${name}) has length ${len}, less than the minimum ${min}`);
  const trailer = r.u32(off + len - 4);
  if (trailer !== len) throw new CaptureFormatError(`${at} has length ${len} but its trailing copy says ${trailer}`);
  return len;
}

function readIdb(r: Reader, off: number, end: number): Iface {
  const iface: Iface = { linkType: r.u16(off + 8), snaplen: r.u32(off + 12), tsresol: 1_000_000, mul: 1n, div: 1n, offsetUs: 0n };
  let resol = TSRESOL_MICROSECONDS;
  readOptions(r, off + 16, end, off, (code, vOff, vLen) => {
    if (code === OPT_IF_NAME) {
      iface.name = new TextDecoder('utf-8').decode(r.slice(vOff, vLen));
    } else if (code === OPT_IF_TSRESOL) {
      if (vLen !== 1) throw new CaptureFormatError(`pcapng: if_tsresol at offset ${vOff - 4} has length ${vLen}, expected 1`);
      resol = r.u8(vOff);
    } else if (code === OPT_IF_TSOFFSET) {
      if (vLen !== 8) throw new CaptureFormatError(`pcapng: if_tsoffset at offset ${vOff - 4} has length ${vLen}, expected 8`);
      iface.offsetUs = r.i64(vOff) * 1_000_000n;
    }
  });
  // if_tsresol: high bit clear = 10^-n seconds per tick, set = 2^-n (§4.2)
  const exp = resol & 0x7f;
  if (resol & 0x80) {
    iface.tsresol = 2 ** exp;
    iface.mul = 1_000_000n;
    iface.div = 1n << BigInt(exp);
  } else {
    iface.tsresol = 10 ** exp;
    if (exp >= 6) iface.div = 10n ** BigInt(exp - 6);
    else iface.mul = 10n ** BigInt(6 - exp);
  }
  return iface;
}

function toMicros(ticks: bigint, iface: Iface, off: number): number {
  const us = (ticks * iface.mul) / iface.div + iface.offsetUs; // BigInt division floors non-negative values
  if (us > BigInt(Number.MAX_SAFE_INTEGER) || us < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new CaptureFormatError(`pcapng: packet block at offset ${off} has timestamp ${us} us, beyond 2^53`);
  }
  return Number(us);
}

/** epb_flags bits 0-1: 1 inbound, 2 outbound, 0 unknown (§4.3.1). */
function epbDirection(r: Reader, start: number, end: number, blockOff: number): 'in' | 'out' | undefined {
  let flags = 0;
  readOptions(r, start, end, blockOff, (code, vOff, vLen) => {
    if (code !== OPT_EPB_FLAGS) return;
    if (vLen !== 4) throw new CaptureFormatError(`pcapng: epb_flags at offset ${vOff - 4} has length ${vLen}, expected 4`);
    flags = r.u32(vOff);
  });
  const dir = flags & 3;
  return dir === EPB_FLAG_INBOUND ? 'in' : dir === EPB_FLAG_OUTBOUND ? 'out' : undefined;
}

/** Walks an option list from `start` to `end`; stops at opt_endofopt. */
function readOptions(r: Reader, start: number, end: number, blockOff: number, each: (code: number, valueOff: number, valueLen: number) => void): void {
  for (let o = start; o < end;) {
    if (end - o < 4) throw new CaptureFormatError(`pcapng: option at offset ${o} in block at offset ${blockOff} is truncated`);
    const code = r.u16(o);
    const vLen = r.u16(o + 2);
    if (code === OPT_ENDOFOPT) return;
    if (o + 4 + pad4(vLen) > end) {
      throw new CaptureFormatError(`pcapng: option ${code} at offset ${o} in block at offset ${blockOff} claims length ${vLen}, past the end of its block`);
    }
    each(code, o + 4, vLen);
    o += 4 + pad4(vLen);
  }
}
