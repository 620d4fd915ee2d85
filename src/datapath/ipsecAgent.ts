/**
 * The Cilium agent's side of IPsec: reads `enable-ipsec` from cilium-config and the key from the
 * `cilium-ipsec-keys` Secret (data.keys, `<id>[+] rfc4106(gcm(aes)) <hex> <icv bits>`), and brings its node's
 * xfrm states there. Each node's agent picks a change up on its own schedule (a real cluster spreads this over
 * about a minute; here IPSEC_SPREAD apart), which is what makes a key changed without a new id break traffic for a
 * while. A new id starts a rotation: the old key's states stay for IPSEC_ROTATION_DURATION, then go. The agent
 * publishes the key id it uses in its CiliumNode (`spec.encryption.key`). A Secret it cannot read leaves the
 * node's states as they were and is reported by `cilium-dbg status`.
 */
import type { Sim } from '../sim/sim';
import type { KubeObject } from '../sim/objects';
import { storedObject, storeObject } from '../sim/objects';
import { fromBase64 } from '../sim/base64';
import { SECOND } from '../sim/clock';
import { parseKeySpec } from '../crypto/ipsec';
import { equalBytes, fromUtf8 } from '../net/bytes';
import { CILIUM_CONFIG, IPSEC_SECRET } from './encryptionConfig';
import { installKey, ipsecDown, IPSEC_ROTATION_DURATION, type IpsecKey } from './ipsec';

/** Time between two agents picking up the same Secret change. */
export const IPSEC_SPREAD = 20 * SECOND;

export type WantedKey = { ok: true; key: IpsecKey } | { ok: false; error: string } | null;

/** What the objects ask for: no IPsec (null), a key, or why the Secret cannot be used. */
export function wantedIpsecKey(sim: Sim): WantedKey {
  const st = sim.st;
  const data = (storedObject(st, CILIUM_CONFIG)?.data ?? {}) as Record<string, unknown>;
  if (st.config.cni !== 'cilium' || data['enable-ipsec'] !== 'true') return null;
  const secret = storedObject(st, IPSEC_SECRET);
  if (!secret) return { ok: false, error: 'Secret kube-system/cilium-ipsec-keys not found' };
  const b64 = ((secret.data ?? {}) as Record<string, unknown>).keys;
  const raw = typeof b64 === 'string' ? fromBase64(b64) : undefined;
  if (!raw) return { ok: false, error: "Secret kube-system/cilium-ipsec-keys has no 'keys' entry" };
  const spec = parseKeySpec(fromUtf8(raw).split('\n')[0]);
  if (!spec.ok) return { ok: false, error: `unable to load IPsec key: ${spec.error}` };
  return { ok: true, key: { spi: spec.id, perTunnel: spec.perTunnel, keyMaterial: spec.keyMaterial, icvBits: spec.icvBits } };
}

/** One agent looks at the configuration and updates its node. */
export function ipsecAgent(sim: Sim, node: string): void {
  const want = wantedIpsecKey(sim);
  const agentErrors = (sim.st.ipsecAgentErrors ??= {});
  delete agentErrors[node];
  if (!want) {
    ipsecDown(sim, node);
  } else if (!want.ok) {
    agentErrors[node] = want.error;
  } else {
    const cur = sim.st.ipsec?.[node]?.keys[0];
    const k = want.key;
    if (!cur || cur.spi !== k.spi || !equalBytes(cur.keyMaterial, k.keyMaterial) || cur.perTunnel !== k.perTunnel || cur.icvBits !== k.icvBits) {
      installKey(sim, node, k);
      if (cur && cur.spi !== k.spi) sim.arm(`ipsec:${node}:${cur.spi}`, IPSEC_ROTATION_DURATION);
    }
  }
  if (Object.keys(agentErrors).length === 0) delete sim.st.ipsecAgentErrors;
  publishKeyId(sim, node);
}

/** Each agent reacts to a configuration change in turn. */
export function scheduleIpsecAgents(sim: Sim, firstDelay: number): void {
  sim.st.cluster.nodes.forEach((n, i) => sim.arm(`ipsec-agent:${n.name}`, firstDelay + i * IPSEC_SPREAD));
}

function publishKeyId(sim: Sim, node: string): void {
  const ref = { apiVersion: 'cilium.io/v2', objKind: 'CiliumNode', name: node };
  const cn = storedObject(sim.st, ref);
  if (!cn) return;
  const spec = { ...((cn.spec ?? {}) as { [k: string]: KubeObject[string] }) };
  const spi = sim.st.ipsec?.[node]?.keys[0]?.spi;
  spec.encryption = spi ? { key: spi } : {};
  storeObject(sim, { ...cn, spec });
}
