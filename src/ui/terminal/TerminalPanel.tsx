/** The terminal card: heading, the virtual clock's time (Play and Pause are the timeline's), the tabs with their shells, and how the keys work. */
import { useId } from 'react';
import { TerminalTabs } from './TerminalTabs';
import { ClockStatus } from './ClockControl';
import './terminal.css';

export function TerminalPanel() {
  const id = useId();
  return (
    <section className="card card-terminal" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>Terminal</h2>
        <ClockStatus />
      </div>
      <TerminalTabs hintId={`${id}-hint`} />
      <p id={`${id}-hint`} className="hint term-hint">
        <kbd>Tab</kbd> completes commands. To leave the terminal, press <kbd>Esc</kbd> then <kbd>Tab</kbd>.{' '}
        <kbd>Ctrl</kbd>+<kbd>C</kbd> stops a command; <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>C</kbd> copies and{' '}
        <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>V</kbd> pastes. Type <code>help</code> for the commands.
      </p>
    </section>
  );
}
