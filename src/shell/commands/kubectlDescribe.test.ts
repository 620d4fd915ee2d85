import { describe, expect, test } from 'vitest';
import { k, lab } from './kubectl.test-helper';

const e = lab();
const c = e.st.cluster;
const backend = c.pods.find((p) => p.name === 'backend')!;
const obj = JSON.parse(k(e, 'get pod backend -n bank -o json').out);
const vol = obj.spec.volumes[0].name as string;

describe('kubectl describe pod', () => {
  test('the full page, aligned as kubectl aligns it', () => {
    const r = k(e, 'describe pod backend -n bank');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe([
      'Name:             backend',
      'Namespace:        bank',
      'Priority:         0',
      'Service Account:  backend',
      'Node:             node-2/192.168.61.12',
      'Start Time:       Mon, 02 Mar 2026 09:00:00 +0000',
      'Labels:           app=backend',
      'Annotations:      <none>',
      'Status:           Running',
      `IP:               ${backend.ip}`,
      'IPs:',
      `  IP:  ${backend.ip}`,
      'Containers:',
      '  backend:',
      `    Container ID:   ${obj.status.containerStatuses[0].containerID}`,
      '    Image:          ghcr.io/podlock/bank-api:1.4.2',
      `    Image ID:       ${obj.status.containerStatuses[0].imageID}`,
      '    Port:           8080/TCP',
      '    Host Port:      0/TCP',
      '    State:          Running',
      '      Started:      Mon, 02 Mar 2026 09:00:00 +0000',
      '    Ready:          True',
      '    Restart Count:  0',
      '    Environment:    <none>',
      '    Mounts:',
      `      /var/run/secrets/kubernetes.io/serviceaccount from ${vol} (ro)`,
      'Conditions:',
      '  Type                        Status',
      '  PodReadyToStartContainers   True ',
      '  Initialized                 True ',
      '  Ready                       True ',
      '  ContainersReady             True ',
      '  PodScheduled                True ',
      'Volumes:',
      `  ${vol}:`,
      '    Type:                    Projected (a volume that contains injected data from multiple sources)',
      '    TokenExpirationSeconds:  3607',
      '    ConfigMapName:           kube-root-ca.crt',
      '    ConfigMapOptional:       <nil>',
      '    DownwardAPI:             true',
      'QoS Class:                   BestEffort',
      'Node-Selectors:              <none>',
      'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
      'Events:                      <none>',
      '',
    ].join('\n'));
    expect(vol).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test('a pod without ports, by prefix and by pod/NAME', () => {
    const r = k(e, 'describe pods fro -n web');
    expect(r.out).toContain('\n    Port:           <none>\n    Host Port:      <none>\n');
    expect(k(e, 'describe pod/frontend -n web').out).toBe(r.out);
  });

  test('all pods of a namespace, separated by two blank lines', () => {
    const r = k(e, 'describe pods');
    const pages = r.out.split('\n\n\nName:');
    expect(pages).toHaveLength(2);
    expect(r.out.startsWith('Name:             app-a\n')).toBe(true);
  });

  test('errors', () => {
    expect(k(e, 'describe pod nope')).toEqual({ out: '', err: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(k(e, 'describe secrets')).toEqual({ out: '', err: 'No resources found in default namespace.\n', code: 0 });
    expect(k(e, 'describe felixconfigurations').err).toBe('error: the server doesn\'t have a resource type "felixconfigurations"\n');
    expect(k(e, 'describe').err).toMatch(/^You must specify the type of resource to describe\./);
  });
});

describe('kubectl describe: nodes, services, namespaces', () => {
  test('node: labels, conditions table, system info with the boot id, pods on the node', () => {
    const n = c.nodes[1];
    const r = k(e, `describe node ${n.name}`);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      `Name:               ${n.name}`, 'Roles:              <none>', 'Labels:             beta.kubernetes.io/arch=amd64',
      '                    beta.kubernetes.io/os=linux', '                    kubernetes.io/arch=amd64',
      `                    kubernetes.io/hostname=${n.name}`, '                    kubernetes.io/os=linux']);
    expect(r.out).toContain('\nConditions:\n  Type                 Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message\n' +
      '  ----                 ------  -----------------                 ------------------                ------                       -------\n' +
      '  NetworkUnavailable   False   Mon, 02 Mar 2026 09:00:00 +0000   Mon, 02 Mar 2026 09:00:00 +0000   CiliumIsUp                   Cilium is running on this node\n');
    expect(r.out).toContain(`\nAddresses:\n  InternalIP:  ${n.ip}\n  Hostname:    ${n.name}\n`);
    expect(r.out).toContain(`\n  Boot ID:                    ${n.bootId}\n`);
    expect(r.out).toContain(`\nPodCIDR:                      ${n.podCidr}\nPodCIDRs:                     ${n.podCidr}\nNon-terminated Pods:          (1 in total)\n`);
    expect(r.out).toMatch(/\n {2}bank {24}backend {4}0 \(0%\) {8}0 \(0%\) {6}0 \(0%\) {11}0 \(0%\) {9}5m12s\n/);
    expect(r.out).toContain('\n  RenewTime:       Mon, 02 Mar 2026 09:05:10 +0000\n');
    expect(r.out.endsWith('\nEvents:              <none>\n')).toBe(true);
  });

  test('service', () => {
    const s = c.services.find((x) => x.name === 'backend')!;
    expect(k(e, 'describe svc backend -n bank').out).toBe([
      'Name:                     backend', 'Namespace:                bank', 'Labels:                   <none>',
      'Annotations:              <none>', 'Selector:                 app=backend', 'Type:                     ClusterIP',
      'IP Family Policy:         SingleStack', 'IP Families:              IPv4', `IP:                       ${s.clusterIP}`,
      `IPs:                      ${s.clusterIP}`, 'Port:                     http  8080/TCP', 'TargetPort:               8080/TCP',
      `Endpoints:                ${backend.ip}:8080`, 'Session Affinity:         None', 'Internal Traffic Policy:  Cluster',
      'Events:                   <none>', ''].join('\n'));
    const api = k(e, 'describe service kubernetes').out;
    expect(api).toContain('\nLabels:                   component=apiserver\n                          provider=kubernetes\n');
    expect(api).toContain('\nPort:                     https  443/TCP\nTargetPort:               6443/TCP\nEndpoints:                192.168.61.10:6443\n');
  });

  test('namespace, service account, endpoints', () => {
    expect(k(e, 'describe ns web').out).toBe('Name:         web\nLabels:       kubernetes.io/metadata.name=web\nAnnotations:  <none>\nStatus:       Active\n\n' +
      'No resource quota.\n\nNo LimitRange resource.\n');
    expect(k(e, 'describe sa frontend -n web').out).toBe('Name:                frontend\nNamespace:           web\nLabels:              <none>\n' +
      'Annotations:         <none>\nImage pull secrets:  <none>\nMountable secrets:   <none>\nTokens:              <none>\nEvents:              <none>\n');
    expect(k(e, 'describe ep backend -n bank').out).toBe(`Name:         backend\nNamespace:    bank\nLabels:       <none>\nAnnotations:  <none>\nSubsets:\n` +
      `  Addresses:          ${backend.ip}\n  NotReadyAddresses:  <none>\n  Ports:\n    Name  Port  Protocol\n    ----  ----  --------\n    http  8080  TCP\n\nEvents:  <none>\n`);
  });
});
