/**
 * The `frame` item Wireshark puts first in every details tree (its PDML `frame` proto: pos 0, size = frame length,
 * every child generated with no bytes of its own): frame number, arrival time, lengths, interface, direction and
 * the protocols in the frame. Display filters see it too (`frame.number <= 10`, `frame.len > 1000`).
 */
import { field, generated } from '../../net/dissect/context';
import type { Field } from '../../net/dissect/tree';
import { toCivil } from '../../sim/clock';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `Mar  2, 2026 09:00:00.200206000 UTC`, as Wireshark writes an arrival time. */
export function fmtArrival(us: number): string {
  const c = toCivil(us);
  return `${MONTHS[c.month - 1]} ${String(c.day).padStart(2, ' ')}, ${c.year} ${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}.${String(c.micro).padStart(6, '0')}000 UTC`;
}

/** Seconds with nine decimals from microseconds: `0.000198000`. */
const seconds = (us: number) => `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}000`;

export interface FrameFacts {
  no: number;
  t: number;
  /** Time of the capture's first frame (for `frame.time_relative`). */
  t0: number;
  dir: 'in' | 'out';
  length: number;
  /** Capture point, `node-1:eth0`. */
  point: string;
  /** Top-level layers of the dissection (for `frame.protocols`). */
  layers: Field[];
}

export function frameItem(f: FrameFacts): Field {
  const iface = f.point.slice(f.point.lastIndexOf(':') + 1);
  const bits = f.length * 8;
  const protocols = f.layers.filter((l) => l.name && !l.name.startsWith('_ws'))
    .flatMap((l, i, all) => (l.name === 'eth' && i < all.length - 1 ? ['eth', 'ethertype'] : [l.name])).join(':');
  return field('frame', `Frame ${f.no}: ${f.length} bytes on wire (${bits} bits), ${f.length} bytes captured (${bits} bits) on interface ${iface}, id 0`,
    0, f.length, undefined, [
      { ...generated('frame.interface_id', `Interface id: 0 (${iface})`, 0, 0), children: [
        generated('frame.interface_name', `Interface name: ${iface}`, 0, iface),
        generated('frame.interface_description', `Interface description: podlock ${f.point}`, 0, `podlock ${f.point}`),
      ] },
      generated('frame.packet_flags_direction', `Direction: ${f.dir === 'in' ? 'Inbound' : 'Outbound'}`, 0, f.dir === 'in' ? 1 : 2),
      generated('frame.time', `Arrival Time: ${fmtArrival(f.t)}`, 0, fmtArrival(f.t)),
      generated('frame.time_epoch', `Epoch Arrival Time: ${seconds(f.t)}`, 0, f.t / 1e6),
      generated('frame.time_relative', `Time since reference or first frame: ${seconds(f.t - f.t0)} seconds`, 0, (f.t - f.t0) / 1e6),
      generated('frame.number', `Frame Number: ${f.no}`, 0, f.no),
      generated('frame.len', `Frame Length: ${f.length} bytes (${bits} bits)`, 0, f.length),
      generated('frame.cap_len', `Capture Length: ${f.length} bytes (${bits} bits)`, 0, f.length),
      generated('frame.protocols', `[Protocols in frame: ${protocols}]`, 0, protocols),
    ]);
}
