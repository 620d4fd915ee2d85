/**
 * Records the frames seen at one capture point (both directions, as tcpdump -i sees them) and writes them as a
 * pcapng with that interface's link type. Decryption secrets (WireGuard, TLS key logs) are passed in by the
 * protocol that owns them and land before the packets.
 */
import type { Sim } from '../sim/sim';
import type { Direction } from '../sim/events';
import { writePcapng, type PcapngSecret } from './pcapng';

export interface CapturedFrame {
  t: number;
  dir: Direction;
  frame: Uint8Array;
}

export interface Recording {
  point: string;
  linkType: number;
  frames: CapturedFrame[];
  stop(): void;
}

export function record(sim: Sim, point: string): Recording {
  const iface = sim.st.ifaces[point];
  if (!iface) throw new Error(`no capture point ${point}`);
  const rec: Recording = { point, linkType: iface.linkType, frames: [], stop: () => undefined };
  rec.stop = sim.events.on('frame', (e) => {
    if (e.point === point) rec.frames.push({ t: e.t, dir: e.dir, frame: e.frame });
  });
  return rec;
}

export function toPcapng(rec: Pick<Recording, 'point' | 'linkType' | 'frames'>, secrets: PcapngSecret[] = []): Uint8Array {
  return writePcapng({
    interfaces: [{ linkType: rec.linkType, name: rec.point.slice(rec.point.lastIndexOf(':') + 1), description: `podlock ${rec.point}` }],
    secrets,
    packets: rec.frames.map((f) => ({ ifIndex: 0, tsUs: f.t, data: f.frame, direction: f.dir })),
  });
}
