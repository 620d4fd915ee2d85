/**
 * Files a meshed pod shows on top of the terminal's own (read-only, computed from the engine state when read, so a
 * renewed certificate shows at once): the workload certificate the pod's proxy holds and the mesh's root.
 *   Istio: `/var/run/secrets/istio/root-cert.pem` (the istio-ca-root-cert ConfigMap, mounted in every sidecar) and
 *   `/var/run/secrets/workload-spiffe-credentials/cert-chain.pem` + `root-cert.pem`: a real istio-proxy keeps its
 *   certificate in memory (SDS) and writes these only when configured to (OUTPUT_CERTS, or file-mounted
 *   certificates); this lab always shows them.
 *   Linkerd: `/var/run/linkerd/identity/end-entity/certificate.crt` (the proxy's certificate and the issuer's) and
 *   `/var/run/linkerd/identity/trust-anchors.pem`: a lab convenience, since linkerd-proxy keeps its certificate in
 *   memory and gets the trust anchors from an environment variable.
 */
import type { SimState } from '../../sim/state';
import type { FileStore, Place } from '../types';
import { toPem } from '../../crypto/pki';

const ISTIO_CREDS = '/var/run/secrets/workload-spiffe-credentials';
const LINKERD_ID = '/var/run/linkerd/identity';

const pem = (ders: Uint8Array[]): Uint8Array => new TextEncoder().encode(ders.map((d) => toPem('CERTIFICATE', d)).join(''));

/** The overlay's files at a place: path -> content (none on nodes, or in pods without a sidecar). */
export function podFiles(st: SimState, place: Place): Record<string, Uint8Array> {
  if (place.kind !== 'pod' || !st.mesh) return {};
  const key = `${place.namespace}/${place.pod}`;
  const cert = st.mesh.workloads[key];
  if (!cert) return {};
  const root = st.mesh.anchor?.certDer ?? st.mesh.ca.rootDer;
  if (st.mesh.kind === 'istio') {
    return {
      [`${ISTIO_CREDS}/cert-chain.pem`]: pem(cert.chain),
      [`${ISTIO_CREDS}/root-cert.pem`]: pem([root]),
      '/var/run/secrets/istio/root-cert.pem': pem([root]),
    };
  }
  return {
    [`${LINKERD_ID}/end-entity/certificate.crt`]: pem(cert.chain),
    [`${LINKERD_ID}/trust-anchors.pem`]: pem([root]),
  };
}

/** The terminal's files as a command at `place` sees them: the pod's mesh files first, then the terminal's own. */
export function withPodFiles(st: () => SimState, place: Place, inner: FileStore): FileStore {
  return {
    read: (path) => podFiles(st(), place)[path] ?? inner.read(path),
    write: (path, data) => inner.write(path, data),
    list: () => inner.list(),
  };
}
