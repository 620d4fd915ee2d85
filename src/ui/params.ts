/** URL parameters shared by the app and embed.html: lesson, step, lang, seed, mode, present, theme. */
export interface LabParams {
  lesson?: string;
  step?: number;
  lang: string;
  seed: string;
  mode: string;
  present: boolean;
  theme?: 'light' | 'dark';
}

export function readParams(search: string): LabParams {
  const q = new URLSearchParams(search);
  const step = Number(q.get('step'));
  const theme = q.get('theme');
  const seed = q.get('seed') ?? '1';
  return {
    lesson: q.get('lesson') ?? undefined,
    step: Number.isInteger(step) && step > 0 ? step : undefined,
    lang: q.get('lang') === 'fr' ? 'fr' : 'en',
    seed: /^[\w.-]{1,64}$/.test(seed) ? seed : '1',
    mode: q.get('mode') ?? 'plaintext',
    present: q.get('present') === '1' || q.get('present') === 'true',
    theme: theme === 'dark' || theme === 'light' ? theme : undefined,
  };
}
