/**
 * Command-line flags the way kubectl's flag library (spf13/pflag under cobra) reads them: flags anywhere among the
 * arguments, `--flag=value` or `--flag value`, `-n web`, `-nweb`, `-n=web`, grouped short booleans (`-it`), `--`
 * ending the flags (kubectl exec's command follows it), and pflag's exact error texts.
 */

/** `strings` splits on commas (pflag StringSlice); `stringArray` keeps each value whole (--from-literal). */
export type FlagType = 'bool' | 'string' | 'int' | 'strings' | 'stringArray';

export interface FlagDef {
  long: string;
  short?: string;
  type: FlagType;
  /** A real kubectl flag this lab does not implement: using it prints this reason. */
  unsupported?: string;
}

export type FlagValue = boolean | string | number | string[];

export interface ParsedArgs {
  flags: Record<string, FlagValue>;
  args: string[];
  /** Arguments after `--` (undefined when there was no `--`). */
  dash?: string[];
}

/** Flags every kubectl command accepts. */
export const GLOBAL_FLAGS: FlagDef[] = [
  { long: 'namespace', short: 'n', type: 'string' },
  { long: 'context', type: 'string' },
  { long: 'help', short: 'h', type: 'bool' },
  { long: 'v', short: 'v', type: 'int' },
  { long: 'request-timeout', type: 'string' },
];

const BOOL_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const BOOL_FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

function setValue(out: ParsedArgs, def: FlagDef, value: string, shown: string): string | null {
  switch (def.type) {
    case 'bool':
      if (!BOOL_TRUE.includes(value) && !BOOL_FALSE.includes(value)) {
        return `invalid argument "${value}" for "${shown}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
      }
      out.flags[def.long] = BOOL_TRUE.includes(value);
      return null;
    case 'int':
      if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        return `invalid argument "${value}" for "${shown}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`;
      }
      out.flags[def.long] = Number(value);
      return null;
    case 'stringArray':
      out.flags[def.long] = [...((out.flags[def.long] as string[] | undefined) ?? []), value];
      return null;
    case 'strings': {
      const prev = (out.flags[def.long] as string[] | undefined) ?? [];
      out.flags[def.long] = [...prev, ...(value === '' ? [] : value.split(','))];
      return null;
    }
    default:
      out.flags[def.long] = value;
      return null;
  }
}

/** Parses argv (without the command words) against `defs` + the global flags; returns pflag's error text on error. */
export function parseArgs(argv: string[], defs: FlagDef[]): ParsedArgs | { error: string; unsupported?: true } {
  const all = [...defs, ...GLOBAL_FLAGS];
  const out: ParsedArgs = { flags: {}, args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.dash = argv.slice(i + 1);
      return out;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      if (name === '' || name.startsWith('-') || name.startsWith('=')) return { error: `bad flag syntax: ${a}` };
      const def = all.find((d) => d.long === name);
      if (!def) return { error: `unknown flag: --${name}` };
      if (def.unsupported) return { error: def.unsupported, unsupported: true };
      let value: string;
      if (eq >= 0) value = a.slice(eq + 1);
      else if (def.type === 'bool') value = 'true';
      else if (i + 1 < argv.length) value = argv[++i];
      else return { error: `flag needs an argument: --${name}` };
      const e = setValue(out, def, value, `--${name}`);
      if (e) return { error: e };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const def = all.find((d) => d.short === c);
        if (!def) return { error: `unknown shorthand flag: '${c}' in ${a}` };
        if (def.unsupported) return { error: def.unsupported, unsupported: true };
        const shown = `-${c}, --${def.long}`;
        let value: string;
        if (a[j + 1] === '=') value = a.slice(j + 2);
        else if (def.type === 'bool') {
          const e = setValue(out, def, 'true', shown);
          if (e) return { error: e };
          continue;
        } else if (j + 1 < a.length) value = a.slice(j + 1);
        else if (i + 1 < argv.length) value = argv[++i];
        else return { error: `flag needs an argument: '${c}' in ${a}` };
        const e = setValue(out, def, value, shown);
        if (e) return { error: e };
        break;
      }
      continue;
    }
    out.args.push(a);
  }
  return out;
}

export const str = (p: ParsedArgs, name: string): string | undefined => p.flags[name] as string | undefined;
export const bool = (p: ParsedArgs, name: string): boolean => p.flags[name] === true;
export const strs = (p: ParsedArgs, name: string): string[] => (p.flags[name] as string[] | undefined) ?? [];
export const int = (p: ParsedArgs, name: string): number | undefined => p.flags[name] as number | undefined;
