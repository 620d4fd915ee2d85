/**
 * `openssl` (OpenSSL 3.0, as Debian 12 ships it), on nodes and in pods: `x509` reads a certificate (from `-in FILE`
 * or standard input, PEM or `-inform DER`) and prints what its options ask for, in their order (`-text`,
 * `-subject`, `-issuer`, `-dates`, `-serial`, `-fingerprint [-sha256]`, `-ext`, `-pubkey`, `-checkend`), then the
 * certificate in PEM unless `-noout`; `version`. Errors are OpenSSL's (its error-queue lines carry a fixed thread id).
 * Inside a meshed pod the proxy's certificates are files (podFiles.ts).
 */
import { readAllStdin } from '../stdin';
import type { Command, CommandCtx, CommandResult } from '../types';
import { fromPem, parseCertificate } from '../../crypto/pki';
import { extText, x509Field, x509Text } from './opensslX509';

const VERSION = 'OpenSSL 3.0.15 3 Sep 2024 (Library: OpenSSL 3.0.15 3 Sep 2024)';
const THREAD = '40C7E1B9A27F0000';
const VALUED = ['in', 'inform', 'out', 'outform', 'nameopt', 'ext', 'checkend', 'certopt', 'passin', 'CAfile', 'CApath', 'CAkey', 'CA', 'days', 'set_serial'];
const FIELDS = ['subject', 'issuer', 'dates', 'startdate', 'enddate', 'serial', 'fingerprint', 'pubkey', 'text'];

const COMMANDS = ['asn1parse', 'ca', 'ciphers', 'cms', 'crl', 'dgst', 'ec', 'ecparam', 'enc', 'genpkey', 'help', 'list', 'pkcs12', 'pkcs8', 'pkey',
  'rand', 'req', 's_client', 's_server', 'verify', 'version', 'x509'];

interface X509Args {
  in?: string;
  der: boolean;
  out?: string;
  noout: boolean;
  rfc2253: boolean;
  sha256: boolean;
  prints: { what: string; ext?: string[] }[];
  checkend?: number;
}

function parseX509(args: string[]): X509Args | string {
  const a: X509Args = { der: false, noout: false, rfc2253: false, sha256: false, prints: [] };
  for (let i = 0; i < args.length; i++) {
    const opt = args[i].replace(/^--?/, '');
    if (!args[i].startsWith('-')) return `x509: Unknown parameter ${args[i]}\nx509: Use -help for summary.\n`;
    if (VALUED.includes(opt)) {
      const v = args[++i];
      if (v === undefined) return `x509: Option -${opt} needs a value\nx509: Use -help for summary.\n`;
      if (opt === 'in') a.in = v;
      else if (opt === 'out') a.out = v;
      else if (opt === 'inform') a.der = v.toUpperCase() === 'DER';
      else if (opt === 'nameopt') a.rfc2253 = v.toUpperCase() === 'RFC2253';
      else if (opt === 'ext') a.prints.push({ what: 'ext', ext: v.split(',') });
      else if (opt === 'checkend') {
        if (!/^\d+$/.test(v)) return `x509: Invalid number "${v}" for option -checkend\nx509: Use -help for summary.\n`;
        a.checkend = Number(v);
      }
    } else if (opt === 'noout') a.noout = true;
    else if (opt === 'sha256') a.sha256 = true;
    else if (FIELDS.includes(opt)) a.prints.push({ what: opt });
    // OpenSSL 3.0 takes any other -name as a message digest for -fingerprint and says nothing about it.
  }
  return a;
}

const loadError = (ctx: CommandCtx, from: string, missing: boolean): number => {
  if (missing) {
    ctx.err(`Could not open file or uri for loading certificate from ${from}\n` +
      `${THREAD}:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file\n` +
      `${THREAD}:error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:266:calling stat(${from})\n`);
  } else ctx.err(`Could not read certificate from ${from}\n`);
  ctx.err('Unable to load certificate\n');
  return 1;
};

/** Prints what the options ask for about the certificate in `data`. */
function x509Output(ctx: CommandCtx, a: X509Args, data: Uint8Array, from: string): number {
  let der: Uint8Array | undefined;
  let out = '';
  try {
    der = a.der ? data : fromPem(new TextDecoder().decode(data), 'CERTIFICATE')[0];
    if (der) x509Text(der); // parses it all once: a broken certificate is a load error, as in OpenSSL
  } catch {
    der = undefined;
  }
  if (!der) return loadError(ctx, from, false);
  for (const p of a.prints) {
    if (p.what === 'text') out += x509Text(der);
    else if (p.what === 'fingerprint') out += x509Field(der, a.sha256 ? 'fingerprint-sha256' : 'fingerprint-sha1', a.rfc2253);
    else if (p.what === 'ext') {
      const t = extText(der, p.ext ?? []);
      if (t === null) ctx.err('No extensions in certificate\n');
      else out += t;
    } else out += x509Field(der, p.what, a.rfc2253);
  }
  let code = 0;
  if (a.checkend !== undefined) {
    const expires = parseCertificate(der).notAfter < ctx.now + a.checkend * 1_000_000;
    out += `Certificate will ${expires ? '' : 'not '}expire\n`;
    code = expires ? 1 : 0;
  }
  if (!a.noout && a.checkend === undefined) out += x509Field(der, 'pem', false);
  if (a.out !== undefined) ctx.files.write(a.out, new TextEncoder().encode(out));
  else ctx.out(out);
  return code;
}

function x509(args: string[], ctx: CommandCtx): CommandResult {
  if (args.includes('-help') || args.includes('--help')) {
    ctx.err('Usage: x509 [options]\n\nGeneral options:\n -help                      Display this summary\n\nInput options:\n -in infile                 Certificate input, or CSR input file with -req (default stdin)\n -inform format             CSR input file format (DER or PEM) - default PEM\n\nOutput options:\n -out outfile               Output filename - default stdout\n -noout                     No output (except for -text and print options)\n\nCertificate printing options:\n -text                      Print the certificate in text form\n -dates                     Print both notBefore and notAfter fields\n -checkend intmax           Check whether cert expires in the next arg seconds\n -enddate                   Print the notAfter field\n -startdate                 Print the notBefore field\n -fingerprint               Print the certificate fingerprint\n -issuer                    Print issuer DN\n -pubkey                    Print the public key in PEM format\n -serial                    Print serial number value\n -subject                   Print subject DN\n -ext val                   Restrict which X.509 extensions to print and/or copy\n -nameopt val               Certificate subject/issuer name printing options\n');
    return 0;
  }
  const a = parseX509(args);
  if (typeof a === 'string') return (ctx.err(a), 1);
  if (a.in !== undefined) {
    const data = ctx.files.read(a.in);
    return data ? x509Output(ctx, a, data, a.in) : loadError(ctx, a.in, true);
  }
  return readAllStdin(ctx, (input) => x509Output(ctx, a, new TextEncoder().encode(input), '<stdin>'));
}

export const openssl: Command = {
  name: 'openssl',
  summary: 'OpenSSL 3.0: read certificates (openssl x509 -text -noout)',
  man: `OPENSSL(1)

NAME
  openssl - OpenSSL command line tool (${VERSION.split(' (')[0]}); x509 and version in this lab

SYNOPSIS
  openssl x509 [-in FILE] [-inform PEM|DER] [-noout] [-text] [-subject] [-issuer] [-dates] [-startdate]
               [-enddate] [-serial] [-fingerprint [-sha256]] [-pubkey] [-ext NAME,...] [-nameopt RFC2253]
               [-checkend SECONDS] [-out FILE]
  openssl version

  x509 reads the first certificate of FILE (or of standard input) and prints what the options ask for, in
  their order, then the certificate in PEM unless -noout. Inside a meshed pod the proxy's certificates are
  files: Istio /var/run/secrets/workload-spiffe-credentials/cert-chain.pem and root-cert.pem (a real
  istio-proxy keeps them in memory unless configured to write them there) and /var/run/secrets/istio/root-cert.pem;
  Linkerd /var/run/linkerd/identity/end-entity/certificate.crt and /var/run/linkerd/identity/trust-anchors.pem
  (this lab's additions: linkerd-proxy keeps its certificate in memory). On a node, pipe one in:
  istioctl proxy-config secret POD.NS -o json | jq -r '.dynamicActiveSecrets[0].secret.tlsCertificate.certificateChain.inlineBytes' | base64 -d | openssl x509 -text -noout
  Keys: Istio's workload keys are RSA 2048 by default; this lab's sidecars use ECDSA P-256 (Istio's
  ECC_SIGNATURE_ALGORITHM=ECDSA), as Linkerd's proxies do by default.
`,
  where: 'any',
  run(argv, ctx) {
    const sub = argv[1];
    if (sub === 'x509') return x509(argv.slice(2), ctx);
    if (sub === 'version') return (ctx.out(`${VERSION}\n`), 0);
    if (sub === undefined || sub === 'help') {
      ctx.out(`help:\n\nStandard commands\n${COMMANDS.map((c) => c.padEnd(18)).join('').replace(/(.{72})/g, '$1\n').trimEnd()}\n`);
      return 0;
    }
    if (COMMANDS.includes(sub)) return (ctx.err(`openssl ${sub}: not modelled in this lab (try openssl x509 -text -noout)\n`), 1);
    ctx.err(`Invalid command '${sub}'; type "help" for a list.\n`);
    return 1;
  },
  complete(argv, index) {
    if (index === 1) return ['x509', 'version'];
    if (argv[1] === 'x509') return ['-in', '-inform', '-noout', '-text', '-subject', '-issuer', '-dates', '-serial', '-fingerprint', '-sha256', '-pubkey', '-ext', '-checkend'];
    return [];
  },
};
