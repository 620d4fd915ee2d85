/**
 * The default lab cluster: three worker nodes on one underlay; `web/frontend` on node-1 calling `bank/backend` on
 * node-2 (an HTTP API on TCP 8080) through the `backend` service; and a same-node pair `default/app-a` ->
 * `default/app-b` on node-3. Addresses, identities and ids come from the seeded RNG.
 */
import type { Cluster, Pod } from './cluster';
import type { RngState } from './rng';
import { randomInt } from './rng';
import { randomUuid } from './ids';

const NODE_IPS = ['192.168.61.11', '192.168.61.12', '192.168.61.13'];

export const UNDERLAY_CIDR = '192.168.61.0/24';

function freeHost(r: RngState, taken: Set<number>): number {
  for (;;) {
    const h = randomInt(r, 2, 254);
    if (!taken.has(h)) {
      taken.add(h);
      return h;
    }
  }
}

export function defaultCluster(r: RngState): Cluster {
  const used = new Map<string, Set<number>>();
  const nodes = NODE_IPS.map((ip, i) => {
    const taken = new Set<number>();
    used.set(`node-${i + 1}`, taken);
    return {
      name: `node-${i + 1}`, ip, podCidr: `10.244.${i + 1}.0/24`,
      routerIp: `10.244.${i + 1}.${freeHost(r, taken)}`, bootId: randomUuid(r),
    };
  });
  const identities = new Set<number>();
  const pod = (name: string, namespace: string, node: number, app: Pod['app'], image: string): Pod => {
    let identity = randomInt(r, 256, 65535);
    while (identities.has(identity)) identity = randomInt(r, 256, 65535);
    identities.add(identity);
    return {
      name, namespace, labels: { app: name }, serviceAccount: name, node: `node-${node}`,
      ip: `10.244.${node}.${freeHost(r, used.get(`node-${node}`)!)}`, uid: randomUuid(r), image,
      ports: app.kind === 'http-api' ? [{ name: 'http', containerPort: app.port, protocol: 'TCP' }] : [],
      app, identity,
    };
  };
  const pods = [
    pod('frontend', 'web', 1, { kind: 'none' }, 'docker.io/library/nginx:1.27'),
    pod('backend', 'bank', 2, { kind: 'http-api', port: 8080 }, 'ghcr.io/podlock/bank-api:1.4.2'),
    pod('app-a', 'default', 3, { kind: 'none' }, 'docker.io/curlimages/curl:8.5.0'),
    pod('app-b', 'default', 3, { kind: 'http-api', port: 8080 }, 'ghcr.io/podlock/bank-api:1.4.2'),
  ];
  const vip = () => `10.96.${randomInt(r, 0, 255)}.${randomInt(r, 1, 254)}`;
  return {
    name: 'podlock',
    serviceCidr: '10.96.0.0/12',
    namespaces: ['default', 'kube-system', 'web', 'bank'].map((name) => ({ name, labels: { 'kubernetes.io/metadata.name': name } })),
    nodes,
    pods,
    services: [
      { name: 'backend', namespace: 'bank', clusterIP: vip(), ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }], selector: { app: 'backend' } },
      { name: 'app-b', namespace: 'default', clusterIP: vip(), ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], selector: { app: 'app-b' } },
    ],
  };
}
