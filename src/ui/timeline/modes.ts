/**
 * The lab's modes as the mode switcher names them: one per scenario id (src/sim/scenarios.ts), with a human name,
 * where the encryption happens (on the node, in a service mesh, nowhere) and with what.
 */
import type { ScenarioId } from '../../sim/scenarios';

export interface Mode {
  id: ScenarioId;
  name: string;
  /** Where the protection is applied and what it is, in a few words. */
  how: string;
  encrypted: boolean;
}

export const MODES: readonly Mode[] = [
  { id: 'plaintext', name: 'None', how: 'plaintext on the wire', encrypted: false },
  { id: 'cilium-wireguard', name: 'Cilium WireGuard', how: 'node to node · WireGuard', encrypted: true },
  { id: 'calico-wireguard', name: 'Calico WireGuard', how: 'node to node · WireGuard', encrypted: true },
  { id: 'cilium-ipsec', name: 'Cilium IPsec', how: 'node to node · IPsec ESP', encrypted: true },
  { id: 'cilium-ipsec-pertunnel', name: 'Cilium IPsec per-tunnel', how: 'node to node · ESP, key per pair', encrypted: true },
  { id: 'istio-permissive', name: 'Istio permissive', how: 'sidecars · mTLS, plaintext accepted', encrypted: true },
  { id: 'istio-strict', name: 'Istio strict', how: 'sidecars · mTLS required', encrypted: true },
  { id: 'linkerd', name: 'Linkerd', how: 'sidecars · mTLS', encrypted: true },
];

export const modeOf = (id: string): Mode | undefined => MODES.find((m) => m.id === id);
