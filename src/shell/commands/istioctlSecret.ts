/**
 * `istioctl proxy-config secret <pod>[.<ns>]`: the secrets the sidecar's Envoy holds from SDS, read from the lab's
 * mesh state (src/datapath/mesh.ts): `default` (the workload certificate chain) and `ROOTCA` (istiod's root), with
 * serial numbers in decimal and validity from the certificates themselves. `-o json` is Envoy's SecretsConfigDump
 * as istioctl prints it: each PEM base64-encoded in `inlineBytes`, the private key redacted, so
 * `... -o json | jq -r '.dynamicActiveSecrets[0].secret.tlsCertificate.certificateChain.inlineBytes' | base64 -d`
 * gives the chain back.
 */
import type { CommandCtx } from '../types';
import type { Json } from './kubectlObjects';
import { parseCertificate, toPem } from '../../crypto/pki';
import { toBase64 } from '../../sim/base64';
import { fmtIso, toCivil } from '../../sim/clock';
import { table } from '../tabwriter';
import { toYaml } from './kubectlOutput';
import { podTarget } from './meshTargets';

const SECRET_TYPE = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret';
/** What Envoy's admin API puts in place of a private key: base64 of `[redacted]`. */
const REDACTED = 'W3JlZGFjdGVkXQ==';

const p2 = (n: number): string => String(n).padStart(2, '0');
/** Go's time.Time String() in UTC: `2026-03-02 09:00:00 +0000 UTC`, as istiod stamps a secret's version. */
function goTime(us: number): string {
  const c = toCivil(us);
  return `${c.year}-${p2(c.month)}-${p2(c.day)} ${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)} +0000 UTC`;
}
const isoMillis = (us: number): string => fmtIso(us).replace('Z', `.${String(Math.floor((us % 1_000_000) / 1000)).padStart(3, '0')}Z`);
const pemB64 = (ders: Uint8Array[]): string => toBase64(new TextEncoder().encode(ders.map((d) => toPem('CERTIFICATE', d)).join('')));

interface SecretRow {
  name: 'default' | 'ROOTCA';
  ders: Uint8Array[];
  at: number;
}

function rowsOf(ctx: CommandCtx, key: string): SecretRow[] | undefined {
  const mesh = ctx.st.mesh;
  const cert = mesh?.workloads[key];
  if (!mesh || !cert) return undefined;
  return [
    { name: 'default', ders: cert.chain, at: cert.notBefore },
    { name: 'ROOTCA', ders: [mesh.ca.rootDer], at: cert.notBefore },
  ];
}

function configDump(rows: SecretRow[]): Json {
  const dump: unknown = {
    dynamicActiveSecrets: rows.map((r) => ({
      name: r.name,
      versionInfo: goTime(r.at),
      lastUpdated: isoMillis(r.at),
      secret: r.name === 'default'
        ? { '@type': SECRET_TYPE, name: r.name, tlsCertificate: { certificateChain: { inlineBytes: pemB64(r.ders) }, privateKey: { inlineBytes: REDACTED } } }
        : { '@type': SECRET_TYPE, name: r.name, validationContext: { trustedCa: { inlineBytes: pemB64(r.ders) } } },
    })),
  };
  return dump as Json;
}

export function proxyConfigSecret(ctx: CommandCtx, arg: string, flagNs: string | undefined, output: string): number {
  const target = podTarget(ctx.st, arg, flagNs);
  const pod = target.pod;
  if (!pod) {
    ctx.err(`Error: ${target.kind === 'pods' ? 'pods' : 'deployments.apps'} "${target.name}" not found\n`);
    return 1;
  }
  const rows = pod.sidecar === 'istio' ? rowsOf(ctx, `${pod.namespace}/${pod.name}`) : undefined;
  if (!rows) {
    ctx.err(`Error: failed to execute command on sidecar: error execing into ${pod.name}/${pod.namespace} istio-proxy container: container istio-proxy is not valid for pod ${pod.name}\n`);
    return 1;
  }
  if (output === 'json') return (ctx.out(`${JSON.stringify(configDump(rows), null, 4)}\n`), 0);
  if (output === 'yaml') return (ctx.out(toYaml(configDump(rows))), 0);
  if (output !== 'short') {
    ctx.err(`Error: output format "${output}" not supported\n`);
    return 1;
  }
  const lines = [['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE']];
  for (const r of rows) {
    const c = parseCertificate(r.ders[0]);
    const valid = ctx.now >= c.notBefore && ctx.now <= c.notAfter;
    lines.push([r.name, r.name === 'default' ? 'Cert Chain' : 'CA', 'ACTIVE', String(valid), c.serialDecimal, fmtIso(c.notAfter), fmtIso(c.notBefore)]);
  }
  ctx.out(table(lines, { minwidth: 0, padding: 5 }));
  return 0;
}
