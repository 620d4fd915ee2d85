/**
 * A small spf13/pflag: the flag syntax and error messages of the Go CLIs here (hubble, cilium-dbg), which use
 * cobra. `--name value`, `--name=value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean shorthands (`-fA`),
 * `--` ending flags. Flags come back in command-line order, since hubble's `--not` applies to the next flag.
 */

export interface FlagSpec {
  name: string;
  short?: string;
  /** bool flags take no value (but accept `--name=false`); others need one. */
  type: 'bool' | 'string' | 'int';
}

export interface Parsed {
  flags: { name: string; value: string }[];
  args: string[];
}

export type ParseResult = Parsed | { error: string };

const INT = /^[+-]?\d+$/;

export function parseFlags(argv: string[], specs: FlagSpec[]): ParseResult {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const out: Parsed = { flags: [], args: [] };
  const value = (s: FlagSpec, v: string, shown: string): string | null => {
    if (s.type === 'int' && !INT.test(v)) return `invalid argument "${v}" for "${shown}" flag: strconv.ParseInt: parsing "${v}": invalid syntax`;
    if (s.type === 'bool' && !['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(v)) {
      return `invalid argument "${v}" for "${shown}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`;
    }
    out.flags.push({ name: s.name, value: s.type === 'bool' ? String(['true', '1', 't', 'TRUE', 'True'].includes(v)) : v });
    return null;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const s = byName.get(name);
      if (!s) return { error: `unknown flag: --${name}` };
      const shown = s.short ? `-${s.short}, --${s.name}` : `--${s.name}`;
      let err: string | null;
      if (eq >= 0) err = value(s, a.slice(eq + 1), shown);
      else if (s.type === 'bool') err = value(s, 'true', shown);
      else if (i + 1 < argv.length) err = value(s, argv[++i], shown);
      else return { error: `flag needs an argument: --${name}` };
      if (err) return { error: err };
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const s = byShort.get(c);
        if (!s) return { error: `unknown shorthand flag: '${c}' in ${a}` };
        const shown = `-${s.short}, --${s.name}`;
        let err: string | null;
        if (s.type === 'bool') {
          if (a[j + 1] === '=') {
            err = value(s, a.slice(j + 2), shown);
            j = a.length;
          } else err = value(s, 'true', shown);
        } else {
          const rest = a.slice(j + 1).replace(/^=/, '');
          if (rest) err = value(s, rest, shown);
          else if (i + 1 < argv.length) err = value(s, argv[++i], shown);
          else return { error: `flag needs an argument: '${c}' in ${a}` };
          j = a.length;
        }
        if (err) return { error: err };
      }
    } else out.args.push(a);
  }
  return out;
}

export const flag = (p: Parsed, name: string): string | undefined => [...p.flags].reverse().find((f) => f.name === name)?.value;
export const has = (p: Parsed, name: string): boolean => flag(p, name) === 'true';

/** Go's time.ParseDuration for the units a person types (`90s`, `5m`, `1h30m`, `500ms`); µs, or null. */
export function parseDuration(s: string): number | null {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s)) return null;
  const unit: Record<string, number> = { ns: 0.001, us: 1, µs: 1, ms: 1000, s: 1e6, m: 6e7, h: 3.6e9 };
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]];
  return Math.round(total);
}

/** Levenshtein distance, for cobra's "Did you mean this?" suggestions. */
export function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/** cobra's unknown-command error, with suggestions at distance <= 2 or by prefix. */
export function unknownCommand(cmd: string, root: string, known: string[]): string {
  const sugg = known.filter((k) => distance(cmd.toLowerCase(), k.toLowerCase()) <= 2 || k.startsWith(cmd.toLowerCase()));
  const did = sugg.length ? `\n\nDid you mean this?\n${sugg.map((s) => `\t${s}\n`).join('')}` : '';
  return `Error: unknown command "${cmd}" for "${root}"${did}\nRun '${root} --help' for usage.\n`;
}
