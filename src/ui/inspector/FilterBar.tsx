/**
 * The display-filter box above the packet list (Wireshark's "Apply a display filter" bar): type a filter, press
 * Enter or the button; the worker checks it, and a refused filter is shown inline with the reason while the list
 * keeps the filter in force. Esc in the box clears the draft back to the filter in force.
 */
import { useId, useState, type FormEvent } from 'react';
import { useLab, useLabStore } from '../LabContext';

const EXAMPLES = 'wg, esp, http, tcp.port == 8080, ip.src == 10.244.1.5 && !arp';

export function FilterBar() {
  const store = useLabStore();
  const filter = useLab((s) => s.filter);
  const error = useLab((s) => s.filterError);
  const shown = useLab((s) => s.shown);
  const total = useLab((s) => s.packets.length);
  const [draft, setDraft] = useState(filter);
  const [applied, setApplied] = useState(filter);
  if (filter !== applied) {
    // the filter in force changed (applied here, or dropped by the store): show it
    setApplied(filter);
    setDraft(filter);
  }
  const id = useId();

  function apply(e: FormEvent) {
    e.preventDefault();
    void store.getState().applyFilter(draft);
  }

  function clear() {
    setDraft('');
    void store.getState().applyFilter('');
  }

  const count = shown === null ? `${total} frames` : `${shown.length} of ${total} frames match`;
  return (
    <form className="filter-bar" role="search" onSubmit={apply} noValidate>
      <label htmlFor={`${id}-filter`} className="filter-label">Display filter</label>
      <div className="filter-row">
        <input
          id={`${id}-filter`}
          type="text"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          placeholder="wg, esp, http, ip.addr == 10.244.1.5 …"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-${error ? 'error' : 'hint'}`}
          onChange={(e) => {
            setDraft(e.target.value);
            if (store.getState().filterError) store.setState({ filterError: undefined });
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && draft !== filter) {
              e.stopPropagation();
              setDraft(filter);
              store.setState({ filterError: undefined });
            }
          }}
        />
        <button type="submit" className="button button-primary">Filter</button>
        {filter && <button type="button" className="button" onClick={clear}>Clear</button>}
      </div>
      <div className="filter-foot">
        {error ? (
          <p id={`${id}-error`} className="hint field-error" role="alert">
            <span aria-hidden="true">✕ </span>Invalid filter: {error}
          </p>
        ) : (
          <p id={`${id}-hint`} className="hint">Wireshark field names, e.g. {EXAMPLES}</p>
        )}
        <p className="hint filter-count" aria-live="polite">{filter ? `${count} “${filter}”` : count}</p>
      </div>
    </form>
  );
}
