/** Starts a program on a host (a pod `ns/name` or a node): the `exec` input. Unknown programs fail as a shell would. */
import type { Sim } from '../../sim/sim';
import { appEvent, exit, print } from './app';
import { startCurl } from './curl';
import { startPing } from './ping';

export function execProgram(sim: Sim, target: string, argv: string[], job?: string): void {
  if (!sim.st.hosts[target]) {
    const app = { id: sim.id('app'), host: target, job };
    print(sim, app, `exec: no such pod or node: ${target}\n`, 'stderr');
    return exit(sim, app, 1);
  }
  switch (argv[0]) {
    case 'curl':
      startCurl(sim, target, argv, job);
      return;
    case 'ping':
      startPing(sim, target, argv, job);
      return;
    default: {
      const app = { id: sim.id('app'), host: target, job };
      print(sim, app, `sh: 1: ${argv[0]}: not found\n`, 'stderr');
      exit(sim, app, 127);
    }
  }
}

/** Ctrl-C for the program started under `job`; nothing happens when it has already exited. */
export function signalJob(sim: Sim, job: string, signal: 'INT'): void {
  const app = Object.values(sim.st.apps).find((a) => a.job === job);
  if (app) appEvent(sim, app.id, { type: 'signal', signal });
}
