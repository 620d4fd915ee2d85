/**
 * The one place that knows xterm.js: attach(el, handlers) puts a terminal on `el` and returns a small handle
 * ({ write, focus, fit, dispose, bufferText }), as React Flow wraps d3. React owns the element; the adapter owns
 * what happens inside it.
 *
 * - DOM renderer only: the WebGL addon fails on machines without a GPU (CI, many school laptops).
 * - Size follows the element (ResizeObserver → fit addon → onResize), scrollback is bounded.
 * - Colours follow the page's light/dark scheme; the cursor does not blink under prefers-reduced-motion.
 * - Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes (the browser's paste event, so xterm's bracketed paste
 *   applies); right-click offers the browser's copy/paste menu, as xterm supports.
 * - Tab belongs to the shell (completion). Esc then Tab (or Shift+Tab) leaves the terminal: the Tab is handed back
 *   to the browser, which moves focus on.
 */
import { Terminal, type IDisposable } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { DARK, LIGHT, pageIsDark, watchScheme } from './xtermTheme';

export const SCROLLBACK = 5000;

export interface TerminalHandlers {
  /** Raw input for the shell: keys, escape sequences, pasted text. */
  onData(data: string): void;
  /** The terminal's size in cells changed (after a fit). */
  onResize(cols: number, rows: number): void;
}

export interface AttachOptions {
  /** Accessible name of the terminal's input, e.g. "Terminal on node-1". */
  label: string;
  /** Id of the element that explains the keys (the hint under the terminal). */
  describedBy?: string;
}

export interface TerminalAdapter {
  write(data: string): void;
  focus(): void;
  /** Fits the terminal to its element; returns the size in cells, or undefined while the element has no size. */
  fit(): { cols: number; rows: number } | undefined;
  /** The buffer as plain text, one line per row (soft-wrapped rows joined), trailing blank lines dropped. */
  bufferText(): string;
  dispose(): void;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

export function attach(el: HTMLElement, handlers: TerminalHandlers, opts: AttachOptions): TerminalAdapter {
  const win = el.ownerDocument.defaultView ?? window;
  const reducedMotion = win.matchMedia('(prefers-reduced-motion: reduce)');
  const fontFamily = getComputedStyle(el).getPropertyValue('--mono').trim() || 'monospace';

  const term = new Terminal({
    scrollback: SCROLLBACK,
    fontFamily,
    fontSize: 13,
    lineHeight: 1.25,
    cursorBlink: !reducedMotion.matches,
    cursorStyle: 'block',
    cursorInactiveStyle: 'outline',
    theme: pageIsDark(el.ownerDocument) ? DARK : LIGHT,
    minimumContrastRatio: 4.5,
    rightClickSelectsWord: true,
    allowProposedApi: false,
  });
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);

  // Esc then Tab: let the browser have the Tab. Escape itself still reaches the shell.
  let escArmed = false;
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== 'keydown' || MODIFIERS.has(e.key)) return true;
    if (e.key === 'Tab' && escArmed && !e.ctrlKey && !e.altKey && !e.metaKey) {
      escArmed = false;
      return false; // not cancelled: the browser moves focus to the next (with Shift, the previous) control
    }
    escArmed = e.key === 'Escape';
    if (e.ctrlKey && e.shiftKey && !e.altKey && e.code === 'KeyC') {
      const text = term.getSelection();
      if (text) void win.navigator.clipboard?.writeText(text).catch(() => {});
      e.preventDefault();
      return false;
    }
    // Ctrl+Shift+V: not a key for the shell; the browser's paste event follows and xterm pastes it.
    if (e.ctrlKey && e.shiftKey && !e.altKey && e.code === 'KeyV') return false;
    return true;
  });

  term.open(el);
  if (term.textarea) {
    term.textarea.setAttribute('aria-label', opts.label);
    if (opts.describedBy) term.textarea.setAttribute('aria-describedby', opts.describedBy);
  }

  const subs: IDisposable[] = [
    term.onData((d) => handlers.onData(d)),
    term.onResize(({ cols, rows }) => handlers.onResize(cols, rows)),
  ];

  function fit(): { cols: number; rows: number } | undefined {
    if (!el.isConnected || el.clientWidth === 0 || el.clientHeight === 0) return undefined;
    const dims = fitAddon.proposeDimensions();
    if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows) || dims.cols < 2 || dims.rows < 1) return undefined;
    fitAddon.fit();
    return { cols: term.cols, rows: term.rows };
  }

  let frame = 0;
  const observer = new ResizeObserver(() => {
    win.cancelAnimationFrame(frame);
    frame = win.requestAnimationFrame(() => fit());
  });
  observer.observe(el);
  fit();

  const unwatch = watchScheme(() => {
    term.options.theme = pageIsDark(el.ownerDocument) ? DARK : LIGHT;
  }, el.ownerDocument);
  const onMotion = () => {
    term.options.cursorBlink = !reducedMotion.matches;
  };
  reducedMotion.addEventListener('change', onMotion);

  return {
    write: (data) => term.write(data),
    focus: () => term.focus(),
    fit,
    bufferText() {
      const buf = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buf.length; i++) {
        const line = buf.getLine(i);
        if (!line) continue;
        const text = line.translateToString(true);
        if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
        else lines.push(text);
      }
      while (lines.length && lines[lines.length - 1] === '') lines.pop();
      return lines.join('\n');
    },
    dispose() {
      win.cancelAnimationFrame(frame);
      observer.disconnect();
      unwatch();
      reducedMotion.removeEventListener('change', onMotion);
      for (const s of subs) s.dispose();
      term.dispose();
    },
  };
}
