import { describe, expect, test } from 'vitest';
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import type { Command, Place } from '../types';
import { memoryFiles, startCommand } from '../runCommand';
import { kubectl } from './kubectl';
import { pickContainer, splitScript } from './kubectlExec';
import { NODE1, k, lab } from './kubectl.test-helper';

/** A stand-in for a lab command: prints where it ran and its arguments. */
const echo: Command = {
  name: 'echo', summary: 'test echo', man: '', where: 'any',
  run: (argv, ctx) => {
    const where = ctx.place.kind === 'pod' ? `${ctx.place.namespace}/${ctx.place.pod}` : ctx.place.node;
    ctx.out(`${where}: ${argv.slice(1).join(' ')}\n`);
    return 0;
  },
};
const lookup = (name: string) => (name === 'echo' ? echo : undefined);

const e = lab();

describe('kubectl exec', () => {
  test('runs another command inside the pod, with its output', () => {
    expect(k(e, 'exec frontend -n web -- echo hello there', { lookup })).toEqual({ out: 'web/frontend: hello there\n', err: '', code: 0 });
    expect(k(e, 'exec -n bank pod/backend -c backend -- echo x', { lookup }).out).toBe('bank/backend: x\n');
    expect(k(e, ['exec', 'app-a', '--', 'sh', '-c', "echo 'a b'  c"], { lookup }).out).toBe('default/app-a: a b c\n');
  });

  test('-it with a shell enters the pod; without a terminal the shell reads nothing and exits', () => {
    const entered: Place[] = [];
    let out = '', err = '';
    const s = startCommand(e, kubectl, ['kubectl', 'exec', '-it', 'frontend', '-n', 'web', '--', 'sh'], NODE1, {
      io: { out: (t) => (out += t), err: (t) => (err += t) }, files: memoryFiles(), lookup, enter: (p) => entered.push(p),
    });
    expect(s.code).toBe(0);
    expect(entered).toEqual([{ kind: 'pod', namespace: 'web', pod: 'frontend' }]);
    expect(out + err).toBe('');
    expect(k(e, 'exec frontend -n web -- /bin/bash')).toEqual({ out: '', err: '', code: 0 });
  });

  test('errors read like kubectl 1.31', () => {
    expect(k(e, 'exec frontend -n web sh')).toEqual({ out: '',
      err: "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n", code: 1 });
    expect(k(e, 'exec')).toEqual({ out: '', err: 'error: pod, type/name or --filename must be specified\n', code: 1 });
    expect(k(e, 'exec frontend -n web')).toEqual({ out: '', err: 'error: you must specify at least one command for the container\n', code: 1 });
    expect(k(e, 'exec frontend -- ls')).toEqual({ out: '', err: 'Error from server (NotFound): pods "frontend" not found\n', code: 1 });
    expect(k(e, 'exec frontend -n web -c sidecar -- ls')).toEqual({ out: '',
      err: 'Error from server (BadRequest): container sidecar is not valid for pod frontend\n', code: 1 });
    expect(k(e, 'exec frontend -n web -z -- ls').err).toBe("error: unknown shorthand flag: 'z' in -z\nSee 'kubectl exec --help' for usage.\n");
    const unknown = k(e, 'exec frontend -n web -- nosuchtool', { lookup });
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("executable file not found in $PATH");
    expect(unknown.err).toContain('nosuchtool');
  });

  test('several containers: the first is the default, and kubectl says so', () => {
    let err = '';
    const ctx = { err: (t: string) => void (err += t) } as unknown as Parameters<typeof pickContainer>[0];
    expect(pickContainer(ctx, ['app', 'istio-proxy'], undefined, 'p')).toBe('app');
    expect(err).toBe('Defaulted container "app" out of: app, istio-proxy\n');
    expect(pickContainer(ctx, ['app', 'istio-proxy'], 'istio-proxy', 'p')).toBe('istio-proxy');
  });

  test('sh -c scripts: one command only, quotes respected', () => {
    expect(splitScript(`curl -s "http://backend.bank:8080/a b"`)).toEqual(['curl', '-s', 'http://backend.bank:8080/a b']);
    expect(splitScript('ls | head')).toMatch(/only a single command/);
  });
});

describe('kubectl logs', () => {
  test('-f follows the pod program\'s access log until interrupted, with --timestamps and --prefix', () => {
    const fresh = Engine.create('plaintext', 1);
    const frontend = fresh.st.cluster.pods.find((p) => p.name === 'frontend')!;
    const r = k(fresh, 'logs -f backend -n bank --timestamps --prefix', { maxUs: 5 * SECOND });
    expect(r.code).toBe(130);
    expect(r.err).toBe('');
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^\\[pod/backend/backend\\] 2026-03-02T09:00:00\\.\\d{9}Z ${frontend.ip.replace(/\./g, '\\.')} - - ` +
      '\\[02/Mar/2026:09:00:00 \\+0000\\] "GET /api/accounts/1042/transactions HTTP/1\\.1" 200 \\d+$'));
  });

  test('only the pod\'s own program: curl run in a pod is not its log', () => {
    const fresh = Engine.create('plaintext', 1);
    expect(k(fresh, 'logs -f frontend -n web', { maxUs: 5 * SECOND })).toEqual({ out: '', err: '', code: 130 });
  });

  test('without -f: the lines the engine kept, --tail, and errors', () => {
    const ran = Engine.create('plaintext', 1);
    ran.runToIdle();
    const frontend = ran.st.cluster.pods.find((p) => p.name === 'frontend')!;
    const all = k(ran, 'logs backend -n bank');
    expect(all.code).toBe(0);
    expect(all.out).toMatch(new RegExp(`^${frontend.ip.replace(/\./g, '\\.')} - - \\[02/Mar/2026:09:00:00 \\+0000\\] "GET /api/accounts/1042/transactions HTTP/1\\.1" 200 \\d+\n$`));
    expect(k(ran, 'logs backend -n bank --tail 0').out).toBe('');
    expect(k(ran, 'logs frontend -n web').out).toBe(''); // curl run by exec is not the pod's log
    expect(k(Engine.create('plaintext', 1), 'logs backend -n bank')).toEqual({ out: '', err: '', code: 0 });
    expect(k(e, 'logs nope')).toEqual({ out: '', err: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(k(e, 'logs').err).toMatch(/^error: expected 'logs \[-f\] \[-p\] \(POD \| TYPE\/NAME\) \[-c CONTAINER\]'\.\n/);
    expect(k(e, 'logs backend -n bank -p').err).toBe('Error from server (BadRequest): previous terminated container "backend" in pod "backend" not found\n');
    expect(k(e, 'logs backend -n bank --tail x').err).toBe(
      'error: invalid argument "x" for "--tail" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl logs --help\' for usage.\n');
  });
});
