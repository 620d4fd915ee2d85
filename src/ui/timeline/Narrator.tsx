/**
 * The live region that narrates packet events (aria-live polite): on by default, at most one announcement every
 * 2 seconds, each saying the most important thing since the last one (../../store/timelineNarrator.ts). The same
 * sentence is shown on screen, so sighted learners and a classroom see what a screen reader hears. A checkbox turns
 * it off (and empties the region).
 */
import { useEffect, useRef, useState } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { idleNarrator, next, offer, waitMs, type NarratorState } from '../../store/timelineNarrator';

export function Narrator() {
  const store = useLabStore();
  const on = useLab((s) => s.narrate);
  const narration = useLab((s) => s.narration);
  const [said, setSaid] = useState('');
  const state = useRef<NarratorState>(idleNarrator());
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    const speak = () => {
      timer.current = undefined;
      const r = next(state.current, Date.now());
      state.current = r.state;
      if (r.say) setSaid(r.say);
      schedule();
    };
    const schedule = () => {
      const wait = waitMs(state.current, Date.now());
      if (wait !== undefined && timer.current === undefined) timer.current = setTimeout(speak, wait);
    };
    state.current = offer(state.current, narration);
    schedule();
  }, [narration]);

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <div className="tl-narrator">
      <label className="tl-narrate">
        <input type="checkbox" checked={on} onChange={(e) => {
          store.getState().setNarrate(e.target.checked);
          if (!e.target.checked) {
            state.current = idleNarrator();
            setSaid('');
          }
        }} />
        Narrate events
      </label>
      <p className="tl-said" aria-live="polite" aria-atomic="true">{on ? said : ''}</p>
    </div>
  );
}
