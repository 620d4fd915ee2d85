/**
 * "Files (N)": the files the shown terminal's commands wrote (`echo x > notes.txt`, `tcpdump -w cap.pcapng`), in a
 * popover with each file's size and a Download button. Disabled, with a title saying how to make one, while there
 * are none. The list follows the worker's `term-files-changed` notices through the store, so it is current without
 * polling.
 *
 * Keyboard: Enter, Space or ArrowDown opens it on the first file (ArrowUp on the last); ArrowUp/ArrowDown, Home and
 * End move between the Download buttons; Escape closes it and returns focus to the button; focus leaving it (Tab)
 * or a click outside closes it.
 */
import { rovingKey } from './rovingFocus';
import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { downloadName, formatSize, mimeTypeFor, saveBytes } from '../download';
import type { TermTab } from '../../store/labStore';
import type { TermFile } from '../../worker/protocol';

const NONE: TermFile[] = [];

const EMPTY_TITLE = 'No files yet. Commands write them here: echo hi > notes.txt, tcpdump -w cap.pcapng';

export function FilesMenu({ tab }: { tab: TermTab }) {
  const store = useLabStore();
  const files = useLab((s) => s.files[tab.term] ?? NONE);
  /** The terminal the popover is open for: switching tabs closes it. */
  const [openFor, setOpenFor] = useState<number | null>(null);
  const [start, setStart] = useState<'first' | 'last'>('first');
  const [failed, setFailed] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pop = useRef<HTMLDivElement>(null);
  const id = useId();
  const open = openFor === tab.term && files.length > 0;

  const downloads = () => Array.from(pop.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);

  useEffect(() => {
    if (!open) return;
    const list = downloads();
    (start === 'first' ? list[0] : list[list.length - 1])?.focus();
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!pop.current?.contains(t) && !button.current?.contains(t)) setOpenFor(null);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
    // Not on `files`: a file added while it is open must not pull the focus back to the first one.
  }, [open, start]);

  function show(at: 'first' | 'last') {
    setStart(at);
    setFailed(null);
    setOpenFor(tab.term);
  }

  function close(refocus: boolean) {
    setOpenFor(null);
    if (refocus) button.current?.focus();
  }

  function onButtonKey(e: KeyboardEvent) {
    if (e.key === 'Escape' && open) {
      e.preventDefault();
      close(false);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      show(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  function onPopKey(e: KeyboardEvent) {
    rovingKey(e, downloads(), () => close(true));
  }

  function onPopBlur(e: FocusEvent) {
    const to = e.relatedTarget as Node | null;
    // Focus moving to the Files button keeps it open (its click toggles it); anywhere else closes it.
    if (to && !pop.current?.contains(to) && !button.current?.contains(to)) close(false);
  }

  async function download(name: string) {
    setFailed(null);
    try {
      saveBytes(await store.getState().fetchFile(tab.term, name), downloadName(name), mimeTypeFor(name));
    } catch (err) {
      setFailed(`Could not download ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const n = files.length;
  return (
    <div className="files-anchor">
      <button
        ref={button}
        type="button"
        className="button button-small"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? `${id}-pop` : undefined}
        disabled={n === 0}
        title={n === 0 ? EMPTY_TITLE : undefined}
        onClick={() => (open ? close(false) : show('first'))}
        onKeyDown={onButtonKey}
      >
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M4 1.75h5l3 3v9.5H4z M9 1.75v3h3" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
        </svg>
        Files ({n})
      </button>
      {open && (
        <div
          ref={pop}
          id={`${id}-pop`}
          role="dialog"
          aria-labelledby={`${id}-title`}
          className="menu files-pop"
          onKeyDown={onPopKey}
          onBlur={onPopBlur}
        >
          <h3 id={`${id}-title`} className="files-title">
            Files written in <span className="mono">{tab.label}</span>
          </h3>
          <ul className="files-list">
            {files.map((f) => (
              <li key={f.name} className="files-row">
                <span className="files-name" title={f.name}>{f.name}</span>
                <span className="files-size">{formatSize(f.size)}</span>
                <button
                  type="button"
                  className="button button-small files-download"
                  aria-label={`Download ${f.name}, ${formatSize(f.size)}`}
                  onClick={() => void download(f.name)}
                >
                  <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                    <path d="M8 2.5v7.5M4.75 7 8 10.25 11.25 7M3 13.25h10" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                  Download
                </button>
              </li>
            ))}
          </ul>
          {failed && <p role="alert" className="files-error">{failed}</p>}
        </div>
      )}
    </div>
  );
}
