/**
 * Deterministic fixtures for tests and demos: a seeded `Rand` over the lab RNG (src/sim/rng.ts), an Istio mesh
 * (root CA + workload certificates) and ready-made client/server configurations for mutual TLS.
 */
import { createRng, randomBytes } from '../../sim/rng';
import { EPOCH_US } from '../../sim/clock';
import { createIstioRootCa, issueWorkloadCert, type CaKey, type IssuedCert } from '../pki/meshCa';
import { spiffeId } from '../pki/identity';
import type { Rand, TlsConfig } from './types';

export function seededRand(seed: string): Rand {
  const rng = createRng(seed);
  return (n) => randomBytes(rng, n);
}

export interface MeshFixture { ca: CaKey; client: IssuedCert; server: IssuedCert; rand: Rand; now: number }

/** Root CA, a `web/frontend` client and a `web/backend` server certificate issued at EPOCH_US. */
export function istioMesh(seed = 'tls13-fixture', now = EPOCH_US): MeshFixture {
  const rand = seededRand(seed);
  const ca = createIstioRootCa(rand, now);
  const client = issueWorkloadCert(ca, rand, { now, namespace: 'web', serviceAccount: 'frontend', mesh: 'istio' });
  const server = issueWorkloadCert(ca, rand, { now, namespace: 'web', serviceAccount: 'backend', mesh: 'istio' });
  return { ca, client, server, rand, now };
}

export function clientConfig(m: MeshFixture, over: Partial<TlsConfig> = {}): TlsConfig {
  return {
    role: 'client', certChain: m.client.chain, privateKey: m.client.privateKey, trustAnchors: m.client.trustAnchors,
    serverName: 'outbound_.8000_._.backend.web.svc.cluster.local', alpn: ['istio-peer-exchange', 'istio'],
    verifyPeer: { expectSpiffeId: spiffeId('web', 'backend') }, now: m.now, ...over,
  };
}

export function serverConfig(m: MeshFixture, over: Partial<TlsConfig> = {}): TlsConfig {
  return {
    role: 'server', certChain: m.server.chain, privateKey: m.server.privateKey, trustAnchors: m.server.trustAnchors,
    alpn: ['istio'], requireClientCert: true, verifyPeer: { expectUriPrefix: 'spiffe://cluster.local/' }, now: m.now, ...over,
  };
}
