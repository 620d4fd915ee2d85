/**
 * What the worker tells the topology view (src/ui/topology), as two pushes in ./protocol.ts:
 *
 * - `topology`: the lab's shape (nodes, pods, sidecars, encryption devices and their public details), sent after a
 *   load and again whenever it changes (WireGuard turned on, a sidecar injected by a restart);
 * - `hops`: the frames that crossed capture points since the last push, each classified from its bytes by the
 *   dissector (./topologyClassify.ts) and tied to the other hops of the same packet by `trace`, plus the drops.
 *
 * Both carry `lab`, a number the worker bumps on every load, so the page can drop what belongs to a previous lab.
 * Types only: the page imports this file without pulling in the engine.
 */

/** What an eavesdropper at that point reads: clear IP, or one of the encryptions, or link-layer chatter. */
export type HopKind = 'plaintext' | 'wireguard' | 'esp' | 'tls' | 'arp' | 'other';

export const HOP_KINDS: readonly HopKind[] = ['plaintext', 'wireguard', 'esp', 'tls', 'arp', 'other'];

/** One frame at one capture point. */
export interface Hop {
  /** Virtual time, µs. */
  t: number;
  /** Capture point: `node-1:eth0`, `web/frontend:eth0`, `node-1:cilium_wg0`. */
  point: string;
  dir: 'in' | 'out';
  /** Ties the hops of one packet together (the engine's bookkeeping, never shown as a packet field). */
  trace: number;
  kind: HopKind;
  /** The dissector's protocol column: `HTTP`, `TCP`, `WireGuard`, `ESP`, `TLSv1.3`. */
  proto: string;
  /** The dissector's info column, shortened: `GET /api/accounts/1042/transactions HTTP/1.1`. */
  summary: string;
  /** A TCP segment in clear with no payload (SYN, bare ACK, FIN, RST): headers only, nothing of the conversation. */
  control?: true;
}

/** A packet the lab dropped, where and why (`istio-proxy: plaintext connection from ... refused ...`). */
export interface DropMark {
  t: number;
  point: string;
  trace: number;
  reason: string;
}

/** A device a node runs for its CNI's datapath: a WireGuard interface, the VXLAN device, cilium_host with xfrm. */
export interface TopoDevice {
  /** Its capture point (`node-1:cilium_wg0`). */
  point: string;
  name: string;
  kind: 'wireguard' | 'vxlan' | 'xfrm';
  /** Public facts for the details panel: `public key`, `listen port`, `SPI`. Never private keys. */
  facts: [string, string][];
}

export interface TopoNode {
  name: string;
  ip: string;
  podCidr: string;
  /** cilium_host's address (the pods' gateway). */
  routerIp: string;
  /** The underlay interface's capture point (`node-1:eth0`). */
  eth0: string;
  devices: TopoDevice[];
}

export interface TopoPod {
  /** `web/frontend`. */
  key: string;
  namespace: string;
  name: string;
  node: string;
  ip: string;
  labels: Record<string, string>;
  serviceAccount: string;
  /** The mesh proxy container, when one is injected. */
  sidecar?: 'istio-proxy' | 'linkerd-proxy';
  /** The workload identity its certificate carries (SPIFFE ID or Linkerd identity). */
  identity?: string;
  /** Capture points: the pod's eth0 and lo, and the host side of its veth (`node-1:lxc-frontend`). */
  eth0: string;
  lo: string;
  veth?: string;
}

export interface TopologyModel {
  scenario: string;
  seed: string;
  cni: 'cilium' | 'calico';
  routing: 'native' | 'tunnel';
  mesh?: 'istio' | 'linkerd';
  /** The underlay's prefix (`192.168.61.0/24`). */
  underlay: string;
  nodes: TopoNode[];
  pods: TopoPod[];
  /** Namespaces that hold pods, in a stable order (their colours follow it). */
  namespaces: string[];
}

export type TopologyPush =
  /** The lab's shape: after a load, and whenever it changes. */
  | { type: 'topology'; lab: number; model: TopologyModel }
  /**
   * Hops and drops since the last push (at most a bounded number; `skipped` counts the older ones left out), and the
   * virtual time now: anything the page holds from after `now` was undone (the clock stepped back).
   */
  | { type: 'hops'; lab: number; now: number; hops: Hop[]; drops: DropMark[]; skipped: number };
