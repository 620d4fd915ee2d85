/**
 * The engine's recent events, oldest first: time, kind, where, and what (a frame as the dissector's one-line summary,
 * with a lock when WireGuard, ESP or TLS protects it on that hop). The rows of the event the timeline stands on are
 * marked "now". A page holds at most 50 rows, read from the worker's bounded log (Older / Newer / Newest).
 *
 * Keyboard: the list is one Tab stop; arrow keys, Home and End move through the rows; Enter or Space on a frame
 * shows it in the packet inspector (switching the inspector to that frame's capture point), as a click does.
 */
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { fmtTimeOfDay } from '../../sim/clock';
import type { TimelineRow } from '../../worker/timelineProtocol';
import { LockIcon } from './icons';

const KIND_BADGE: Record<TimelineRow['kind'], string> = {
  frame: 'frame', drop: 'drop', tcp: 'TCP', crypto: 'crypto', output: 'output', exit: 'exit', input: 'input',
};
const PROTECTED: Record<string, string> = { wireguard: 'WireGuard', esp: 'IPsec ESP', tls: 'TLS' };

export function EventList({ hintId }: { hintId: string }) {
  const store = useLabStore();
  const page = useLab((s) => s.timelinePage);
  const anchor = useLab((s) => s.timelineAnchor);
  const step = useLab((s) => s.eventsProcessed);
  const point = useLab((s) => s.point);
  const selected = useLab((s) => s.selected);
  const list = useRef<HTMLOListElement>(null);
  const [active, setActive] = useState<number | null>(null);
  const rows = page?.rows ?? [];
  const activeSeq = rows.some((r) => r.seq === active) ? active : ([...rows].reverse().find((r) => r.step === step) ?? rows.at(-1))?.seq;

  // Following the newest events: keep the newest row in view (without moving focus or scrolling the page), unless
  // the learner is moving through the rows with the keyboard.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el || anchor || el.contains(document.activeElement)) return;
    const here = el.querySelector<HTMLElement>('[data-here="true"]');
    el.scrollTop = here ? here.offsetTop - el.clientHeight + here.offsetHeight * 2 : el.scrollHeight;
  }, [page, anchor]);

  async function show(row: TimelineRow) {
    if (row.kind !== 'frame' || !row.point || !row.no) return;
    const s = store.getState();
    if (row.point !== s.point) await s.selectPoint(row.point);
    await store.getState().selectPacket(row.no);
  }

  function focusRow(seq: number) {
    setActive(seq);
    const li = list.current?.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
    li?.focus({ preventScroll: true });
    li?.scrollIntoView({ block: 'nearest' });
  }

  function onKeyDown(e: KeyboardEvent<HTMLOListElement>) {
    const at = rows.findIndex((r) => r.seq === activeSeq);
    const go = (i: number) => {
      e.preventDefault();
      const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (row) focusRow(row.seq);
    };
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(rows.length - 1);
    else if (e.key === 'PageDown') go(at + 10);
    else if (e.key === 'PageUp') go(at - 10);
    else if ((e.key === 'Enter' || e.key === ' ') && rows[at]) {
      e.preventDefault();
      void show(rows[at]);
    }
  }

  if (rows.length === 0) {
    return <p className="tl-empty">{page ? 'No events of the chosen kinds yet.' : 'Loading events…'}</p>;
  }
  return (
    <ol ref={list} className="tl-events" role="listbox" aria-label="Engine events, oldest first" aria-describedby={hintId} onKeyDown={onKeyDown}>
      {rows.map((r) => {
        const here = r.step === step;
        const inInspector = r.kind === 'frame' && r.point === point && r.no === selected;
        return (
          <li
            key={r.seq}
            role="option"
            aria-selected={inInspector}
            aria-current={here ? 'step' : undefined}
            tabIndex={r.seq === activeSeq ? 0 : -1}
            data-seq={r.seq}
            data-here={here}
            className={`tl-event${here ? ' tl-here' : ''}${inInspector ? ' tl-inspected' : ''}${r.kind === 'frame' ? ' tl-frame' : ''}`}
            onClick={() => {
              setActive(r.seq);
              void show(r);
            }}
          >
            <span className="tl-time mono">{fmtTimeOfDay(r.t).slice(0, 15)}</span>
            <span className={`tl-kind ev-kind-${r.kind}`}>{KIND_BADGE[r.kind]}</span>
            <span className="tl-place mono">{r.where}</span>
            <span className="tl-text mono">
              {r.protection && (
                <span className="tl-lock" title={`Encrypted: ${PROTECTED[r.protection]}`}>
                  <LockIcon />
                  <span className="sr-only">Encrypted with {PROTECTED[r.protection]}: </span>
                </span>
              )}
              {r.text}
            </span>
            {here && <span className="tl-now">now</span>}
          </li>
        );
      })}
    </ol>
  );
}
