/**
 * A TCP connection's two byte streams, rebuilt from one capture point's frames (all of them recorded so far, so a
 * record that starts in a frame and ends in a later one can be opened), as a
 * dissector needs them to follow records that span segments: payload placed by sequence number relative to each
 * side's SYN (or its first segment seen), retransmitted bytes ignored, a hole ending the stream. Which side is the
 * client comes from the SYN; without one, from the lower port being the server's.
 */
import type { Recording } from '../../capture/recorder';
import { parseEthernet } from '../../net/packet/ethernet';
import { parseIpv4, PROTO_TCP } from '../../net/packet/ipv4';
import { parseTcp, seqDiff, SYN, ACK } from '../../net/packet/tcp';
import { LinkType } from '../../net/dissect/tree';
import { concat } from '../../net/bytes';

export interface Flow {
  /** Direction of the target frame's segment. */
  dir: 'c2s' | 's2c';
  c2s: Uint8Array;
  s2c: Uint8Array;
  /** Where the target segment's payload sits in its direction's stream. */
  from: number;
  to: number;
}

interface Seg { src: string; dst: string; seq: number; syn: boolean; ack: boolean; payload: Uint8Array }

function segment(frame: Uint8Array, linkType: number): Seg | undefined {
  const l3 = linkType === LinkType.ETHERNET ? parseEthernet(frame)?.payload : linkType === LinkType.RAW ? frame : undefined;
  const ip = l3 ? parseIpv4(l3) : null;
  const tcp = ip && ip.proto === PROTO_TCP ? parseTcp(ip.src, ip.dst, ip.payload) : null;
  if (!ip || !tcp) return undefined;
  return { src: `${ip.src}:${tcp.sport}`, dst: `${ip.dst}:${tcp.dport}`, seq: tcp.seq, syn: (tcp.flags & SYN) !== 0, ack: (tcp.flags & ACK) !== 0, payload: tcp.payload };
}

export function segmentsOf(rec: Recording, no: number): Flow | undefined {
  const target = rec.frames[no - 1] && segment(rec.frames[no - 1].frame, rec.linkType);
  if (!target) return undefined;
  const ends = new Set([target.src, target.dst]);
  const segs = rec.frames.map((f, i) => ({ i, s: segment(f.frame, rec.linkType) }))
    .filter((x): x is { i: number; s: Seg } => !!x.s && ends.has(x.s.src) && ends.has(x.s.dst));
  const syn = segs.find((x) => x.s.syn && !x.s.ack)?.s;
  const client = syn ? syn.src : [target.src, target.dst].sort((a, b) => Number(b.split(':')[1]) - Number(a.split(':')[1]))[0];
  const streams: Record<string, { isn?: number; data: Uint8Array }> = { c2s: { data: new Uint8Array(0) }, s2c: { data: new Uint8Array(0) } };
  let from = 0, to = 0;
  segs.forEach(({ i, s }) => {
    const st = streams[s.src === client ? 'c2s' : 's2c'];
    if (s.syn) st.isn = s.seq + 1;
    st.isn ??= s.seq;
    const off = seqDiff(s.seq, st.isn);
    // Only bytes that extend the stream contiguously: retransmissions overlap it, a gap ends what can be followed.
    if (off <= st.data.length && off + s.payload.length > st.data.length) st.data = concat(st.data, s.payload.subarray(st.data.length - off));
    if (i === no - 1) [from, to] = [off, off + s.payload.length];
  });
  return { dir: target.src === client ? 'c2s' : 's2c', c2s: streams.c2s.data, s2c: streams.s2c.data, from, to };
}
