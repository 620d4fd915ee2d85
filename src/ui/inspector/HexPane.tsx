/**
 * The bytes pane, Wireshark's bottom pane: 16 bytes a row, an offset column, hex and ASCII. The selected field's
 * bytes are highlighted (background and underline, never colour alone) in both columns; a click on a byte selects
 * the deepest field covering it. With a decrypted packet the pane has two tabs, like Wireshark's "Frame" and
 * "Decrypted" byte tabs. Keyboard: the byte grid is one Tab stop with a cursor (arrows, Home/End, PageUp/PageDown),
 * Enter or Space selects the field under it, and a line below says where the cursor is.
 *
 * The highlighted range is exposed as data attributes on the pane (`data-source`, `data-highlight-start`,
 * `data-highlight-length`) and each byte carries `data-offset`, so a test can compare what is highlighted with a
 * field's start/length or with tshark's PDML pos/size.
 */
import { useId, type KeyboardEvent, type MouseEvent } from 'react';
import type { ByteSource } from './fieldTree';

export interface ByteView {
  source: ByteSource;
  label: string;
  bytes: Uint8Array;
}

export interface HexPaneProps {
  views: ByteView[];
  active: ByteSource;
  highlight: { start: number; length: number } | null;
  cursor: number | null;
  /** What the cursor byte belongs to, for the line under the grid. */
  cursorField?: string;
  onSource(s: ByteSource): void;
  onCursor(offset: number): void;
  /** A byte was clicked or chosen with Enter/Space: select the field under it. */
  onPick(offset: number): void;
}

const hex2 = (b: number) => b.toString(16).padStart(2, '0');
const ascii = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

export function HexPane({ views, active, highlight, cursor, cursorField, onSource, onCursor, onPick }: HexPaneProps) {
  const id = useId();
  const view = views.find((v) => v.source === active) ?? views[0];
  const bytes = view.bytes;
  const hl = (o: number) => !!highlight && o >= highlight.start && o < highlight.start + highlight.length;

  function onKeyDown(e: KeyboardEvent) {
    const at = cursor ?? highlight?.start ?? 0;
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 16, ArrowUp: -16, PageDown: 256, PageUp: -256 };
    let to: number | undefined;
    if (e.key in step) to = at + step[e.key];
    else if (e.key === 'Home') to = e.ctrlKey ? 0 : at - (at % 16);
    else if (e.key === 'End') to = e.ctrlKey ? bytes.length - 1 : Math.min(bytes.length - 1, at - (at % 16) + 15);
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(at);
      return;
    } else return;
    e.preventDefault();
    const next = Math.max(0, Math.min(bytes.length - 1, to));
    onCursor(next);
    document.getElementById(`${id}-b${next}`)?.scrollIntoView({ block: 'nearest' });
  }

  function onClick(e: MouseEvent) {
    const o = (e.target as HTMLElement).closest<HTMLElement>('[data-offset]')?.dataset.offset;
    if (o !== undefined) onPick(Number(o));
  }

  const rows: number[] = [];
  for (let o = 0; o < bytes.length; o += 16) rows.push(o);
  const byteClass = (o: number) => [hl(o) && 'hl', o === cursor && 'cursor'].filter(Boolean).join(' ') || undefined;

  return (
    <div className="hex-pane" data-source={view.source} data-highlight-start={highlight?.start ?? ''} data-highlight-length={highlight?.length ?? ''}>
      {views.length > 1 && (
        <div role="tablist" aria-label="Bytes to show" className="hex-tabs">
          {views.map((v) => (
            <button
              key={v.source}
              type="button"
              role="tab"
              id={`${id}-tab-${v.source}`}
              aria-selected={v.source === view.source}
              aria-controls={`${id}-grid`}
              tabIndex={v.source === view.source ? 0 : -1}
              className="hex-tab"
              onClick={() => onSource(v.source)}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
                const other = views[(views.indexOf(v) + 1) % views.length];
                onSource(other.source);
                document.getElementById(`${id}-tab-${other.source}`)?.focus();
              }}
            >
              {v.label}
            </button>
          ))}
        </div>
      )}
      <div
        id={`${id}-grid`}
        className="hex-grid"
        tabIndex={0}
        role={views.length > 1 ? 'tabpanel' : 'group'}
        aria-label={views.length > 1 ? undefined : `${view.label}, hex and ASCII`}
        aria-labelledby={views.length > 1 ? `${id}-tab-${view.source}` : undefined}
        aria-describedby={`${id}-where`}
        onKeyDown={onKeyDown}
        onClick={onClick}
      >
        {rows.map((start) => (
          <div className="hex-row" key={start}>
            <span className="hex-offset">{start.toString(16).padStart(4, '0')}</span>
            <span className="hex-bytes">
              {Array.from(bytes.subarray(start, start + 16), (b, i) => (
                <span key={i} id={`${id}-b${start + i}`} data-offset={start + i} className={byteClass(start + i)}>{hex2(b)}</span>
              ))}
            </span>
            <span className="hex-ascii" aria-hidden="true">
              {Array.from(bytes.subarray(start, start + 16), (b, i) => (
                <span key={i} data-offset={start + i} className={byteClass(start + i)}>{ascii(b)}</span>
              ))}
            </span>
          </div>
        ))}
      </div>
      <p id={`${id}-where`} className="hint hex-where" aria-live="polite">
        {cursor !== null && cursor < bytes.length
          ? `Byte ${cursor} (0x${cursor.toString(16).padStart(4, '0')}) = 0x${hex2(bytes[cursor])}${cursorField ? `, in ${cursorField}` : ''}. Enter selects its field.`
          : 'Click a byte, or use the arrow keys here, to find the field it belongs to.'}
      </p>
    </div>
  );
}
