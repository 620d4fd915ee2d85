/**
 * A command that reads all of its standard input before it does anything (base64, jq, openssl x509, wg pubkey):
 * the Proc collects the piped text, runs `finish` on it at end of input and exits with what it returns; Ctrl-C or
 * a closed pipe ends it with the signal's status.
 */
import type { CommandCtx, Proc } from './types';
import { signalCode } from './types';

export function readAllStdin(ctx: CommandCtx, finish: (text: string) => number): Proc {
  let input = '';
  let done = false;
  return {
    onInput(text) {
      if (done) return;
      if (text !== null) return void (input += text);
      done = true;
      ctx.exit(finish(input));
    },
    interrupt(sig) {
      done = true;
      ctx.exit(signalCode(sig));
    },
  };
}
