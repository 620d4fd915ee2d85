/**
 * ARP and RARP (RFC 826, RFC 903, RFC 2390), as tcpdump 4.99.3 prints them:
 *   `ARP, Request who-has 192.168.61.12 tell 192.168.61.11, length 28`, `ARP, Reply 192.168.61.12 is-at 52:54:...`
 * With -v, or when the addresses are not Ethernet-and-IPv4 sized, the header comes first:
 *   `ARP, Ethernet (len 6), IPv4 (len 4), Request ...`. Nothing prints until the whole body is captured.
 */
import type { Ctx } from './printCtx';
import { hexLines } from './printHex';
import { ethertypeName, macText } from './printNames';

const HARDWARE: Record<number, string> = {
  1: 'Ethernet', 6: 'TokenRing', 7: 'ArcNet', 15: 'FrameRelay', 23: 'Strip', 24: 'IEEE 1394', 32: 'InfiniBand',
};

const OPS: Record<number, string> = {
  1: 'Request', 2: 'Reply', 3: 'Reverse Request', 4: 'Reverse Reply', 8: 'Inverse Request', 9: 'Inverse Reply',
  10: 'NACK Reply',
};

export function printArp(c: Ctx, off: number, len: number): void {
  c.proto = 'arp';
  if (!c.has(off, 8)) c.trunc('arp', true);
  const hrd = c.u16(off);
  const pro = c.u16(off + 2);
  const hln = c.b[off + 4];
  const pln = c.b[off + 5];
  const op = c.u16(off + 6);
  const sha = off + 8;
  const spa = sha + hln;
  const tha = spa + pln;
  const tpa = tha + hln;
  if (!c.has(off, 8 + 2 * hln + 2 * pln)) c.trunc('arp', true);
  if (!c.o.e) c.put('ARP, ');
  const ipv4 = (pro === 0x0800 || pro === 0x1000) && pln === 4;
  if (c.o.verbose > 0 || !ipv4 || hln === 0) {
    const hw = HARDWARE[hrd] ?? `Unknown Hardware (${hrd})`;
    const proto = ethertypeName(pro) ?? `Unknown Protocol (0x${pro.toString(16).padStart(4, '0')})`;
    c.put(`${hw} (len ${hln}), ${proto} (len ${pln})`);
    if (c.o.verbose === 0) {
      c.put(`, length ${len}`);
      return;
    }
    c.put(', ');
  }
  const hwAddr = (at: number): string => (hln === 0 ? '<empty>' : hln === 6 ? macText(c.b, at, c.o.n > 0) : colons(c.b, at, hln));
  const protoAddr = (at: number): string => {
    if (pro !== 0x0800 && pro !== 0x1000) return '<wrong proto type>';
    if (pln !== 4) return '<wrong len>';
    return `${c.b[at]}.${c.b[at + 1]}.${c.b[at + 2]}.${c.b[at + 3]}`;
  };
  const zero = (at: number): boolean => c.b.subarray(at, at + hln).every((x) => x === 0);
  switch (op) {
    case 1:
      c.put(`Request who-has ${protoAddr(tpa)}${zero(tha) ? '' : ` (${hwAddr(tha)})`} tell ${protoAddr(spa)}`);
      break;
    case 2:
      c.put(`Reply ${protoAddr(spa)} is-at ${hwAddr(sha)}`);
      break;
    case 3:
      c.put(`Reverse Request who-is ${hwAddr(tha)} tell ${hwAddr(sha)}`);
      break;
    case 4:
      c.put(`Reverse Reply ${hwAddr(tha)} at ${protoAddr(tpa)}`);
      break;
    case 8:
      c.put(`Inverse Request who-is ${hwAddr(tha)} tell ${hwAddr(sha)}`);
      break;
    case 9:
      c.put(`Inverse Reply ${hwAddr(sha)} at ${protoAddr(spa)}`);
      break;
    default: {
      c.put(`${OPS[op] ?? `Unknown (${op})`} `);
      const lines = hexLines(c.b, off, Math.min(c.end, off + len), true);
      if (lines.length > 0) c.put('\n' + lines.join('\n'));
      return;
    }
  }
  c.put(`, length ${len}`);
}

/** An address of unusual length: its bytes in hex, colon-separated. */
function colons(b: Uint8Array, at: number, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(b[at + i].toString(16).padStart(2, '0'));
  return parts.join(':');
}
