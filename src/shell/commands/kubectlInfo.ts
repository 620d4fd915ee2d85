/**
 * The informational subcommands: version, cluster-info, config (current-context, get-contexts, view),
 * api-resources and api-versions, as kubectl 1.31 prints them for this lab's cluster.
 */
import type { CommandCtx } from '../types';
import { bool, str } from './kubectlArgs';
import { fail, parseOrFail, usageError } from './kubectlCommon';
import { K8S } from './kubectlObjects';
import { apiVersionOf, kinds, servedVersions } from './kubectlResources';
import { helpText } from './kubectlHelp';
import { table } from '../tabwriter';
import { toYaml } from './kubectlOutput';

const versionInfo = (buildDate: string) => ({
  major: '1', minor: K8S.version.split('.')[1], gitVersion: K8S.version, gitCommit: K8S.gitCommit, gitTreeState: 'clean',
  buildDate, goVersion: K8S.goVersion, compiler: 'gc', platform: 'linux/amd64',
});

export function runVersion(argv: string[], ctx: CommandCtx): number {
  const p = parseOrFail(ctx, 'version', argv, [{ long: 'client', type: 'bool' }, { long: 'output', short: 'o', type: 'string' }]);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) return help(ctx, 'version');
  const client = bool(p, 'client');
  const v = {
    clientVersion: versionInfo('2024-09-11T21:28:00Z'), kustomizeVersion: K8S.kustomize,
    ...(client ? {} : { serverVersion: versionInfo(K8S.buildDate) }),
  };
  const o = str(p, 'output');
  if (o === 'json') ctx.out(`${JSON.stringify(v, null, 2)}\n`);
  else if (o === 'yaml') ctx.out(toYaml(v));
  else if (o) return fail(ctx, `--output must be 'yaml' or 'json'`);
  else ctx.out(`Client Version: ${K8S.version}\nKustomize Version: ${K8S.kustomize}\n${client ? '' : `Server Version: ${K8S.version}\n`}`);
  return 0;
}

const API_URL = `https://${K8S.apiServerIp}:${K8S.apiServerPort}`;

export function runClusterInfo(argv: string[], ctx: CommandCtx): number {
  const p = parseOrFail(ctx, 'cluster-info', argv, []);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) return help(ctx, 'cluster-info');
  if (p.args[0] === 'dump') return fail(ctx, "podlock: 'kubectl cluster-info dump' is not available in this lab yet");
  if (p.args.length) return usageError(ctx, 'cluster-info', `unknown command "${p.args[0]}" for "kubectl cluster-info"`);
  const [green, yellow, reset] = ctx.piped ? ['', '', ''] : ['\x1b[0;32m', '\x1b[0;33m', '\x1b[0m'];
  ctx.out(`${green}Kubernetes control plane${reset} is running at ${yellow}${API_URL}${reset}\n\n` +
    "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
  return 0;
}

const KUBECONFIG = {
  apiVersion: 'v1',
  clusters: [{ cluster: { 'certificate-authority-data': 'DATA+OMITTED', server: API_URL }, name: K8S.cluster }],
  contexts: [{ context: { cluster: K8S.cluster, user: K8S.user }, name: K8S.context }],
  'current-context': K8S.context, kind: 'Config', preferences: {},
  users: [{ name: K8S.user, user: { 'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED' } }],
};

export function runConfig(argv: string[], ctx: CommandCtx): number {
  const p = parseOrFail(ctx, 'config', argv, [{ long: 'output', short: 'o', type: 'string' }, { long: 'minify', type: 'bool' },
    { long: 'raw', type: 'bool' }, { long: 'no-headers', type: 'bool' }]);
  if (typeof p === 'number') return p;
  const sub = p.args[0];
  if (bool(p, 'help') || !sub) return help(ctx, 'config');
  switch (sub) {
    case 'current-context':
      ctx.out(`${K8S.context}\n`);
      return 0;
    case 'get-contexts': {
      const rows = [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ['*', K8S.context, K8S.cluster, K8S.user, '']];
      if (p.args[1] && p.args[1] !== K8S.context) return fail(ctx, `context ${p.args[1]} not found`);
      if (str(p, 'output') === 'name') ctx.out(`${K8S.context}\n`);
      else ctx.out(table(bool(p, 'no-headers') ? rows.slice(1) : rows));
      return 0;
    }
    case 'view':
      if (str(p, 'output') === 'json') ctx.out(`${JSON.stringify(KUBECONFIG, null, 4)}\n`);
      else ctx.out(toYaml(KUBECONFIG));
      return 0;
    default:
      return fail(ctx, `podlock: 'kubectl config ${sub}' is not available in this lab (it has one context, ${K8S.context})`);
  }
}

export function runApiResources(argv: string[], ctx: CommandCtx): number {
  const p = parseOrFail(ctx, 'api-resources', argv, [
    { long: 'namespaced', type: 'bool' }, { long: 'api-group', type: 'string' }, { long: 'output', short: 'o', type: 'string' },
    { long: 'no-headers', type: 'bool' }, { long: 'sort-by', type: 'string' }, { long: 'cached', type: 'bool' },
    { long: 'verbs', type: 'strings', unsupported: "podlock: 'kubectl api-resources --verbs' is not available in this lab yet" },
  ]);
  if (typeof p === 'number') return p;
  if (bool(p, 'help')) return help(ctx, 'api-resources');
  const out = str(p, 'output');
  if (out !== undefined && out !== 'name') {
    return fail(ctx, out === 'wide' ? "podlock: 'kubectl api-resources -o wide' is not available in this lab yet" : `--output ${out} is not available`);
  }
  let list = kinds(ctx.st);
  if (p.flags.namespaced !== undefined) list = list.filter((k) => k.namespaced === p.flags.namespaced);
  const group = str(p, 'api-group');
  if (group !== undefined) list = list.filter((k) => k.group === group);
  const sortBy = str(p, 'sort-by');
  if (sortBy === 'name' || sortBy === 'kind') {
    list = [...list].sort((a, b) => (sortBy === 'name' ? a.resource.localeCompare(b.resource) : a.kind.localeCompare(b.kind)));
  } else if (sortBy) return fail(ctx, `--sort-by accepts only name or kind`);
  if (out === 'name') {
    ctx.out(list.map((k) => `${k.group ? `${k.resource}.${k.group}` : k.resource}\n`).join(''));
    return 0;
  }
  const rows = list.map((k) => [k.resource, k.shortNames.join(','), apiVersionOf(k), String(k.namespaced), k.kind]);
  ctx.out(table(bool(p, 'no-headers') ? rows : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ...rows]));
  return 0;
}

export function runApiVersions(argv: string[], ctx: CommandCtx): number {
  const p = parseOrFail(ctx, 'api-versions', argv, []);
  if (typeof p === 'number') return p;
  const versions = new Set(kinds(ctx.st).flatMap((k) => servedVersions(k).map((v) => apiVersionOf({ ...k, version: v }))));
  versions.add('autoscaling/v1');
  versions.add('flowcontrol.apiserver.k8s.io/v1beta3');
  ctx.out([...versions].sort().map((v) => `${v}\n`).join(''));
  return 0;
}

function help(ctx: CommandCtx, sub: string): number {
  ctx.out(helpText(sub));
  return 0;
}
