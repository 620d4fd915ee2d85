/**
 * One terminal tab's xterm: attaches the adapter to its element, replays and streams the tab's output from the
 * store's TerminalIO, sends keystrokes and sizes back, and registers itself for the test hook. React renders the
 * frame; the adapter owns what happens inside it.
 */
import { useEffect, useRef } from 'react';
import { useLabStore } from '../LabContext';
import { attach } from './xtermAdapter';
import type { TermTab } from '../../store/labStore';

export interface TerminalProps {
  tab: TermTab;
  /** Id of the key hint under the terminals. */
  hintId: string;
  /** Focus the terminal (a tab just opened from the menu); applied when it turns true. */
  focus?: boolean;
}

export function Terminal({ tab, hintId, focus }: TerminalProps) {
  const store = useLabStore();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<ReturnType<typeof attach> | null>(null);
  const { term, label } = tab;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const { io } = store.getState();
    const v = attach(el, {
      onData: (data) => io.send(term, data),
      onResize: (cols, rows) => io.resize(term, cols, rows),
    }, { label: `Terminal on ${label}`, describedBy: hintId });
    view.current = v;
    const size = v.fit();
    if (size) io.resize(term, size.cols, size.rows);
    const unsubscribe = io.subscribe(term, (data) => v.write(data));
    const detach = io.attachView(term, v);
    return () => {
      unsubscribe();
      detach();
      v.dispose();
      view.current = null;
    };
  }, [store, term, label, hintId]);

  // After the attach effect of the same commit, so a tab opened and focused at once finds its view.
  useEffect(() => {
    if (focus) view.current?.focus();
  }, [focus]);

  return <div className="term-host" ref={host} data-term={term} />;
}
