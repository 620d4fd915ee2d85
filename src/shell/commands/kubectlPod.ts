/**
 * Pods and the lab's Deployments as the API server returns them (`kubectl get -o json`): a pod's app container and,
 * where a mesh injected one, its proxy container, init container, volumes, labels and annotations (meshPods.ts);
 * one Deployment per namespace and app label, its replicas the lab's pods. Constant facts come from the seed.
 */
import type { SimState } from '../../sim/state';
import type { ContainerPort, Pod } from '../../sim/cluster';
import type { Json, Obj } from './kubectlObjects';
import { created, labelsAnnotations, meta } from './kubectlObjects';
import { stableHex, stableSuffix } from './kubectlFormat';
import { appContainer, injectionOf, labDeployments, type MeshMount } from './meshPods';

export interface PodContainer {
  name: string;
  image: string;
  ports: ContainerPort[];
  /** Volume mounts besides the service account token's. */
  mounts?: MeshMount[];
  env?: { name: string; value: string }[];
}

/** The containers of a pod: its app container, and the mesh's proxy where one was injected. */
export function podContainers(st: SimState, pod: Pod): PodContainer[] {
  const app: PodContainer = { name: appContainer(pod), image: pod.image, ports: pod.ports };
  const inj = injectionOf(st, pod);
  if (!inj) return [app];
  return inj.proxyFirst ? [inj.proxy, app] : [app, inj.proxy];
}

/** The init containers injection added (istio-init, linkerd-init); none without a sidecar. */
export function podInitContainers(st: SimState, pod: Pod): PodContainer[] {
  const inj = injectionOf(st, pod);
  return inj ? [inj.init] : [];
}

export const apiAccessVolume = (pod: Pod): string => `kube-api-access-${stableSuffix(pod.uid)}`;

const imageId = (image: string): string => `${image.replace(/:[^:/]*$/, '')}@sha256:${stableHex(`image/${image}`, 64)}`;

const TOLERATIONS: Json = ['not-ready', 'unreachable'].map((k) => ({
  effect: 'NoExecute', key: `node.kubernetes.io/${k}`, operator: 'Exists', tolerationSeconds: 300,
}));

const containerSpec = (c: PodContainer, token: Obj): Obj => ({
  ...(c.env?.length ? { env: c.env.map((e): Obj => ({ name: e.name, value: e.value })) } : {}),
  image: c.image, imagePullPolicy: 'IfNotPresent', name: c.name,
  ...(c.ports.length ? { ports: c.ports.map((p) => ({ containerPort: p.containerPort, ...(p.name ? { name: p.name } : {}), protocol: p.protocol })) } : {}),
  resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
  volumeMounts: [...(c.mounts ?? []).map((m): Obj => ({ mountPath: m.mountPath, name: m.name })), token],
});

export function podObject(st: SimState, pod: Pod): Obj {
  const node = st.cluster.nodes.find((n) => n.name === pod.node);
  const vol = apiAccessVolume(pod);
  const mount = { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: vol, readOnly: true };
  const containers = podContainers(st, pod);
  const inits = podInitContainers(st, pod);
  const inj = injectionOf(st, pod);
  const t = created();
  const status = (c: PodContainer, state: Obj, started: boolean): Obj => ({
    containerID: `containerd://${stableHex(`${st.seed}/container/${pod.uid}/${c.name}`, 64)}`, image: c.image, imageID: imageId(c.image),
    lastState: {}, name: c.name, ready: true, restartCount: 0, ...(started ? { started: true } : {}), state,
    volumeMounts: [...(c.mounts ?? []).map((m): Obj => ({ mountPath: m.mountPath, name: m.name })), { ...mount, recursiveReadOnly: 'Disabled' }],
  });
  const meshVolumes: Obj[] = (inj?.volumes ?? []).map((v): Obj => ('emptyDir' in v
    ? { emptyDir: v.emptyDir.medium ? { medium: v.emptyDir.medium } : {}, name: v.name }
    : { configMap: { defaultMode: 420, name: v.configMap }, name: v.name }));
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      ...meta(st, 'pod', pod.name, pod.namespace), uid: pod.uid,
      ...labelsAnnotations(st, 'Pod', pod.name, pod.namespace, { ...pod.labels, ...inj?.labels }, inj?.annotations),
    },
    spec: {
      containers: containers.map((c) => containerSpec(c, mount)),
      dnsPolicy: 'ClusterFirst', enableServiceLinks: true,
      ...(inits.length ? { initContainers: inits.map((c) => containerSpec(c, mount)) } : {}),
      nodeName: pod.node, preemptionPolicy: 'PreemptLowerPriority', priority: 0,
      restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, serviceAccount: pod.serviceAccount,
      serviceAccountName: pod.serviceAccount, terminationGracePeriodSeconds: 30, tolerations: TOLERATIONS,
      volumes: [...meshVolumes, {
        name: vol,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      }],
    },
    status: {
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        lastProbeTime: null, lastTransitionTime: t, status: 'True', type,
      })),
      containerStatuses: containers.map((c) => status(c, { running: { startedAt: t } }, true)),
      hostIP: node?.ip ?? '', hostIPs: node ? [{ ip: node.ip }] : [],
      ...(inits.length ? {
        initContainerStatuses: inits.map((c) => status(c, {
          terminated: { containerID: `containerd://${stableHex(`${st.seed}/container/${pod.uid}/${c.name}`, 64)}`, exitCode: 0, finishedAt: t, reason: 'Completed', startedAt: t },
        }, false)),
      } : {}),
      phase: 'Running', podIP: pod.ip, podIPs: [{ ip: pod.ip }],
      qosClass: 'BestEffort', startTime: t,
    },
  };
}

/** The lab's Deployments (apps/v1): one replica set's worth of the pods with that app label, all available. */
export function deploymentObjects(st: SimState): Obj[] {
  return labDeployments(st).map((d) => {
    const t = created();
    const n = d.pods.length;
    const pod = d.pods[0];
    const cond = (type: string, reason: string, message: string): Obj => ({
      lastTransitionTime: t, lastUpdateTime: t, message, reason, status: 'True', type,
    });
    return {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: {
        annotations: { 'deployment.kubernetes.io/revision': '1' }, ...meta(st, 'deployment', d.name, d.namespace, { generation: 1 }),
        labels: { app: d.name },
      },
      spec: {
        progressDeadlineSeconds: 600, replicas: n, revisionHistoryLimit: 10, selector: { matchLabels: { app: d.name } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: {
          metadata: { labels: { app: d.name } },
          spec: {
            containers: [{
              image: pod.image, imagePullPolicy: 'IfNotPresent', name: appContainer(pod),
              ...(pod.ports.length ? { ports: pod.ports.map((p) => ({ containerPort: p.containerPort, ...(p.name ? { name: p.name } : {}), protocol: p.protocol })) } : {}),
              resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
            }],
            dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {},
            serviceAccount: pod.serviceAccount, serviceAccountName: pod.serviceAccount, terminationGracePeriodSeconds: 30,
          },
        },
      },
      status: {
        availableReplicas: n,
        conditions: [
          cond('Available', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'),
          cond('Progressing', 'NewReplicaSetAvailable', `ReplicaSet "${d.name}-${stableHex(`${st.seed}/rs/${d.namespace}/${d.name}`, 10)}" has successfully progressed.`),
        ],
        observedGeneration: 1, readyReplicas: n, replicas: n, updatedReplicas: n,
      },
    };
  });
}
