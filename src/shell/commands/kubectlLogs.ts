/**
 * `kubectl logs [-f] POD [-c CONTAINER] [--tail N] [--timestamps] [--prefix]`: a pod's log is what its main program
 * (the backend's HTTP API: one access-log line per request) writes. The engine does not keep those lines yet, so a
 * plain `kubectl logs` shows the lines the engine kept (src/net/apps/app.ts print), and `-f` follows the program's output from
 * now on, until Ctrl-C.
 */
import type { CommandCtx, CommandResult, EngineEvent, Proc } from '../types';
import { signalCode } from '../types';
import type { SimState } from '../../sim/state';
import type { Pod } from '../../sim/cluster';
import type { FlagDef } from './kubectlArgs';
import { bool, int, str } from './kubectlArgs';
import { fail, findPod, namespaceOf, parseOrFail, podArg } from './kubectlCommon';
import { podContainers } from './kubectlPod';
import { defaultContainer, isMeshContainer } from './meshPods';
import { pickContainer } from './kubectlExec';
import { rfc3339Nano } from './kubectlFormat';
import { helpText } from './kubectlHelp';

export const LOGS_FLAGS: FlagDef[] = [
  { long: 'container', short: 'c', type: 'string' },
  { long: 'follow', short: 'f', type: 'bool' },
  { long: 'tail', type: 'int' },
  { long: 'timestamps', type: 'bool' },
  { long: 'prefix', type: 'bool' },
  { long: 'all-containers', type: 'bool' },
  { long: 'previous', short: 'p', type: 'bool' },
  { long: 'since', type: 'string', unsupported: "podlock: 'kubectl logs --since' is not available in this lab yet" },
  { long: 'since-time', type: 'string', unsupported: "podlock: 'kubectl logs --since-time' is not available in this lab yet" },
  { long: 'selector', short: 'l', type: 'string', unsupported: "podlock: 'kubectl logs -l' is not available in this lab yet; name the pod" },
];

export interface LogLine {
  /** Virtual time the line was written, µs. */
  t: number;
  text: string;
}

/** The log lines the engine kept for a pod's main program (its last LOG_LINES lines). */
export function storedLogs(st: SimState, pod: Pod, container: string): LogLine[] {
  // The lab models what the app writes; a sidecar's own log (Envoy's, linkerd-proxy's) is not simulated.
  if (isMeshContainer(container)) return [];
  return st.podLogs?.[`${pod.namespace}/${pod.name}`] ?? [];
}

/** Is this output event a line of the pod's main program (not of a command someone ran in the pod)? */
function isPodLog(st: SimState, pod: Pod, e: EngineEvent): e is EngineEvent<'output'> {
  if (e.name !== 'output') return false;
  const ev = (e as EngineEvent<'output'>).ev;
  return ev.host === `${pod.namespace}/${pod.name}` && st.apps[ev.app]?.kind === 'http-api';
}

export function runLogs(argv: string[], ctx: CommandCtx): CommandResult {
  const p = parseOrFail(ctx, 'logs', argv, LOGS_FLAGS);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) {
    ctx.out(helpText('logs'));
    return 0;
  }
  if (!p.args.length || p.args.length > 2) {
    ctx.err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
    return 1;
  }
  const target = podArg(p.args[0]);
  if ('error' in target) return fail(ctx, target.error);
  const pod = findPod(ctx, namespaceOf(p), target.name);
  if (!pod) return fail(ctx, `Error from server (NotFound): pods "${target.name}" not found`);
  const names = podContainers(ctx.st, pod).map((c) => c.name);
  const wanted = str(p, 'container') ?? p.args[1];
  const containers = bool(p, 'all-containers') ? names : [pickContainer(ctx, names, wanted, pod.name, false, defaultContainer(ctx.st, pod))];
  if (typeof containers[0] === 'number') return containers[0];
  const container = String(containers[0]);
  if (bool(p, 'previous')) {
    return fail(ctx, `Error from server (BadRequest): previous terminated container "${container}" in pod "${pod.name}" not found`);
  }
  const prefix = bool(p, 'prefix') ? `[pod/${pod.name}/${container}] ` : '';
  const line = (t: number, text: string): string => `${prefix}${bool(p, 'timestamps') ? `${rfc3339Nano(t)} ` : ''}${text}\n`;
  const tail = int(p, 'tail') ?? -1;
  const stored = storedLogs(ctx.st, pod, container);
  const shown = tail < 0 ? stored : tail === 0 ? [] : stored.slice(-tail);
  for (const l of shown) ctx.out(line(l.t, l.text));
  if (!bool(p, 'follow')) return 0;

  // Follow: print each new line of the pod's program as it is written, until interrupted.
  let partial = '';
  const proc: Proc = {
    onEvent(e) {
      if (isMeshContainer(container) || !isPodLog(ctx.st, pod, e)) return;
      const parts = (partial + e.ev.text).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) ctx.out(line(e.ev.t, text));
    },
    interrupt(signal) {
      ctx.exit(signalCode(signal));
    },
  };
  return proc;
}
