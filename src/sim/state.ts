/**
 * The whole engine state as plain data (numbers, strings, arrays, records, Uint8Arrays): structuredClone makes a
 * snapshot, and restoring one gives back the exact run. Behaviour lives in modules that take this state; nothing in
 * here is a closure or a class instance.
 */
import type { Cluster } from './cluster';
import type { InputRecord, Input } from './inputs';
import type { Queue } from './scheduler';
import type { RngState } from './rng';
import type { TcpConn } from '../net/tcp/conn';
import type { AppState } from '../net/apps/app';
import type { FlowLog } from '../datapath/flowLog';
import type { KubeObject } from './objects';
import type { WgNode } from '../datapath/wireguard';
import type { IpsecNode } from '../datapath/ipsec';
import type { Redirect } from '../datapath/meshRedirect';
import type { MeshState } from '../datapath/mesh';
import type { MeshEdge } from '../net/apps/meshProxy';

export type Routing = 'native' | 'tunnel';

export interface Iface {
  /** Capture point name: `node-1:eth0`, `node-1:lxc-frontend`, `web/frontend:eth0`. */
  id: string;
  host: string;
  name: string;
  ifindex: number;
  mac: Uint8Array;
  /** Addresses with prefix length, as `ip addr` shows them. */
  addrs: { ip: number; prefix: number }[];
  mtu: number;
  linkType: number;
  /** What the other end of the wire is: a veth peer, an L2 segment (the underlay switch), or nothing (virtual devices). */
  link: { kind: 'veth'; peer: string } | { kind: 'segment'; segment: string } | { kind: 'loopback' } | { kind: 'none' };
}

export interface Route {
  /** Destination prefix as network address + bits. */
  net: number;
  bits: number;
  dev: string;
  via?: number;
  /** Tunnel route: encapsulate to this node IP (VXLAN). */
  tunnelTo?: number;
}

export interface Neighbor {
  mac: Uint8Array;
  permanent: boolean;
}

export interface PendingArp {
  dev: string;
  packets: Uint8Array[];
  traces: number[];
  tries: number;
}

/** A network namespace: a node's host namespace or a pod's. */
export interface Host {
  id: string;
  kind: 'node' | 'pod';
  forwarding: boolean;
  ifaces: string[];
  routes: Route[];
  neigh: Record<number, Neighbor>;
  pendingArp: Record<number, PendingArp>;
  /** Listening sockets: `tcp:8080` -> app id. */
  listeners: Record<string, string>;
  /** TCP connections by 4-tuple (`local:port>remote:port`) -> connection id. */
  tcp: Record<string, string>;
  /** ICMP echo identifiers in use: id -> app id. */
  icmpIds: Record<number, string>;
  /** Kernel IP ID counter for packets not tied to a socket (ICMP, ARP-less paths). */
  ipId: number;
}

/** Service translation state on a node (kube-proxy / eBPF load balancer conntrack). */
export interface NatEntry {
  /** Original destination (ClusterIP) and translated one (pod IP). */
  vip: number;
  vport: number;
  backend: number;
  bport: number;
  client: number;
  cport: number;
  proto: number;
}

export type SimEvent =
  | { k: 'deliver'; iface: string; frame: Uint8Array; trace: number }
  | { k: 'xmit'; iface: string; frame: Uint8Array; trace: number }
  | { k: 'timer'; key: string }
  /** A packet an encryption device decrypted, handed back to the stack of `iface`'s namespace. */
  | { k: 'reinject'; iface: string; pkt: Uint8Array; trace: number }
  | { k: 'input'; input: Input; logged: boolean };

/** Which CNI the lab's nodes run: it names the host-side veths and the encryption devices. */
export type Cni = 'cilium' | 'calico';

export interface SimConfig {
  routing: Routing;
  cni: Cni;
  /** Pod interface MTU: one value for every mode (1500 minus the largest overhead, WireGuard 80 + VXLAN 50). */
  podMtu: number;
  underlayMtu: number;
}

export interface SimState {
  version: 1;
  scenario: string;
  seed: string;
  now: number;
  queue: Queue<SimEvent>;
  rng: RngState;
  config: SimConfig;
  cluster: Cluster;
  hosts: Record<string, Host>;
  ifaces: Record<string, Iface>;
  conns: Record<string, TcpConn>;
  apps: Record<string, AppState>;
  /** Per node: conntrack key -> NAT entry. */
  nat: Record<string, Record<string, NatEntry>>;
  /** Next free delivery time per link direction, so a link never reorders frames. */
  linkBusyUntil: Record<string, number>;
  inputLog: InputRecord[];
  nextId: number;
  nextTrace: number;
  eventsProcessed: number;
  /**
   * The container log of each pod's main program (what `kubectl logs` shows): its last LOG_LINES lines, by pod
   * (`bank/backend`). Created on the first line.
   */
  podLogs?: Record<string, { t: number; text: string }[]>;
  /** What Hubble and `cilium-dbg monitor` report, per node (src/datapath/flowLog.ts); created on first flow. */
  flowLog?: FlowLog;
  /** The API server's stored objects (Secrets, ConfigMaps, policies, custom resources) by objectKey; src/sim/objects.ts. */
  objects?: Record<string, KubeObject>;
  /** The last resourceVersion the object store handed out. */
  objectVersion?: number;
  /** Label and annotation changes to model objects the model has no field for (null: removed), by objectKey. */
  modelMeta?: Record<string, { labels: Record<string, string | null>; annotations: Record<string, string | null> }>;
  /** WireGuard devices by node (src/datapath/wireguard.ts); absent while no node runs WireGuard. */
  wg?: Record<string, WgNode>;
  /**
   * Node private keys that outlive their device, as `cilium_wg0.key` on the node's disk does: turning WireGuard off
   * and on again keeps the node's public key. By `<device>@<node>`.
   */
  keyFiles?: Record<string, Uint8Array>;
  /**
   * Decryption secrets of the protocols that ran, in order: WireGuard and TLS key log lines (a capture embeds them
   * as pcapng Decryption Secrets Blocks) and tshark `uat:esp_sa` lines for the ESP states (the capture CLI writes
   * them beside the file).
   */
  keylog?: { wg: string[]; tls: string[]; esp?: string[] };
  /** Cilium IPsec state by node: keys, xfrm states, error counters (src/datapath/ipsec.ts). */
  ipsec?: Record<string, IpsecNode>;
  /** The mesh init containers' redirects (iptables nat + conntrack) by pod: src/datapath/meshRedirect.ts. */
  meshNat?: Record<string, Record<string, Redirect>>;
  /** Connections the sidecars' inbound proxies accepted or refused, newest last (src/net/apps/meshProxy.ts). */
  meshEdges?: MeshEdge[];
  /** The service mesh's CA and workload certificates (src/datapath/mesh.ts). */
  mesh?: MeshState;
  /** Why a node's agent could not use the IPsec Secret (shown by `cilium-dbg status`), by node. */
  ipsecAgentErrors?: Record<string, string>;
}
