/**
 * Going back in time exactly: an engine restored from a snapshot is brought forward to an earlier position of the
 * run by stepping deterministically and applying the logged inputs at the step they arrived at, which is how
 * `Engine.replay` rebuilds a whole run from its input log (src/sim/engine.ts), here continued from a snapshot
 * rather than from the lab's start.
 *
 * The state at position `k` is the state right after the engine's k-th event plus every input logged at steps up to
 * `k`: what `Engine.replay(scenario, seed, inputs up to k)` stepped on to `k` gives (the unit test checks that).
 */
import type { Engine } from '../sim/engine';
import type { InputRecord } from '../sim/inputs';

/** Which inputs of a log the state at `target` includes: those logged before it, and at it unless `clean`. */
export function inputsUpTo(log: readonly InputRecord[], target: number, clean = false): InputRecord[] {
  return log.filter((r) => r.step < target || (!clean && r.step === target));
}

/**
 * Steps `engine` (restored from a snapshot at or before `target`) on to `target`, applying `inputs` (the logged
 * inputs after the snapshot's own log, up to `target`) at their recorded steps, as Engine.replay does. `onStep` runs
 * after every event (the timeline takes its periodic snapshots there). Returns false if the queue ran dry first.
 */
export function advanceTo(engine: Engine, target: number, inputs: readonly InputRecord[], onStep: () => void = () => {}): boolean {
  const step = () => {
    if (!engine.step()) return false;
    onStep();
    return true;
  };
  for (const rec of inputs) {
    if (rec.step > target) break;
    while (engine.st.eventsProcessed < rec.step && step());
    engine.st.now = Math.max(engine.st.now, rec.at);
    const err = engine.input(rec.input);
    if (err) throw new Error(`rewind: a logged input was refused on replay: ${err}`);
  }
  while (engine.st.eventsProcessed < target && step());
  return engine.st.eventsProcessed === target;
}
