/**
 * `curl`: a thin terminal wrapper around the engine's curl (src/net/apps/curl.ts), which speaks real HTTP/1.1
 * over the simulated TCP and prints as curl 8 does. Output and exit status come from the engine job; Ctrl-C
 * kills it (status 130).
 */
import type { Command } from '../types';
import type { SimState } from '../../sim/state';
import { engineProgram } from './ping';

/** URLs worth completing: each service port by name, each pod's HTTP port by IP. */
function urls(st: SimState): string[] {
  return [
    ...st.cluster.services.flatMap((s) => s.ports.map((p) => `http://${s.name}.${s.namespace}${p.port === 80 ? '' : `:${p.port}`}/`)),
    ...st.cluster.pods.flatMap((p) => p.ports.map((c) => `http://${p.ip}:${c.containerPort}/`)),
  ];
}

export const curl: Command = {
  name: 'curl',
  summary: 'transfer a URL over HTTP (curl 8)',
  man: `CURL(1)

NAME
  curl - transfer a URL

SYNOPSIS
  curl [-s] [-v] [-i] [-m SECONDS] http://HOST[:PORT][/PATH]

  HOST is a pod IP or a service name (backend.bank.svc.cluster.local, backend.bank, or backend in the same
  namespace), resolved as cluster DNS would (no DNS packets are simulated). -v shows the request and response
  headers on stderr, -i includes the response headers in the output, -m limits the whole transfer.
  Exit status as curl's: 6 could not resolve host, 7 connection refused, 28 timeout, 52 empty reply.
`,
  where: 'any',
  run: (argv, ctx) => engineProgram(argv, ctx),
  complete: (_argv, index, st) => (index >= 1 ? ['-s', '-v', '-i', '-m', ...urls(st)] : []),
};
