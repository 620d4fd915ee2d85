/**
 * `base64` (GNU coreutils 9.1): encode standard input or FILE, wrapped at 76 columns (`-w COLS`, 0: no wrap), or
 * decode it with `-d` / `--decode` (newlines ignored, `-i` ignores other garbage). Decoded bytes reach the next
 * command as text, so PEM (what the mesh tools hand out base64-encoded) goes through intact; binary DER would not.
 */
import { readAllStdin } from '../stdin';
import type { Command, CommandCtx, CommandResult } from '../types';
import { fromBase64, toBase64 } from '../../sim/base64';

interface Opts {
  decode: boolean;
  ignoreGarbage: boolean;
  wrap: number;
  file?: string;
}

function parse(args: string[]): Opts | string {
  const o: Opts = { decode: false, ignoreGarbage: false, wrap: 76 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-d' || a === '--decode') o.decode = true;
    else if (a === '-i' || a === '--ignore-garbage') o.ignoreGarbage = true;
    else if (a === '-w' || a.startsWith('--wrap=') || /^-w\d+$/.test(a)) {
      const v = a === '-w' ? args[++i] : a.startsWith('--wrap=') ? a.slice(7) : a.slice(2);
      if (v === undefined) return "base64: option requires an argument -- 'w'\nTry 'base64 --help' for more information.\n";
      if (!/^\d+$/.test(v)) return `base64: invalid wrap size: '${v}'\n`;
      o.wrap = Number(v);
    } else if (a.startsWith('-') && a !== '-') {
      return `base64: ${a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1]}'`}\nTry 'base64 --help' for more information.\n`;
    } else if (o.file === undefined) o.file = a;
    else return `base64: extra operand '${a}'\nTry 'base64 --help' for more information.\n`;
  }
  return o;
}

function convert(ctx: CommandCtx, o: Opts, data: Uint8Array): number {
  if (!o.decode) {
    const b64 = toBase64(data);
    const lines = o.wrap === 0 ? [b64] : b64.match(new RegExp(`.{1,${o.wrap}}`, 'g')) ?? [];
    ctx.out(lines.length ? `${lines.join('\n')}\n` : '');
    return 0;
  }
  const text = new TextDecoder().decode(data);
  const clean = o.ignoreGarbage ? text.replace(/[^A-Za-z0-9+/=]/g, '') : text.replace(/\n/g, '');
  // GNU base64 decodes what it can and stops at the first bad character, or at a truncated final group.
  const valid = /^[A-Za-z0-9+/]*={0,2}$/.test(clean) && !/=[^=]/.test(clean);
  const whole = clean.length - (clean.length % 4);
  const bytes = fromBase64(clean.slice(0, valid ? whole : clean.search(/[^A-Za-z0-9+/=]/) & ~3)) ?? new Uint8Array();
  const out = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (valid && clean.length % 4 === 0) return (ctx.out(out), 0);
  const tail = valid ? fromBase64(clean.slice(whole).padEnd(4, '=')) : undefined;
  ctx.out(out + (tail ? new TextDecoder().decode(tail) : ''));
  ctx.err('base64: invalid input\n');
  return 1;
}

export const base64: Command = {
  name: 'base64',
  summary: 'base64 encode or decode standard input or a file',
  man: 'base64 [-d] [-i] [-w COLS] [FILE]\n  Encodes FILE or standard input in base64 (lines of 76 characters; -w 0: one line), or decodes it with -d.',
  where: 'any',
  run(argv, ctx): CommandResult {
    const o = parse(argv.slice(1));
    if (typeof o === 'string') return (ctx.err(o), 1);
    if (o.file !== undefined && o.file !== '-') {
      const data = ctx.files.read(o.file);
      if (!data) return (ctx.err(`base64: ${o.file}: No such file or directory\n`), 1);
      return convert(ctx, o, data);
    }
    return readAllStdin(ctx, (input) => convert(ctx, o, new TextEncoder().encode(input)));
  },
};
