/**
 * The timeline card: the transport (reset, step back, play / pause, step forward, speed), the narration, and the
 * engine's recent events with filters and pages. Step back restores the exact earlier state (the worker keeps
 * snapshots and replays deterministically, src/worker/timeline.ts); terminals keep their scrollback.
 */
import { useId } from 'react';
import { TimelineControls } from './TimelineControls';
import { Narrator } from './Narrator';
import { EventFilters } from './EventFilters';
import { EventList } from './EventList';
import { EventPager } from './EventPager';
import './timeline.css';

export function TimelineCard() {
  const id = useId();
  return (
    <section className="card card-timeline" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>Timeline</h2>
        <Narrator />
      </div>
      <TimelineControls />
      <div className="tl-list-head">
        <EventFilters />
        <EventPager />
      </div>
      <EventList hintId={`${id}-hint`} />
      <p id={`${id}-hint`} className="hint">
        Arrow keys move through the events; <kbd>Enter</kbd> on a frame shows it in the packet inspector. Stepping back
        restores the lab exactly as it was; terminals keep what they printed.
      </p>
    </section>
  );
}
