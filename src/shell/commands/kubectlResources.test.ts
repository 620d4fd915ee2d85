import { describe, expect, test } from 'vitest';
import { registerKind, resolveKind } from './kubectlResources';
import { matchLabels, parseLabelSelector } from './kubectlSelectors';
import { expectedTable, k, lab } from './kubectl.test-helper';
import { Engine } from '../../sim/engine';

describe('the resource registry', () => {
  test('type names resolve like the RESTMapper: plural, singular, short, Kind, plural.group', () => {
    const e = lab();
    for (const t of ['pods', 'pod', 'po', 'Pod', 'PODS', 'pods.', 'pods.v1.']) expect(resolveKind(e.st, t)?.kind, t).toBe('Pod');
    expect(resolveKind(e.st, 'deployments.apps')?.kind).toBe('Deployment');
    expect(resolveKind(e.st, 'netpol')?.group).toBe('networking.k8s.io');
    // A CNI's custom resources exist only where that CNI is installed.
    expect(resolveKind(e.st, 'cn')?.kind).toBe('CiliumNode');
    expect(resolveKind(e.st, 'felixconfigurations')).toBeUndefined();
    const calico = Engine.create('calico-wireguard', 1);
    expect(resolveKind(calico.st, 'ciliumnodes')).toBeUndefined();
    expect(resolveKind(calico.st, 'felixconfiguration.crd.projectcalico.org')?.kind).toBe('FelixConfiguration');
  });

  test('a later issue adds a custom resource that exists only where it is installed', () => {
    registerKind({
      resource: 'widgets', singular: 'widget', shortNames: ['wd'], kind: 'Widget', group: 'example.com', version: 'v1',
      namespaced: false, installed: (st) => st.seed === '7',
      list: () => [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', creationTimestamp: '2026-03-02T09:00:00Z' } }],
    });
    expect(k(lab(1), 'get widgets').err).toBe('error: the server doesn\'t have a resource type "widgets"\n');
    const e = lab(7);
    expect(k(e, 'get wd').out).toBe(expectedTable([['NAME', 'AGE'], ['w1', '5m12s']]));
    expect(k(e, 'get widgets.example.com -o name').out).toBe('widget.example.com/w1\n');
    expect(k(e, 'api-resources --api-group=example.com --no-headers').out).toMatch(/^widgets +wd +example\.com\/v1 +false +Widget\n$/);
  });

  test('and can make a kind real that was empty (Secrets)', () => {
    registerKind({
      resource: 'secrets', singular: 'secret', shortNames: [], kind: 'Secret', group: '', version: 'v1', namespaced: true,
      list: () => [{ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', data: { keys: 'eA==' },
        metadata: { name: 'cilium-ipsec-keys', namespace: 'kube-system', creationTimestamp: '2026-03-02T09:00:00Z' } }],
    });
    expect(k(lab(), 'get secrets -n kube-system').out).toBe(expectedTable([['NAME', 'TYPE', 'DATA', 'AGE'], ['cilium-ipsec-keys', 'Opaque', '1', '5m12s']]));
  });
});

describe('label selectors', () => {
  const sel = (s: string) => {
    const r = parseLabelSelector(s);
    if (typeof r === 'string') throw new Error(r);
    return r;
  };
  test('equality, sets, existence, numeric comparison', () => {
    const labels = { app: 'backend', tier: 'api', replicas: '3' };
    expect(matchLabels(sel('app=backend'), labels)).toBe(true);
    expect(matchLabels(sel('app==backend,tier=api'), labels)).toBe(true);
    expect(matchLabels(sel('app!=backend'), labels)).toBe(false);
    expect(matchLabels(sel('missing!=x'), labels)).toBe(true);
    expect(matchLabels(sel('tier in (api, web)'), labels)).toBe(true);
    expect(matchLabels(sel('tier notin (api)'), labels)).toBe(false);
    expect(matchLabels(sel('app'), labels)).toBe(true);
    expect(matchLabels(sel('!app'), labels)).toBe(false);
    expect(matchLabels(sel('replicas>2'), labels)).toBe(true);
    expect(matchLabels(sel('replicas<2'), labels)).toBe(false);
    expect(matchLabels(sel(''), labels)).toBe(true);
  });
  test('invalid keys and values', () => {
    expect(parseLabelSelector('a/b/c=1')).toMatch(/^unable to parse requirement: invalid label key "a\/b\/c"/);
    expect(parseLabelSelector('app=-x')).toMatch(/^unable to parse requirement: invalid label value: "-x": at key: "app"/);
    expect(parseLabelSelector('x>y')).toBe("unable to parse requirement: invalid integer value 'y' for operator '>'");
  });
});
