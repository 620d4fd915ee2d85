/**
 * Transparent encryption as the Cilium agent reports it (Cilium 1.16): the `Encryption:` line of
 * `cilium-dbg status` (`Wireguard [NodeEncryption: Disabled, cilium_wg0 (Pubkey: <b64>, Port: 51871, Peers: 2)]`,
 * `IPsec`), its `-o json` object, and `cilium-dbg encrypt status` (FIDELITY.md §1, §2; IPsec details in
 * ciliumIpsecStatus.ts). The mode follows the node's runtime state: a learner who turns WireGuard or IPsec on or off
 * in `cilium-config` sees it here once the agent has acted. An IPsec key the agent could not load (a bad Secret)
 * shows as the status message of the `Encryption:` line (`IPsec [unable to load IPsec key: ...]`), modestly: a
 * real agent logs it and keeps its previous key.
 */
import type { SimState } from '../../sim/state';
import type { Json } from '../../sim/objects';
import { fmtIp } from '../../net/addr';
import { toBase64 } from '../../sim/base64';
import { fmtIso, toCivil } from '../../sim/clock';
import { livePeers } from './wgFormat';
import { dbgIpsecDetails } from './ciliumIpsecStatus';
import { wgIfaceName, wgNode, type WgNodeView } from './wgState';

export type EncryptionMode = 'Disabled' | 'Wireguard' | 'IPsec';

/** A node's Cilium WireGuard device, or, without a node, any node's. */
function ciliumWg(st: SimState, node?: string): WgNodeView | undefined {
  const nodes = node === undefined ? Object.keys(st.wg ?? {}) : [node];
  return nodes.map((n) => wgNode(st, n)).find((w) => w?.flavor === 'cilium');
}

/** Whether a node's agent runs IPsec (or, without a node, any agent): it holds xfrm states or tried to load a key. */
function runsIpsec(st: SimState, node?: string): boolean {
  const nodes = node === undefined ? st.cluster.nodes.map((n) => n.name) : [node];
  return nodes.some((n) => st.ipsec?.[n] !== undefined || st.ipsecAgentErrors?.[n] !== undefined);
}

/** What the agent reports: WireGuard when its device runs, IPsec when it runs IPsec, else Disabled. */
export function encryptionMode(st: SimState, node?: string): EncryptionMode {
  if (ciliumWg(st, node)) return 'Wireguard';
  return runsIpsec(st, node) ? 'IPsec' : 'Disabled';
}

const nodeEncryption = (w: WgNodeView): string => (w.nodeEncryption ? 'Enabled' : 'Disabled');

/** The tab-separated `Encryption:` row of `cilium-dbg status` (pkg/client FormatStatusResponse's fields). */
export function statusEncryptionRow(st: SimState, node: string): string {
  const mode = encryptionMode(st, node);
  const w = ciliumWg(st, node);
  if (mode === 'Wireguard' && w) {
    const dev = `${wgIfaceName(st, w)} (Pubkey: ${toBase64(w.device.publicKey)}, Port: ${w.device.listenPort}, Peers: ${livePeers(w.device).length})`;
    return `Encryption:\t${mode}\t[NodeEncryption: ${nodeEncryption(w)}, ${dev}]\n`;
  }
  const err = mode === 'IPsec' ? st.ipsecAgentErrors?.[node] : undefined;
  return `Encryption:\t${mode}\t${err ? `[${err}]` : ''}\n`;
}

/** The `encryption` object of `cilium-dbg status -o json` (the API's EncryptionStatus / WireguardStatus). */
export function encryptionJson(st: SimState, node: string): Json {
  const mode = encryptionMode(st, node);
  const w = ciliumWg(st, node);
  const err = mode === 'IPsec' ? st.ipsecAgentErrors?.[node] : undefined;
  if (err) return { mode, msg: err };
  if (mode !== 'Wireguard' || !w) return { mode };
  const d = w.device;
  const peers = livePeers(d);
  return {
    mode,
    wireguard: {
      interfaces: [{
        'listen-port': d.listenPort, name: wgIfaceName(st, w), 'peer-count': peers.length,
        peers: peers.map((p) => ({
          'allowed-ips': p.allowedIps.map((a) => `${fmtIp(a.net)}/${a.bits}`),
          endpoint: p.endpoint ? `${fmtIp(p.endpoint.ip)}:${p.endpoint.port}` : '',
          'last-handshake-time': isoMillis(p.lastHandshake),
          'public-key': toBase64(p.publicKey),
          'transfer-rx': p.rxBytes,
          'transfer-tx': p.txBytes,
        })),
        'public-key': toBase64(d.publicKey),
      }],
      'node-encryption': nodeEncryption(w),
    },
  };
}

/** go-openapi's DateTime text (`2021-05-05T12:31:24.418Z`); the zero time for a peer never shaken hands with. */
function isoMillis(us: number): string {
  if (!us) return '0001-01-01T00:00:00.000Z';
  return fmtIso(us).replace(/Z$/, `.${String(Math.floor(toCivil(us).micro / 1000)).padStart(3, '0')}Z`);
}

/** `cilium-dbg encrypt status` (`Encryption: %-26s`, then the mode's details). */
export function encryptStatus(st: SimState, node: string): string {
  const mode = encryptionMode(st, node);
  const w = ciliumWg(st, node);
  let t = `Encryption: ${mode.padEnd(26)}\n`;
  if (mode === 'Wireguard' && w) {
    t += `Interface: ${wgIfaceName(st, w)}\n\tPublic key: ${toBase64(w.device.publicKey)}\n\tNumber of peers: ${livePeers(w.device).length}\n`;
  }
  if (mode === 'IPsec') t += dbgIpsecDetails(st, node);
  return t;
}
