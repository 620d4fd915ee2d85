/**
 * The virtual clock's controls. `ClockControl` is the timeline's Play / Pause button: live, virtual time follows the
 * wall clock (× the timeline's speed) while something is pending; paused, commands still run, but nothing on the
 * network moves until Play (or a step of the timeline). `ClockStatus` is the terminal card's read-only reminder of
 * what time it is in the lab and whether the clock waits for Play.
 */
import { useLab, useLabStore } from '../LabContext';
import { fmtTimeOfDay } from '../../sim/clock';

export function ClockControl({ describedBy }: { describedBy?: string }) {
  const store = useLabStore();
  const paused = useLab((s) => s.clockMode === 'paused');

  return (
    <button
      type="button"
      className={`button ${paused ? 'button-primary' : ''} clock-button`}
      aria-describedby={describedBy}
      onClick={() => void store.getState().setClock(paused ? 'live' : 'paused').catch(() => {})}
    >
      <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        {paused
          ? <path d="M5 3.2v9.6L12.5 8z" fill="currentColor" />
          : <path d="M5 3.5v9M11 3.5v9" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />}
      </svg>
      {paused ? 'Play' : 'Pause'}
    </button>
  );
}

export function ClockStatus() {
  const now = useLab((s) => s.now);
  const paused = useLab((s) => s.clockMode === 'paused');
  const ready = useLab((s) => s.status === 'ready');
  return (
    <p className="clock">
      <span className="clock-label">Virtual time</span>
      <span className="clock-time mono">{ready && now ? `${fmtTimeOfDay(now).slice(0, 12)} UTC` : '—'}</span>
      {paused && <span className="clock-paused">paused: commands wait for Play in the timeline</span>}
    </p>
  );
}
