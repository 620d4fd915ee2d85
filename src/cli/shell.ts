/**
 * npm run -s shell -- --scenario <id> --seed <n> [--on node-1 | --in web/frontend] [--routing native|tunnel] [--after <s>] '<command line>'
 *
 * Runs a scenario headless, types the command line into a terminal at the start of the lab (before the scenario's
 * traffic; with --after, that many seconds of virtual time later, so `wg show` has handshakes to show), and prints what the command prints: stdout to stdout, stderr to stderr (a terminal shows both). A
 * streaming command (tcpdump, ping, hubble observe -f) stops at its own limit (-c N) or when the scenario's traffic
 * ends, as if Ctrl-C were pressed then. The exit status is the command's.
 */
import { Engine } from '../sim/engine';
import { SCENARIO_IDS } from '../sim/scenarios';
import { SECOND } from '../sim/clock';
import { ShellSession } from '../shell/session';
import { defaultRegistry } from '../shell/commands';
import type { Place } from '../shell/types';
import { parseFlags, UsageError } from './args';

const USAGE = `usage: npm run -s shell -- --scenario <id> --seed <n> [--on <node> | --in <namespace>/<pod>] [--routing native|tunnel] [--after <seconds>] '<command line>'
  scenarios: ${SCENARIO_IDS.join(', ')}
  default: --on node-1, typed at the lab's start (--after: that many seconds of virtual time later, up to 3600)`;

/** How long a command may keep the lab running after the scenario's own traffic is over (virtual time). */
const MAX_RUN = 120 * SECOND;

function placeOf(flags: Record<string, string>, engine: Engine): Place {
  if (flags.on && flags.in) throw new UsageError('give --on <node> or --in <namespace>/<pod>, not both');
  if (flags.in) {
    const m = /^([^/]+)\/([^/]+)$/.exec(flags.in);
    const pod = m && engine.st.cluster.pods.find((p) => p.namespace === m[1] && p.name === m[2]);
    if (!m || !pod) throw new UsageError(`no pod '${flags.in}'. Pods: ${engine.st.cluster.pods.map((p) => `${p.namespace}/${p.name}`).join(', ')}`);
    return { kind: 'pod', namespace: pod.namespace, pod: pod.name };
  }
  const node = flags.on ?? 'node-1';
  if (!engine.st.cluster.nodes.some((n) => n.name === node)) {
    throw new UsageError(`no node '${node}'. Nodes: ${engine.st.cluster.nodes.map((n) => n.name).join(', ')}`);
  }
  return { kind: 'node', node };
}

function main(argv: string[]): number {
  try {
    const { flags, rest } = parseFlags(argv, { scenario: 'value', seed: 'value', on: 'value', in: 'value', routing: 'value', after: 'value', help: 'bool' });
    if (flags.help) {
      console.log(USAGE);
      return 0;
    }
    for (const f of ['scenario', 'seed']) if (!flags[f]) throw new UsageError(`missing --${f}`);
    if (rest.length !== 1) throw new UsageError(rest.length ? `give the command line as one quoted argument (got ${rest.length} words)` : 'missing the command line');
    if (flags.routing && flags.routing !== 'native' && flags.routing !== 'tunnel') throw new UsageError(`--routing must be native or tunnel, not '${flags.routing}'`);
    const after = flags.after === undefined ? 0 : Number(flags.after);
    if (!(after >= 0 && after <= 3600)) throw new UsageError(`--after must be a number of seconds from 0 to 3600, not '${flags.after}'`);
    const engine = Engine.create(flags.scenario, flags.seed, { routing: flags.routing as 'native' | 'tunnel' | undefined });
    const place = placeOf(flags, engine);
    engine.runFor(Math.round(after * SECOND));
    const sh = new ShellSession(engine, {
      place, registry: defaultRegistry(), headless: true, name: 'cli',
      write: (t) => process.stdout.write(t),
      writeErr: (t) => process.stderr.write(t),
    });
    sh.runLine(rest[0]);
    const limit = engine.now + MAX_RUN;
    while (sh.busy && engine.now <= limit && engine.step());
    // The scenario's traffic is over (or the time limit hit): stop what still runs, as Ctrl-C would.
    if (sh.busy) sh.interrupt();
    return sh.exitCode;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`shell: ${msg}`);
    if (e instanceof UsageError) console.error(USAGE);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
