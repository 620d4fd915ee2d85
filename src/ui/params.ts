/** URL parameters shared by the app and embed.html: lesson, step, lang, seed, mode, present, theme. */
export interface LabParams {
  lesson?: string;
  step?: number;
  lang: string;
  seed: string;
  /** The scenario id to start with (`plaintext`, `cilium-wireguard`, ...); the engine rejects unknown ids. */
  mode: string;
  present: boolean;
  theme?: 'light' | 'dark';
}

export const DEFAULT_SEED = '7';
export const DEFAULT_MODE = 'plaintext';

/** What a seed may be: short, and safe in a URL and in a file name. The engine itself accepts any string. */
const SEED_RE = /^[\w.-]{1,64}$/;

/** Why a seed typed by the learner is not usable, or null when it is. */
export function seedError(seed: string): string | null {
  if (seed.trim() === '') return 'Enter a seed: the same seed always gives the same packets (for example 7).';
  if (seed.length > 64) return `A seed is at most 64 characters (this one has ${seed.length}).`;
  if (!SEED_RE.test(seed)) return "A seed may only use letters, digits, '.', '_' and '-'.";
  return null;
}

export function readParams(search: string): LabParams {
  const q = new URLSearchParams(search);
  const step = Number(q.get('step'));
  const theme = q.get('theme');
  const seed = q.get('seed') ?? DEFAULT_SEED;
  const mode = q.get('mode') ?? DEFAULT_MODE;
  return {
    lesson: q.get('lesson') ?? undefined,
    step: Number.isInteger(step) && step > 0 ? step : undefined,
    lang: q.get('lang') === 'fr' ? 'fr' : 'en',
    seed: seedError(seed) ? DEFAULT_SEED : seed,
    mode: /^[a-z0-9-]{1,64}$/.test(mode) ? mode : DEFAULT_MODE,
    present: q.get('present') === '1' || q.get('present') === 'true',
    theme: theme === 'dark' || theme === 'light' ? theme : undefined,
  };
}
