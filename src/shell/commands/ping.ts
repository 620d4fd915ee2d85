/**
 * `ping` (iputils): a thin terminal wrapper around the engine's ping (src/net/apps/ping.ts), which sends the real
 * ICMP echoes and prints what iputils prints. The wrapper starts it with an exec input tagged with a job, forwards
 * that job's output, and ends with its exit status. Ctrl-C sends the engine a signal input: ping then prints its
 * statistics and exits (the terminal itself echoes the ^C). When the reader of a pipe goes away (`| head -2`) the
 * program is stopped too, with SIGPIPE's status 141 and no more output.
 */
import type { Command, CommandCtx, CommandResult, EngineEvent } from '../types';
import { signalCode } from '../types';
import type { SimState } from '../../sim/state';

/** Runs an engine program at the terminal's place as a foreground process. */
export function engineProgram(argv: string[], ctx: CommandCtx): CommandResult {
  const job = ctx.exec(argv);
  let done = false;
  return {
    onEvent(e: EngineEvent): void {
      if (done) return;
      if (e.name === 'output') {
        const o = e.ev as EngineEvent<'output'>['ev'];
        if (o.job !== job) return;
        if (o.stream === 'stdout') ctx.out(o.text);
        else ctx.err(o.text);
      } else if (e.name === 'exit') {
        const x = e.ev as EngineEvent<'exit'>['ev'];
        if (x.job !== job) return;
        done = true;
        ctx.exit(x.code);
      }
    },
    interrupt(signal): void {
      if (done) return;
      // Either way the engine program is stopped. On Ctrl-C it has last words and an exit status (ping: its
      // statistics; curl: 130), which reach us as events; on SIGPIPE it dies at once and says nothing more.
      ctx.submit({ kind: 'signal', job, signal: 'INT' });
      if (signal === 'PIPE') {
        done = true;
        ctx.exit(signalCode('PIPE'));
      }
    },
  };
}

/** Pod IPs and service names, for completing a ping target. */
function targets(st: SimState): string[] {
  return [...st.cluster.pods.map((p) => p.ip), ...st.cluster.services.map((s) => `${s.name}.${s.namespace}`)];
}

export const ping: Command = {
  name: 'ping',
  summary: 'send ICMP ECHO_REQUEST to network hosts (iputils)',
  man: `PING(8)

NAME
  ping - send ICMP ECHO_REQUEST to network hosts

SYNOPSIS
  ping [-c count] destination

  Sends an echo request every second (56 data bytes) and prints each reply; Ctrl-C or the count ends it and
  prints the statistics. The destination is an IP address or a service name (resolved as cluster DNS would).
  Exit status: 0 if any reply came back, 1 if none, 2 on errors.
`,
  where: 'any',
  run: (argv, ctx) => engineProgram(argv, ctx),
  complete: (_argv, index, st) => (index >= 1 ? ['-c', ...targets(st)] : []),
};
