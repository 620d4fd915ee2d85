/**
 * The terminal's colours for the page's light and dark themes, and which one applies. The 16 ANSI colours keep the
 * hue real tools mean by them (grep's red match, tcpdump's plain text, a green "ok"), tuned to read on each
 * background; xterm's minimumContrastRatio then lifts any colour that would fall below WCAG AA on the background.
 */
import type { ITheme } from '@xterm/xterm';

export const DARK: ITheme = {
  background: '#0b0f14',
  foreground: '#e6edf3',
  cursor: '#e6edf3',
  cursorAccent: '#0b0f14',
  selectionBackground: '#2f5a9e',
  selectionForeground: '#ffffff',
  selectionInactiveBackground: '#2a3a52',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#bc8cff',
  cyan: '#39c5cf',
  white: '#b1bac4',
  brightBlack: '#8b949e',
  brightRed: '#ffa198',
  brightGreen: '#56d364',
  brightYellow: '#e3b341',
  brightBlue: '#79c0ff',
  brightMagenta: '#d2a8ff',
  brightCyan: '#56d4dd',
  brightWhite: '#ffffff',
};

export const LIGHT: ITheme = {
  background: '#fbfcfd',
  foreground: '#1f2328',
  cursor: '#1f2328',
  cursorAccent: '#fbfcfd',
  selectionBackground: '#b6d3ff',
  selectionForeground: '#1f2328',
  selectionInactiveBackground: '#d8e4f5',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#0550ae',
  brightMagenta: '#6e40c9',
  brightCyan: '#0e6b73',
  brightWhite: '#8c959f',
};

/** The page's scheme: the `theme` URL parameter (html[data-theme]) when set, else the system preference. */
export function pageIsDark(doc: Document = document): boolean {
  const forced = doc.documentElement.dataset.theme;
  if (forced === 'dark') return true;
  if (forced === 'light') return false;
  return doc.defaultView?.matchMedia('(prefers-color-scheme: dark)').matches ?? false;
}

/** Calls `fn` whenever the page's scheme may have changed; returns the unsubscribe function. */
export function watchScheme(fn: () => void, doc: Document = document): () => void {
  const mq = doc.defaultView?.matchMedia('(prefers-color-scheme: dark)');
  mq?.addEventListener('change', fn);
  const mo = new MutationObserver(fn);
  mo.observe(doc.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    mq?.removeEventListener('change', fn);
    mo.disconnect();
  };
}
