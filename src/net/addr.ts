/** IPv4 and MAC address parsing/formatting, CIDR matching. Addresses are held as u32 (IPv4) or 6 bytes (MAC). */

export type Ip4 = number;

export function parseIp(s: string): Ip4 {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) throw new Error(`invalid IPv4 address: ${s}`);
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) throw new Error(`invalid IPv4 address: ${s}`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function isIp(s: string): boolean {
  try {
    parseIp(s);
    return true;
  } catch {
    return false;
  }
}

export function fmtIp(ip: Ip4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 0xff}.${(ip >>> 8) & 0xff}.${ip & 0xff}`;
}

export interface Cidr {
  net: Ip4;
  bits: number;
}

export function parseCidr(s: string): Cidr {
  const [ip, bitsStr] = s.split('/');
  const bits = Number(bitsStr);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw new Error(`invalid CIDR: ${s}`);
  return { net: (parseIp(ip) & maskOf(bits)) >>> 0, bits };
}

export function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

export function inCidr(ip: Ip4, c: Cidr): boolean {
  return ((ip & maskOf(c.bits)) >>> 0) === c.net;
}

export function fmtCidr(c: Cidr): string {
  return `${fmtIp(c.net)}/${c.bits}`;
}

export function ipBytes(ip: Ip4): Uint8Array {
  return new Uint8Array([ip >>> 24, (ip >>> 16) & 0xff, (ip >>> 8) & 0xff, ip & 0xff]);
}

export function fmtMac(b: Uint8Array, off = 0): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(b[off + i].toString(16).padStart(2, '0'));
  return parts.join(':');
}

export function parseMac(s: string): Uint8Array {
  const m = /^([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2})$/i.exec(s);
  if (!m) throw new Error(`invalid MAC address: ${s}`);
  return new Uint8Array(m.slice(1).map((h) => parseInt(h, 16)));
}

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
