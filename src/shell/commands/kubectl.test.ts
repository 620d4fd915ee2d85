import { describe, expect, test } from 'vitest';
import { createRng, randomInt, randomPick } from '../../sim/rng';
import { SECOND } from '../../sim/clock';
import { kubectl } from './kubectl';
import { NODE1, k, lab } from './kubectl.test-helper';

const e = lab();

describe('kubectl: the command', () => {
  test('exists on nodes, with a summary and a man page', () => {
    expect(kubectl.name).toBe('kubectl');
    expect(kubectl.where).toBe('node');
    expect(kubectl.summary).toMatch(/Kubernetes/);
    expect(kubectl.man).toMatch(/^kubectl \[-n NAMESPACE\] COMMAND/);
  });

  test('alone (or --help) prints the short help', () => {
    const r = k(e, '');
    expect(r.code).toBe(0);
    expect(r.out.startsWith('kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n' +
      'Basic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n')).toBe(true);
    expect(r.out).toContain('\n  get             Display one or many resources\n');
    expect(r.out.endsWith('Use "kubectl options" for a list of global command-line options (applies to all commands).\n')).toBe(true);
    expect(k(e, '--help').out).toBe(r.out);
    expect(k(e, 'get --help').out).toMatch(/^Display one or many resources\./);
    expect(k(e, 'help exec').out).toMatch(/^Execute a command in a container\./);
  });

  test('unknown subcommands get cobra\'s suggestions', () => {
    expect(k(e, 'gte pods')).toEqual({ out: '', code: 1,
      err: 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n\nRun \'kubectl --help\' for usage.\n' });
    expect(k(e, 'frobnicate').err).toBe('error: unknown command "frobnicate" for "kubectl"\nRun \'kubectl --help\' for usage.\n');
    expect(k(e, 'foo').err).toContain('Did you mean this?\n\ttop\n'); // edit distance 2, as cobra counts
    expect(k(e, 'desc pod').err).toContain('Did you mean this?\n\tdescribe\n');
    expect(k(e, '--foo')).toEqual({ out: '', err: "error: unknown flag: --foo\nSee 'kubectl --help' for usage.\n", code: 1 });
  });

  test('real subcommands the lab does not have yet say so', () => {
    for (const sub of ['edit', 'scale', 'cp']) {
      expect(k(e, `${sub} pods x`)).toEqual({ out: '', err: `error: podlock: 'kubectl ${sub}' is not available in this lab yet\n`, code: 1 });
    }
  });

  test('global flags before the subcommand, and --context', () => {
    expect(k(e, '-n web get pods -o name').out).toBe('pod/frontend\n');
    expect(k(e, '--namespace bank get pods -o name').out).toBe('pod/backend\n');
    expect(k(e, '--context kubernetes-admin@podlock get ns web -o name').out).toBe('namespace/web\n');
    expect(k(e, '--context other get pods').err).toBe('error: context was not found for specified context: other\n');
  });
});

describe('kubectl: cluster information', () => {
  test('version', () => {
    expect(k(e, 'version')).toEqual({ out: 'Client Version: v1.31.1\nKustomize Version: v5.4.2\nServer Version: v1.31.1\n', err: '', code: 0 });
    expect(k(e, 'version --client').out).toBe('Client Version: v1.31.1\nKustomize Version: v5.4.2\n');
    const j = JSON.parse(k(e, 'version -o json').out);
    expect(j.serverVersion).toMatchObject({ major: '1', minor: '31', gitVersion: 'v1.31.1', platform: 'linux/amd64' });
  });

  test('cluster-info and config', () => {
    expect(k(e, 'cluster-info').out).toBe('\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://192.168.61.10:6443\x1b[0m\n\n' +
      "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    expect(k(e, 'config current-context').out).toBe('kubernetes-admin@podlock\n');
    expect(k(e, 'config get-contexts').out).toBe(
      'CURRENT   NAME                       CLUSTER   AUTHINFO           NAMESPACE\n*         kubernetes-admin@podlock   podlock   kubernetes-admin   \n');
    expect(k(e, 'config view').out).toContain('\n    server: https://192.168.61.10:6443\n');
  });

  test('api-resources and api-versions', () => {
    const r = k(e, 'api-resources');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND');
    expect(lines).toContain('pods                                po           v1                                true         Pod');
    expect(lines).toContain('networkpolicies                     netpol       networking.k8s.io/v1              true         NetworkPolicy');
    // A Cilium lab has Cilium's CRDs installed, not Calico's.
    expect(lines.find((l) => l.startsWith('ciliumnodes '))).toMatch(/^ciliumnodes +cn,ciliumn +cilium\.io\/v2 +false +CiliumNode$/);
    expect(r.out).not.toContain('felixconfigurations');
    expect(k(e, 'api-resources --api-group=apps -o name').out).toBe('controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n');
    expect(k(e, 'api-resources --namespaced=false --no-headers').out.split('\n')[0]).toMatch(/^componentstatuses +cs +v1 +false +ComponentStatus$/);
    const versions = k(e, 'api-versions').out.trimEnd().split('\n');
    expect(versions[versions.length - 1]).toBe('v1');
    expect(versions).toContain('apps/v1');
  });
});

describe('kubectl: completion', () => {
  const complete = (line: string) => {
    const words = line.split(' ');
    return kubectl.complete!(words, words.length - 1, e.st, NODE1);
  };

  test('subcommands, types, names in the -n namespace, namespaces, output formats, flags', () => {
    expect(complete('kubectl ge')).toEqual(['get']);
    expect(complete('kubectl get po')).toEqual(['pods', 'po', 'poddisruptionbudgets', 'podtemplates'].sort());
    expect(complete('kubectl get pods ')).toEqual(['app-a', 'app-b']);
    expect(complete('kubectl get pods -n bank ')).toEqual(['backend']);
    expect(complete('kubectl -n web get pod/')).toEqual(['pod/frontend']);
    expect(complete('kubectl get pods -n ')).toEqual(['bank', 'default', 'kube-system', 'web']);
    expect(complete('kubectl get pods -o j')).toEqual(['json', 'jsonpath-as-json=', 'jsonpath=']);
    expect(complete('kubectl exec -n bank ')).toEqual(['backend']);
    expect(complete('kubectl exec -n bank backend -c ')).toEqual(['backend']);
    expect(complete('kubectl logs --t')).toEqual(['--tail', '--timestamps']);
    expect(complete('kubectl describe no')).toEqual(['no', 'nodes']);
    expect(complete('kubectl describe nodes node-')).toEqual(['node-1', 'node-2', 'node-3']);
    expect(complete('kubectl exec frontend -n web -- ')).toEqual([]);
  });
});

describe('kubectl: never throws', () => {
  test('random argv only ever produces messages and exit codes', () => {
    const rng = createRng('kubectl-fuzz');
    const vocab = ['get', 'describe', 'exec', 'logs', 'version', 'cluster-info', 'config', 'api-resources', 'api-versions', 'help',
      'label', 'pods', 'po', 'pod/frontend', 'svc', 'nodes', 'node-1', 'ns', 'ep', 'sa', 'all', 'secrets', 'netpol', 'frontend',
      'backend', 'app-a', 'bank', 'web', '-n', '-A', '-o', 'wide', 'yaml', 'json', 'name', '-l', 'app=backend', '--show-labels',
      '-L', '--', 'sh', '-it', '-c', '-f', '--tail', '3', '-1', '--sort-by', '.metadata.name', '--field-selector', 'x=y', '=',
      '-', '', ',', '/', 'jsonpath={.items[*].metadata.name}', 'jsonpath={range .items[*]}{.x}{end}', 'custom-columns=A:.b',
      '--no-headers', '-h', '--context', 'current-context', 'view', '{', '}', '[', ']', '(', ')', '"', "'", '\\', '\t', '..'];
    const junk = '{}[]()?@$.*,:=!<>"\'\\ -/abcxyz019';
    for (let i = 0; i < 600; i++) {
      const n = randomInt(rng, 0, 7);
      const argv = ['kubectl'];
      for (let j = 0; j < n; j++) {
        if (randomInt(rng, 0, 5) === 0) {
          let s = randomPick(rng, ['-o', 'jsonpath=', '-l', '']);
          const len = randomInt(rng, 0, 12);
          for (let q = 0; q < len; q++) s += junk[randomInt(rng, 0, junk.length - 1)];
          argv.push(s);
        } else argv.push(randomPick(rng, vocab));
      }
      const r = k(e, argv.slice(1), { maxUs: SECOND });
      expect(typeof r.out).toBe('string');
      expect(r.err, argv.join(' ')).not.toContain('internal error');
      expect(Number.isInteger(r.code)).toBe(true);
      const words = argv.concat(['']);
      expect(() => kubectl.complete!(words, words.length - 1, e.st, NODE1)).not.toThrow();
    }
  });
});
