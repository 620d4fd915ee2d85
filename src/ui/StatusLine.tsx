/**
 * What the lab is doing, announced politely to screen readers, and the last failure in an alert. A failure never
 * blanks the page: the alert says which lab is still shown.
 */
import { useLab } from './LabContext';

/** Engine messages are lower-case clauses; shown on their own they read as a sentence. */
const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.');

export function StatusLine() {
  const status = useLab((s) => s.status);
  const scenario = useLab((s) => s.scenario);
  const seed = useLab((s) => s.seed);
  const info = useLab((s) => s.info);
  const events = useLab((s) => s.eventsProcessed);
  const frames = useLab((s) => s.packets.length);
  const point = useLab((s) => s.point);
  const error = useLab((s) => s.error);

  let text: string;
  if (status === 'loading') text = `Loading ${scenario}, seed ${seed}…`;
  else if (status === 'error' || !info) text = 'No lab loaded.';
  else text = `Loaded ${info.scenario}, seed ${info.seed}: ${events.toLocaleString('en')} events, ${frames} frames at ${point}`;

  return (
    <div className="status-area">
      <p className={`status status-${status}`} role="status" aria-live="polite">
        <span className="status-dot" aria-hidden="true" />
        {text}
      </p>
      <div role="alert" className="alert-slot">
        {error && (
          <div className="alert">
            <svg className="icon alert-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M8 1.8 15 14H1z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
              <path d="M8 6v3.6M8 11.4v.1" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            </svg>
            <p>
              <strong>Error:</strong> {sentence(error)}
              {status === 'ready' && info && <> Still showing {info.scenario}, seed {info.seed}.</>}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
