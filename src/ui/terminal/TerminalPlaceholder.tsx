/** What the terminal card shows while xterm.js loads: the same frame, so nothing below it jumps. */
import { useId } from 'react';
import './terminal.css';

export function TerminalPlaceholder() {
  const id = useId();
  return (
    <section className="card card-terminal" aria-labelledby={`${id}-title`} aria-busy="true">
      <div className="card-head">
        <h2 id={`${id}-title`}>Terminal</h2>
      </div>
      <div className="terminals">
        <div className="term-bar term-bar-placeholder" />
        <div className="term-panels">
          <p className="term-empty">Loading the terminal…</p>
        </div>
      </div>
      <p className="hint term-hint">&nbsp;</p>
    </section>
  );
}
