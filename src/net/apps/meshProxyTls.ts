/**
 * The TLS side of a mesh sidecar: the client and server configurations istio-proxy and linkerd-proxy use between
 * proxies (FIDELITY.md §4–5), and what the proxy does with the TLS engine's events: key log lines for captures,
 * handshake traces and peer identities for the inspector, and a named drop when a handshake or record fails.
 *   Istio: SNI `outbound_.<port>_._.<service FQDN>`, ALPN `istio-peer-exchange`, `istio`, the peer's SPIFFE ID checked
 *   against the destination's service account (client) or the mesh's trust domain (server).
 *   Linkerd: SNI and the expected DNS SAN are the destination's identity `<sa>.<ns>.serviceaccount.identity.linkerd.
 *   cluster.local`; no ALPN (Linkerd's opaque-transport ALPN is not modelled).
 */
import type { Sim } from '../../sim/sim';
import type { Pod } from '../../sim/cluster';
import type { TlsConfig, TlsEvent } from '../../crypto/tls13';
import { linkerdIdentity, spiffeId } from '../../crypto/pki';
import type { MeshKind } from '../../datapath/meshRedirect';

const ISTIO_ALPN = ['istio-peer-exchange', 'istio'];

function workload(sim: Sim, host: string) {
  const cert = sim.st.mesh?.workloads[host];
  if (!cert) throw new Error(`mesh: no workload certificate for ${host}`);
  return { certChain: cert.chain, privateKey: cert.privateKey, trustAnchors: cert.trustAnchors, now: sim.now };
}

/** The outbound proxy's TLS client configuration towards a destination pod (and the service it was reached by). */
export function clientConfig(sim: Sim, host: string, mesh: MeshKind, dest: Pod | undefined, port: number, fqdn: string | undefined): TlsConfig {
  if (mesh === 'istio') {
    return {
      role: 'client', ...workload(sim, host), alpn: ISTIO_ALPN,
      ...(fqdn ? { serverName: `outbound_.${port}_._.${fqdn}` } : {}),
      verifyPeer: dest ? { expectSpiffeId: spiffeId(dest.namespace, dest.serviceAccount) } : { expectUriPrefix: 'spiffe://cluster.local/' },
    };
  }
  const id = dest ? linkerdIdentity(dest.namespace, dest.serviceAccount) : undefined;
  return { role: 'client', ...workload(sim, host), ...(id ? { serverName: id, verifyPeer: { expectDnsName: id } } : { verifyPeer: {} }) };
}

/** The inbound proxy's TLS server configuration: mutual TLS, any workload of the mesh. */
export function serverConfig(sim: Sim, host: string, mesh: MeshKind): TlsConfig {
  return mesh === 'istio'
    ? { role: 'server', ...workload(sim, host), alpn: ISTIO_ALPN, requireClientCert: true, verifyPeer: { expectUriPrefix: 'spiffe://cluster.local/' } }
    : { role: 'server', ...workload(sim, host), requireClientCert: true, verifyPeer: {} };
}

/** Records what the TLS engine reported; returns the failure reason if the connection failed. */
export function tlsEvents(sim: Sim, host: string, events: TlsEvent[]): string | undefined {
  let failed: string | undefined;
  for (const e of events) {
    if (e.kind === 'keylog') (sim.st.keylog ??= { wg: [], tls: [] }).tls.push(e.line);
    else if (e.kind === 'trace') sim.emit('crypto', { t: sim.now, host, protocol: 'tls', what: e.step, steps: [{ name: e.step, values: e.values }] });
    else if (e.kind === 'handshake-done') {
      const who = e.peerIdentity ? (e.peerIdentity.spiffeId ?? e.peerIdentity.dns[0] ?? e.peerIdentity.subject) : 'no client certificate';
      sim.emit('crypto', { t: sim.now, host, protocol: 'tls', what: `handshake-done ${e.cipherSuite} peer=${who}`, steps: [] });
    } else if ((e.kind === 'alert-sent' || e.kind === 'alert-received') && e.level === 'fatal') {
      failed = e.reason;
      sim.emit('crypto', { t: sim.now, host, protocol: 'tls', what: `${e.kind} ${e.description}`, steps: [] });
    }
  }
  return failed;
}
