/**
 * The terminal tabs: a tab list (one tab per shell, labelled `node-1` or `web/frontend`), the "New terminal" menu,
 * the shown tab's files (./FilesMenu.tsx), a close button for the shown tab, and one panel per tab. Every panel stays mounted (inactive ones are hidden but
 * keep their size), so a tcpdump in one tab keeps printing while you type curl in another.
 *
 * Keyboard (WAI-ARIA tabs, automatic activation): ArrowLeft/ArrowRight, Home, End move between tabs; Delete closes
 * the focused tab; Enter moves into its terminal. Each tab also shows a × for the mouse; the labelled Close button
 * does the same for keyboard and screen-reader users (a button inside a tab would be nested interactive content).
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { Terminal } from './Terminal';
import { NewTerminalMenu } from './NewTerminalMenu';
import { FilesMenu } from './FilesMenu';
import type { Place } from '../../worker/protocol';

export function TerminalTabs({ hintId }: { hintId: string }) {
  const store = useLabStore();
  const terminals = useLab((s) => s.terminals);
  const active = useLab((s) => s.activeTerm);
  const status = useLab((s) => s.status);
  const id = useId();
  const tabs = useRef(new Map<number, HTMLButtonElement>());
  const newButton = useRef<HTMLDivElement>(null);
  const [fresh, setFresh] = useState<number | null>(null);

  const activeTab = terminals.find((t) => t.term === active);

  /** Focuses a tab, or the New terminal button when there is none. */
  function focusTab(term: number | null | undefined) {
    if (term == null) newButton.current?.querySelector('button')?.focus();
    else tabs.current.get(term)?.focus();
  }

  /** Closes a tab; if the focus was on it (or is lost with it), it moves to the tab shown next. */
  async function close(term: number) {
    const hadFocus = tabs.current.get(term) === document.activeElement;
    await store.getState().closeTerminal(term);
    requestAnimationFrame(() => {
      const lost = !document.activeElement || document.activeElement === document.body;
      if (hadFocus || lost) focusTab(store.getState().activeTerm);
    });
  }

  async function open(place: Place) {
    const term = await store.getState().openTerminal(place);
    if (term !== null) setFresh(term);
  }

  function onTabKey(e: KeyboardEvent, i: number) {
    const n = terminals.length;
    let to: number | undefined;
    switch (e.key) {
      case 'ArrowRight': to = (i + 1) % n; break;
      case 'ArrowLeft': to = (i - 1 + n) % n; break;
      case 'Home': to = 0; break;
      case 'End': to = n - 1; break;
      case 'Delete':
        e.preventDefault();
        void close(terminals[i].term);
        return;
      case 'Enter':
        e.preventDefault();
        store.getState().io.view(terminals[i].term)?.focus();
        return;
      default:
        return;
    }
    e.preventDefault();
    const term = terminals[to].term;
    store.getState().selectTerminal(term);
    tabs.current.get(term)?.focus();
  }

  return (
    <div className="terminals">
      <div className="term-bar">
        {terminals.length > 0 && (
          <div role="tablist" aria-label="Terminals" className="term-tablist">
            {terminals.map((t, i) => {
              const selected = t.term === active;
              return (
                <button
                  key={t.term}
                  ref={(el) => {
                    if (el) tabs.current.set(t.term, el);
                    else tabs.current.delete(t.term);
                  }}
                  type="button"
                  role="tab"
                  id={`${id}-tab-${t.term}`}
                  aria-selected={selected}
                  aria-controls={`${id}-panel-${t.term}`}
                  tabIndex={selected ? 0 : -1}
                  className="term-tab"
                  onClick={() => store.getState().selectTerminal(t.term)}
                  onAuxClick={(e) => {
                    if (e.button === 1) void close(t.term);
                  }}
                  onKeyDown={(e) => onTabKey(e, i)}
                >
                  <svg className="icon term-tab-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                    {t.place.kind === 'node'
                      ? <><rect x="1.75" y="2.75" width="12.5" height="10.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" /><path d="m4.5 6 2 2-2 2M8 10.5h3" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" /></>
                      : <path d="M8 1.8 13.5 5v6L8 14.2 2.5 11V5zM2.7 5.1 8 8.2l5.3-3.1M8 8.2v5.8" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />}
                  </svg>
                  <span className="term-tab-label">{t.label}</span>
                  <span
                    className="term-tab-x"
                    aria-hidden="true"
                    title={`Close ${t.label}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      void close(t.term);
                    }}
                  >
                    ×
                  </span>
                </button>
              );
            })}
          </div>
        )}
        <div className="term-actions" ref={newButton}>
          <NewTerminalMenu onOpen={(p) => void open(p)} />
          {activeTab && <FilesMenu tab={activeTab} />}
          {activeTab && (
            <button
              type="button"
              className="button button-small button-quiet"
              aria-label={`Close terminal ${activeTab.label}`}
              title={`Close terminal ${activeTab.label}`}
              onClick={() => void close(activeTab.term)}
            >
              <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="m4 4 8 8M12 4l-8 8" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
              </svg>
              <span className="term-close-text">Close</span>
            </button>
          )}
        </div>
      </div>

      <div className="term-panels">
        {terminals.map((t) => (
          <div
            key={t.term}
            role="tabpanel"
            id={`${id}-panel-${t.term}`}
            aria-labelledby={`${id}-tab-${t.term}`}
            className={`term-panel${t.term === active ? ' term-panel-active' : ''}`}
            inert={t.term !== active}
          >
            <Terminal tab={t} hintId={hintId} focus={t.term === fresh} />
          </div>
        ))}
        {terminals.length === 0 && (
          <p className="term-empty">
            {status === 'ready' ? 'No terminal open. Open one on a node or in a pod with New terminal.'
              : status === 'loading' ? 'Starting the lab…' : 'A terminal opens once a lab is loaded.'}
          </p>
        )}
      </div>
    </div>
  );
}
