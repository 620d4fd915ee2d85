/** Which kinds of engine events the list shows: one checkbox per kind, all on at first. */
import { useLab, useLabStore } from '../LabContext';
import { TIMELINE_KINDS, type TimelineKind } from '../../worker/timelineProtocol';

export const KIND_LABELS: Record<TimelineKind, string> = {
  frame: 'Frames', drop: 'Drops', tcp: 'TCP states', crypto: 'Crypto', output: 'Program output', exit: 'Exits', input: 'Inputs',
};

export function EventFilters() {
  const store = useLabStore();
  const kinds = useLab((s) => s.timelineKinds);
  const toggle = (k: TimelineKind, on: boolean) =>
    void store.getState().setTimelineKinds(on ? [...kinds, k] : kinds.filter((x) => x !== k));

  return (
    <fieldset className="tl-filters">
      <legend>Show events</legend>
      {TIMELINE_KINDS.map((k) => (
        <label key={k} className="tl-filter">
          <input type="checkbox" checked={kinds.includes(k)} onChange={(e) => toggle(k, e.target.checked)} />
          <span className={`tl-swatch ev-kind-${k}`} aria-hidden="true" />
          {KIND_LABELS[k]}
        </label>
      ))}
    </fieldset>
  );
}
