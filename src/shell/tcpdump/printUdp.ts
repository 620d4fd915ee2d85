/**
 * UDP (RFC 768) as tcpdump 4.99.3 prints it: `src.port > dst.port: UDP, length N` (WireGuard has no printer, so
 * it looks like this too); with -vv the checksum verdict first (`[udp sum ok] `, `[bad udp cksum 0x1234 ->
 * 0x9824!] `, `[no cksum] `). VXLAN on 4789 and Linux's VXLAN port 8472 (which tcpdump 4.99.3 takes for OTV)
 * print their header, then the inner Ethernet frame on the next line.
 */
import { fold, pseudoHeaderSum, sum16 } from '../../net/checksum';
import { u32 } from '../../net/bytes';
import type { Ctx } from './printCtx';
import type { IpInfo } from './printIp';
import { printEthernet } from './printLink';
import { portText } from './printNames';

export function printUdp(c: Ctx, off: number, len: number, ip: IpInfo): void {
  c.proto = 'udp';
  if (!c.has(off, 4)) {
    c.put(`${ip.src} > ${ip.dst}: `);
    c.trunc();
  }
  const sport = c.u16(off);
  const dport = c.u16(off + 2);
  c.put(`${ip.src}.${portText('udp', sport, c.o.n)} > ${ip.dst}.${portText('udp', dport, c.o.n)}: `);
  if (len < 8) {
    c.put(`truncated-udp ${len}`);
    return;
  }
  c.need(off, 6);
  const ulen = c.u16(off + 4);
  if (ulen < 8) {
    c.put(`truncated-udplength ${ulen}`);
    return;
  }
  c.need(off, 8);
  if (c.o.verbose > 1) checksum(c, off, Math.min(ulen, len), ip);
  // the encapsulations are decoded even when the UDP length is wrong; they get what this packet carries
  const carried = Math.min(ulen, len) - 8;
  if (dport === 4789 || sport === 4789) vxlan(c, off + 8, carried);
  else if (dport === 8472 || sport === 8472) otv(c, off + 8, carried);
  else if (ulen > len && !ip.fragmented) c.put(`UDP, bad length ${ulen - 8} > ${len - 8}`);
  else c.put(`UDP, length ${ulen - 8}`);
}

/** -vv: the checksum over the pseudo-header and the datagram (`len` bytes), when all of it is captured. */
function checksum(c: Ctx, off: number, len: number, ip: IpInfo): void {
  if (ip.fragmented) return;
  const field = c.u16(off + 6);
  if (field === 0) {
    c.put('[no cksum] ');
    return;
  }
  if (!c.has(off, len)) return;
  const pseudo = pseudoHeaderSum(u32(c.b, ip.off + 12), ip.sumDst, 17, len);
  const sum = sum16(c.b, off, off + len, pseudo);
  if (fold(sum) === 0xffff) {
    c.put('[udp sum ok] ');
    return;
  }
  let want = ~fold(sum - field) & 0xffff;
  if (want === 0) want = 0xffff;
  c.put(`[bad udp cksum 0x${field.toString(16).padStart(4, '0')} -> 0x${want.toString(16).padStart(4, '0')}!] `);
}

/** VXLAN (RFC 7348): flags and VNI, then the inner frame. */
function vxlan(c: Ctx, off: number, len: number): void {
  c.proto = 'vxlan';
  c.put('VXLAN');
  if (len < 8) {
    c.put(' (invalid)');
    return;
  }
  const flags = c.u8(off);
  c.put(`, flags [${flags & 0x08 ? 'I' : 'invalid'}] (0x${flags.toString(16).padStart(2, '0')}), `);
  c.put(`vni ${(c.u16(off + 4) << 8) | c.u8(off + 6)}\n`);
  c.u8(off + 7);
  printEthernet(c, off + 8, len - 8);
}

/** Port 8472 as tcpdump 4.99.3 reads it: Overlay Transport Virtualization, the same eight bytes named differently. */
function otv(c: Ctx, off: number, len: number): void {
  c.proto = 'otv';
  c.put('OTV, ');
  if (len < 8) {
    c.put(`[length ${len} < 8] (invalid)`);
    if (!c.has(off, len)) c.trunc('otv', true);
    return;
  }
  const flags = c.u8(off);
  c.put(`flags [${flags & 0x08 ? 'I' : '.'}] (0x${flags.toString(16).padStart(2, '0')}), `);
  c.put(`overlay ${c.u32(off) & 0xffffff}, `);
  c.put(`instance ${(c.u16(off + 4) << 8) | c.u8(off + 6)}\n`);
  c.u8(off + 7);
  printEthernet(c, off + 8, len - 8);
}
