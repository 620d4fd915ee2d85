/**
 * The timeline's transport: Reset (back to the lab's start), Step back, Play / Pause (the virtual clock's
 * ClockControl), Step forward, the speed, and where the lab stands (event number and virtual time). Stepping pauses
 * the clock. Buttons that cannot act right now (Step back at the start, Step forward at the end) stay focusable and
 * say why through aria-disabled and their description, so the Tab order never shifts under the learner.
 */
import { useId } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { ClockControl } from '../terminal/ClockControl';
import { fmtTimeOfDay } from '../../sim/clock';
import { SPEEDS } from '../../store/timeline';
import type { TimelineOp } from '../../worker/timelineProtocol';
import { ResetIcon, StepBackIcon, StepForwardIcon } from './icons';

const speedLabel = (s: number) => `${s}×`;

export function TimelineControls() {
  const store = useLabStore();
  const ready = useLab((s) => s.status === 'ready');
  const step = useLab((s) => s.eventsProcessed);
  const now = useLab((s) => s.now);
  const atEnd = useLab((s) => s.timelinePage?.atEnd ?? false);
  const speed = useLab((s) => s.speed);
  const paused = useLab((s) => s.clockMode === 'paused');
  const id = useId();
  const atStart = step === 0;

  const move = (op: TimelineOp, blocked: boolean) => {
    if (ready && !blocked) void store.getState().timelineMove(op);
  };
  const where = !ready ? 'Loading…' : atStart ? "At the lab's start" : atEnd ? 'At the end: nothing left to run' : paused ? 'Paused' : 'Playing';

  return (
    <div className="tl-controls" role="group" aria-label="Timeline controls">
      <div className="tl-buttons">
        <button type="button" className="button" aria-disabled={!ready || atStart || undefined} aria-describedby={`${id}-reset`} onClick={() => move('reset', atStart)}>
          <ResetIcon />
          Reset
        </button>
        <button type="button" className="button" aria-disabled={!ready || atStart || undefined} aria-describedby={`${id}-back`} onClick={() => move('back', atStart)}>
          <StepBackIcon />
          Step back
        </button>
        <ClockControl describedBy={`${id}-play`} />
        <button type="button" className="button" aria-disabled={!ready || atEnd || undefined} aria-describedby={`${id}-fwd`} onClick={() => move('forward', atEnd)}>
          Step forward
          <StepForwardIcon />
        </button>
        <span className="sr-only" id={`${id}-reset`}>Back to the lab&rsquo;s start, before any event; undoes what was typed since.</span>
        <span className="sr-only" id={`${id}-back`}>{atStart ? 'Already at the start.' : 'Restores the exact state before the current event.'}</span>
        <span className="sr-only" id={`${id}-play`}>Virtual time follows the wall clock at the chosen speed while anything is pending.</span>
        <span className="sr-only" id={`${id}-fwd`}>{atEnd ? 'Nothing is left to run.' : 'Runs the lab to its next event.'}</span>
        <label className="tl-speed">
          <span>Speed</span>
          <select value={speed} onChange={(e) => void store.getState().setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => <option key={s} value={s}>{speedLabel(s)}</option>)}
          </select>
        </label>
      </div>
      <p className="tl-where">
        <span className="tl-where-state">{where}</span>
        <span className="tl-where-pos mono">
          event {step.toLocaleString('en')} · {ready && now ? `${fmtTimeOfDay(now).slice(0, 15)} UTC` : '—'}
        </span>
      </p>
    </div>
  );
}
