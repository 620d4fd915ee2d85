/**
 * The lab's controls: which scenario and seed to run, which capture point to watch, and saving that point's capture
 * as pcapng. Every choice goes through the store; a failed choice leaves the last good lab on screen.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useLab, useLabStore } from './LabContext';
import { SCENARIO_IDS, SCENARIOS, type ScenarioId } from '../sim/scenarios';
import { seedError } from './params';
import { pointGroups } from './pointGroups';
import { captureFileName, saveBytes } from './download';


export function ScenarioControls() {
  const store = useLabStore();
  const scenario = useLab((s) => s.scenario);
  const seed = useLab((s) => s.seed);
  const point = useLab((s) => s.point);
  const info = useLab((s) => s.info);
  const ready = useLab((s) => s.status === 'ready');

  // The seed box holds what the learner types; it follows the store whenever the lab's seed changes.
  const [draft, setDraft] = useState(seed);
  const [shownSeed, setShownSeed] = useState(seed);
  const [seedProblem, setSeedProblem] = useState<string | null>(null);
  if (seed !== shownSeed) {
    setShownSeed(seed);
    setDraft(seed);
    setSeedProblem(null);
  }
  const seedInput = useRef<HTMLInputElement>(null);
  const id = useId(); // several labs may share a page

  function applySeed(e: FormEvent) {
    e.preventDefault();
    const problem = seedError(draft);
    setSeedProblem(problem);
    if (problem) {
      seedInput.current?.focus();
      return;
    }
    void store.getState().load(scenario, draft);
  }

  async function download() {
    const s = store.getState();
    if (s.status !== 'ready' || !s.info) return;
    const name = captureFileName(s.info.scenario, s.info.seed, s.point);
    try {
      saveBytes(await s.exportCapture(), name);
    } catch (err) {
      store.setState({ error: `could not export the capture: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  const known = (SCENARIO_IDS as readonly string[]).includes(scenario);
  const title = known ? SCENARIOS[scenario as ScenarioId].title : undefined;

  return (
    <form className="controls" onSubmit={applySeed} noValidate aria-label="Lab settings">
      <div className="field field-scenario">
        <label htmlFor={`${id}-scenario`}>Scenario</label>
        <select
          id={`${id}-scenario`}
          value={known ? scenario : ''}
          aria-describedby={`${id}-scenario-hint`}
          onChange={(e) => void store.getState().load(e.target.value, seed)}
        >
          {!known && <option value="" disabled>Choose a scenario</option>}
          {SCENARIO_IDS.map((id) => <option key={id} value={id}>{id}</option>)}
        </select>
        <p id={`${id}-scenario-hint`} className="hint">{title ?? 'Pick how pod traffic is protected.'}</p>
      </div>

      <div className="field field-seed">
        <label htmlFor={`${id}-seed`}>Seed</label>
        <div className="input-row">
          <input
            id={`${id}-seed`}
            ref={seedInput}
            type="text"
            inputMode="text"
            autoComplete="off"
            spellCheck={false}
            value={draft}
            aria-invalid={seedProblem ? true : undefined}
            aria-describedby={`${id}-${seedProblem ? 'seed-error' : 'seed-hint'}`}
            onChange={(e) => {
              setDraft(e.target.value);
              setSeedProblem(null);
            }}
          />
          <button type="submit" className="button">Apply</button>
        </div>
        {seedProblem ? (
          <p id={`${id}-seed-error`} className="hint field-error" role="alert">{seedProblem}</p>
        ) : (
          <p id={`${id}-seed-hint`} className="hint">Same seed, same packets, byte for byte.</p>
        )}
      </div>

      <div className="field field-point">
        <label htmlFor={`${id}-point`}>Capture point</label>
        <select
          id={`${id}-point`}
          value={point}
          aria-describedby={`${id}-point-hint`}
          onChange={(e) => void store.getState().selectPoint(e.target.value)}
        >
          {info ? (
            pointGroups(info).map((g) => (
              <optgroup key={g.node} label={g.node}>
                {g.points.map((p) => <option key={p} value={p}>{p}</option>)}
              </optgroup>
            ))
          ) : (
            <option value={point}>{point}</option>
          )}
        </select>
        <p id={`${id}-point-hint`} className="hint">A node&rsquo;s NIC, a pod&rsquo;s veth, or inside a pod.</p>
      </div>

      <div className="field field-download">
        <span className="label-spacer" aria-hidden="true">&nbsp;</span>
        <button
          type="button"
          className="button button-primary"
          aria-disabled={ready ? undefined : true}
          aria-describedby={`${id}-download-hint`}
          onClick={() => void download()}
        >
          <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M8 1.5v8.5M4.5 6.5 8 10l3.5-3.5M2.5 12.5v2h11v-2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Download pcapng
        </button>
        <p id={`${id}-download-hint`} className="hint">Opens in Wireshark or tcpdump&nbsp;-r.</p>
      </div>
    </form>
  );
}
