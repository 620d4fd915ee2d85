/**
 * TCP (RFC 9293) as tcpdump(8) "TCP Packets" describes and 4.99.3 prints it:
 *   `src.port > dst.port: Flags [P.], cksum 0x1abb (correct), seq 1:81, ack 1, win 507, urg 3,
 *    options [nop,nop,TS val 1 ecr 2], length 80: HTTP: GET / HTTP/1.1`
 * (cksum with -v only; seq when the segment carries data or SYN/FIN/RST, always with -vv; relative numbers per
 * tcpSeq.ts unless -S). Payload printers: HTTP on ports 80 and 8080; with -v a reset's text as `[RST ...]`.
 */
import { fold, pseudoHeaderSum, sum16 } from '../../net/checksum';
import { u32 } from '../../net/bytes';
import type { Ctx } from './printCtx';
import { printHttp } from './printHttp';
import type { IpInfo } from './printIp';
import { portText } from './printNames';
import { printTcpOptions } from './tcpOptions';
import { minus } from './tcpSeq';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;
const URG = 0x20;
const FLAG_CHARS = 'FSRP.UEW';

function flagText(flags: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) if (flags & (1 << i)) s += FLAG_CHARS[i];
  return s || 'none';
}

export function printTcp(c: Ctx, off: number, len: number, ip: IpInfo): void {
  c.proto = 'tcp';
  if (!c.has(off, 4)) {
    c.put(`${ip.src} > ${ip.dst}: [|tcp]`);
    return;
  }
  const sport = c.u16(off);
  const dport = c.u16(off + 2);
  const src = `${ip.src}.${portText('tcp', sport, c.o.n)}`;
  const dst = `${ip.dst}.${portText('tcp', dport, c.o.n)}`;
  c.put(`${src} > ${dst}: `);
  c.need(off, 20);
  const hl = (c.b[off + 12] >> 4) * 4;
  if (hl < 20) {
    c.put(` tcp ${len - hl} [bad hdr length ${hl} - too short, < 20]`);
    return;
  }
  const flags = c.b[off + 13];
  c.put(`Flags [${flagText(flags)}]`);
  let seq = c.u32(off + 4);
  let ack = c.u32(off + 8);
  let sackBase = 0;
  if (!c.o.S && flags & ACK) {
    const base = c.seqs.lookup(`${ip.src}.${sport}`, `${ip.dst}.${dport}`, seq, ack, (flags & SYN) !== 0);
    sackBase = base.ack;
    if (!base.fresh) {
      seq = minus(seq, base.seq);
      ack = minus(ack, base.ack);
    }
  }
  if (hl > len) {
    c.put(` [bad hdr length ${hl} - too long, > ${len}]`);
    return;
  }
  const data = len - hl;
  if (c.o.verbose > 0 && !ip.fragmented && c.has(off, len)) {
    const field = c.u16(off + 16);
    const sum = sum16(c.b, off, off + len, pseudoHeaderSum(u32(c.b, ip.off + 12), ip.sumDst, 6, len));
    const verdict = fold(sum) === 0xffff ? 'correct' : `incorrect -> 0x${(~fold(sum - field) & 0xffff).toString(16).padStart(4, '0')}`;
    c.put(`, cksum 0x${field.toString(16).padStart(4, '0')} (${verdict})`);
  }
  if (data > 0 || flags & (SYN | FIN | RST) || c.o.verbose > 1) c.put(`, seq ${seq}${data > 0 ? `:${(seq + data) >>> 0}` : ''}`);
  if (flags & ACK) c.put(`, ack ${ack}`);
  c.put(`, win ${c.u16(off + 14)}`);
  if (flags & URG) c.put(`, urg ${c.u16(off + 18)}`);
  if (hl > 20) {
    c.put(', options [');
    if (!printTcpOptions(c, off + 20, off + hl, sackBase, c.has(off, len))) return;
  }
  c.put(`, length ${data}`);
  if (data <= 0) return;
  if (!c.has(off, hl)) {
    // (options ended early by `eol`, the rest of the header not captured)
    c.put(` [remaining caplen(${c.end - off}) < header length(${hl})]`);
    c.trunc('tcp', true);
  }
  if (flags & RST && c.o.verbose > 0) {
    resetText(c, off + hl, data);
    return;
  }
  if (sport === 80 || dport === 80 || sport === 8080 || dport === 8080) printHttp(c, off + hl, data);
}

/**
 * -v on a reset with data: the text a stack may put there (RFC 9293 §3.5.3), its first 30 bytes as `cat -v`
 * shows them; `+` when there is more, `!` when the capture has less.
 */
function resetText(c: Ctx, off: number, n: number): void {
  const captured = Math.max(0, Math.min(c.end - off, n));
  let s = '';
  for (let i = 0; i < Math.min(captured, 30); i++) s += catV(c.b[off + i]);
  c.put(` [${captured < n ? '!' : ''}RST${n > 30 ? '+' : ''} ${s}]`);
}

function catV(b: number): string {
  let s = '';
  if (b >= 0x80) {
    s = 'M-';
    b &= 0x7f;
  }
  if (b < 0x20) return `${s}^${String.fromCharCode(b + 0x40)}`;
  if (b === 0x7f) return `${s}^?`;
  return s + String.fromCharCode(b);
}
