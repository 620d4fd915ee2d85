/** Minimal `--flag value` parsing for the headless commands, with specific errors for unknown or missing flags. */
export class UsageError extends Error {}

export function parseFlags(argv: string[], known: Record<string, 'value' | 'bool'>): { flags: Record<string, string>; rest: string[] } {
  const flags: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      rest.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'bool') flags[name] = 'true';
    else {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`option --${name} needs a value`);
      flags[name] = v;
    }
  }
  return { flags, rest };
}
