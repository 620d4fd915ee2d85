/**
 * The packet list of one capture point, Wireshark-style: number, tcpdump-style UTC time from the virtual clock,
 * addresses, protocol, length and the dissector's one-line summary. Malformed frames are marked.
 */
import { memo } from 'react';
import { useLab } from './LabContext';
import { fmtTimeOfDay } from '../sim/clock';
import type { PacketRow } from '../worker/protocol';

const KNOWN = new Set(['arp', 'tcp', 'udp', 'http', 'icmp', 'vxlan', 'dns', 'esp', 'wireguard', 'tls']);
const protoClass = (p: string) => `proto proto-${KNOWN.has(p.toLowerCase()) ? p.toLowerCase() : 'other'}`;

const Row = memo(function Row({ r }: { r: PacketRow }) {
  return (
    <tr className={r.malformed ? 'malformed' : undefined}>
      <td className="num">
        {r.malformed && (
          <span className="malformed-mark" title="Malformed packet">
            <span aria-hidden="true">!</span>
            <span className="sr-only">Malformed: </span>
          </span>
        )}
        {r.no}
      </td>
      <td className="time">{fmtTimeOfDay(r.t)}</td>
      <td className="addr">{r.src}</td>
      <td className="addr">{r.dst}</td>
      <td><span className={protoClass(r.protocol)}>{r.protocol}</span></td>
      <td className="num">{r.length}</td>
      <td className="info">{r.info}</td>
    </tr>
  );
});

export function PacketTable() {
  const packets = useLab((s) => s.packets);
  const point = useLab((s) => s.point);
  const status = useLab((s) => s.status);
  const info = useLab((s) => s.info);
  const malformed = packets.filter((p) => p.malformed).length;

  return (
    <div
      className="table-scroll"
      tabIndex={0}
      role="region"
      aria-label={`Packets captured at ${point}`}
      aria-busy={status === 'loading' ? true : undefined}
    >
      <table className="packets">
        <caption className="sr-only">
          {info ? `Frames captured at ${point} in ${info.scenario}, seed ${info.seed}: ${packets.length}` : 'Frames'}
          {malformed > 0 && `, ${malformed} malformed`}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">No.</th>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Source</th>
            <th scope="col">Destination</th>
            <th scope="col">Protocol</th>
            <th scope="col" className="num">Length</th>
            <th scope="col">Info</th>
          </tr>
        </thead>
        <tbody>
          {packets.map((r) => <Row key={r.no} r={r} />)}
          {packets.length === 0 && (
            <tr className="empty">
              <td colSpan={7}>{status === 'loading' ? 'Running the scenario…' : 'No frames at this capture point.'}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
