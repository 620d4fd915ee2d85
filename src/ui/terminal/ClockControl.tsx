/**
 * The virtual clock: what time it is in the lab (UTC, as tcpdump prints it) and a button to pause or resume it.
 * Paused, commands still run, but nothing on the network moves until the clock resumes.
 */
import { useLab, useLabStore } from '../LabContext';
import { fmtTimeOfDay } from '../../sim/clock';

export function ClockControl() {
  const store = useLabStore();
  const now = useLab((s) => s.now);
  const mode = useLab((s) => s.clockMode);
  const ready = useLab((s) => s.status === 'ready');
  const paused = mode === 'paused';

  return (
    <div className="clock">
      <span className="clock-label">Virtual time</span>
      <span className="clock-time mono">{ready && now ? `${fmtTimeOfDay(now).slice(0, 12)} UTC` : '—'}</span>
      <button
        type="button"
        className="button button-small"
        onClick={() => void store.getState().setClock(paused ? 'live' : 'paused').catch(() => {})}
      >
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          {paused
            ? <path d="M5 3.2v9.6L12.5 8z" fill="currentColor" />
            : <path d="M5 3.5v9M11 3.5v9" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />}
        </svg>
        {paused ? 'Resume clock' : 'Pause clock'}
      </button>
    </div>
  );
}
