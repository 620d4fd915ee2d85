/**
 * The mode switcher: every mode of the lab as a radio group with human names (None, Cilium WireGuard, ... Linkerd),
 * the lab's primary control. Choosing one loads that scenario with the same seed, exactly as the Scenario menu does
 * (both drive the store's `load`, and both show the store's scenario). Arrow keys move between modes, as in any
 * radio group; each mode says where its protection applies, and encrypted ones carry a closed lock, None an open one (never colour alone).
 */
import { useId } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { MODES } from './modes';
import { LockIcon, OpenLockIcon } from './icons';

export function ModeSwitcher() {
  const store = useLabStore();
  const scenario = useLab((s) => s.scenario);
  const id = useId();

  return (
    <fieldset className="modes">
      <legend className="modes-legend">Encryption mode</legend>
      <div className="modes-options">
        {MODES.map((m) => (
          <label key={m.id} className={`mode${m.id === scenario ? ' mode-checked' : ''}`} data-mode={m.id}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={m.id}
              checked={m.id === scenario}
              aria-describedby={`${id}-${m.id}-how`}
              onChange={() => void store.getState().load(m.id, store.getState().seed)}
            />
            <span className="mode-name">
              {m.encrypted ? <LockIcon className="mode-lock" /> : <OpenLockIcon className="mode-lock" />}
              {m.name}
            </span>
            <span id={`${id}-${m.id}-how`} className="mode-how" aria-hidden="true">{m.how}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
