/**
 * The packet list of one capture point, Wireshark-style: number, tcpdump-style UTC time from the virtual clock,
 * addresses, protocol, length and the dissector's one-line summary, narrowed by the display filter above it.
 * Malformed frames are marked. Keyboard: the list scrolls as a whole (PageUp/PageDown on the region); arrow keys
 * move the selection from row to row (Home/End, PageUp/PageDown there too), Enter or Space selects the focused
 * row; the selected row is the list's single Tab stop, marked by a bar and an outline as well as its colour.
 */
import { memo, useLayoutEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { fmtTimeOfDay } from '../../sim/clock';
import type { PacketRow } from '../../worker/protocol';
import { FilterBar } from './FilterBar';

const KNOWN = new Set(['arp', 'tcp', 'udp', 'http', 'icmp', 'vxlan', 'dns', 'esp', 'wireguard', 'tls']);
const protoClass = (p: string) => `proto proto-${KNOWN.has(p.toLowerCase()) ? p.toLowerCase() : 'other'}`;
const PAGE = 10;

const Row = memo(function Row({ r, selected, tabbable }: { r: PacketRow; selected: boolean; tabbable: boolean }) {
  const cls = [r.malformed && 'malformed', selected && 'selected'].filter(Boolean).join(' ');
  return (
    <tr className={cls || undefined} data-no={r.no} aria-selected={selected} tabIndex={tabbable ? 0 : -1}>
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

export function PacketList() {
  const store = useLabStore();
  const packets = useLab((s) => s.packets);
  const shownNos = useLab((s) => s.shown);
  const filter = useLab((s) => s.filter);
  const selected = useLab((s) => s.selected);
  const point = useLab((s) => s.point);
  const status = useLab((s) => s.status);
  const info = useLab((s) => s.info);
  const region = useRef<HTMLDivElement>(null);
  const bar = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => {
    if (!shownNos) return packets;
    const keep = new Set(shownNos);
    return packets.filter((p) => keep.has(p.no));
  }, [packets, shownNos]);
  const malformed = rows.filter((p) => p.malformed).length;
  const tabStop = rows.some((r) => r.no === selected) ? selected : rows[0]?.no;

  // The column headers stick below the filter bar, whose height changes with its error line.
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => region.current?.style.setProperty('--filter-bar-h', `${el.offsetHeight}px`));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  function select(no: number, focus: boolean) {
    void store.getState().selectPacket(no);
    if (!focus) return;
    const tr = region.current?.querySelector<HTMLTableRowElement>(`tbody tr[data-no="${no}"]`);
    tr?.focus({ preventScroll: true });
    tr?.scrollIntoView({ block: 'nearest' });
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const target = e.target as HTMLElement;
    if (target.closest('form') || rows.length === 0) return;
    const onRow = target.tagName === 'TR';
    const at = rows.findIndex((r) => r.no === (onRow ? Number(target.dataset.no) : selected));
    const move = (to: number) => {
      e.preventDefault();
      select(rows[Math.max(0, Math.min(rows.length - 1, to))].no, true);
    };
    if (e.key === 'ArrowDown') move(at < 0 ? 0 : at + 1);
    else if (e.key === 'ArrowUp') move(at < 0 ? 0 : at - 1);
    else if (onRow && e.key === 'Home') move(0);
    else if (onRow && e.key === 'End') move(rows.length - 1);
    else if (onRow && e.key === 'PageDown') move(at + PAGE);
    else if (onRow && e.key === 'PageUp') move(at - PAGE);
    else if (onRow && (e.key === 'Enter' || e.key === ' ')) move(at);
  }

  const caption = info
    ? `Frames captured at ${point} in ${info.scenario}, seed ${info.seed}: ${filter ? `${rows.length} of ${packets.length} shown (filter ${filter})` : packets.length}`
    : 'Frames';
  return (
    <div
      ref={region}
      className="table-scroll packet-list"
      tabIndex={0}
      role="region"
      aria-label={`Packets captured at ${point}`}
      aria-busy={status === 'loading' ? true : undefined}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        const tr = (e.target as HTMLElement).closest<HTMLTableRowElement>('tbody tr[data-no]');
        if (tr) select(Number(tr.dataset.no), false);
      }}
    >
      <div ref={bar} className="filter-sticky">
        <FilterBar />
      </div>
      <table className="packets">
        <caption className="sr-only">
          {caption}
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
          {rows.map((r) => <Row key={r.no} r={r} selected={r.no === selected} tabbable={r.no === tabStop} />)}
          {rows.length === 0 && (
            <tr className="empty">
              <td colSpan={7}>
                {status === 'loading' ? 'Running the scenario…' : packets.length ? 'No frame matches the filter.' : 'No frames at this capture point.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
