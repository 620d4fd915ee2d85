/**
 * Tab completion for kubectl: subcommands, flags, resource types, object names in the namespace given with -n
 * (else `default`), namespaces after -n, output formats after -o, containers after -c.
 */
import type { SimState } from '../../sim/state';
import type { Place } from '../types';
import { GLOBAL_FLAGS } from './kubectlArgs';
import type { FlagDef } from './kubectlArgs';
import { SUBCOMMANDS } from './kubectlHelp';
import { GET_FLAGS } from './kubectlGet';
import { DESCRIBE_FLAGS } from './kubectlDescribe';
import { EXEC_FLAGS } from './kubectlExec';
import { LOGS_FLAGS } from './kubectlLogs';
import { listObjects, objName, resolveKind, typeNames } from './kubectlResources';
import { podContainers } from './kubectlPod';

const FLAGS: Record<string, FlagDef[]> = { get: GET_FLAGS, describe: DESCRIBE_FLAGS, exec: EXEC_FLAGS, logs: LOGS_FLAGS };
const OUTPUTS = ['custom-columns=', 'json', 'jsonpath=', 'jsonpath-as-json=', 'name', 'wide', 'yaml'];
const VALUE_FLAG_NAMES = (defs: FlagDef[]): Set<string> =>
  new Set([...defs, ...GLOBAL_FLAGS].filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]));

function namesOf(st: SimState, type: string, namespace: string): string[] {
  const kind = resolveKind(st, type);
  if (!kind) return [];
  return (listObjects(st, kind, namespace) ?? []).map(objName);
}

export function completeKubectl(argv: string[], index: number, st: SimState, _place: Place): string[] {
  const word = argv[index] ?? '';
  const before = argv.slice(1, index);
  const prev = before[before.length - 1];
  // Find the subcommand, the namespace and the positional words typed so far.
  let sub: string | undefined;
  let namespace = 'default';
  const positional: string[] = [];
  const valueFlags = (s: string | undefined) => VALUE_FLAG_NAMES(s ? FLAGS[s] ?? [] : []);
  for (let i = 0; i < before.length; i++) {
    const w = before[i];
    if (w === '--') break;
    if (w.startsWith('-')) {
      if ((w === '-n' || w === '--namespace') && i + 1 < before.length) namespace = before[i + 1];
      else if (w.startsWith('--namespace=')) namespace = w.slice(12);
      if (valueFlags(sub).has(w)) i++;
      continue;
    }
    if (sub === undefined) sub = w;
    else positional.push(w);
  }
  const filter = (xs: string[]): string[] => [...new Set(xs)].filter((x) => x.startsWith(word)).sort();
  if (before.includes('--')) return [];
  if (prev === '-n' || prev === '--namespace') return filter(st.cluster.namespaces.map((n) => n.name));
  if (prev === '-o' || prev === '--output') return filter(OUTPUTS);
  if (prev === '-c' || prev === '--container') {
    const pod = st.cluster.pods.find((p) => p.namespace === namespace && p.name === positional[0]?.replace(/^(pods?|po)\//, ''));
    return filter(pod ? podContainers(st, pod).map((c) => c.name) : []);
  }
  if (word.startsWith('-')) {
    const defs = [...(sub ? FLAGS[sub] ?? [] : []), ...GLOBAL_FLAGS].filter((f) => !f.unsupported);
    return filter(defs.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]));
  }
  if (sub === undefined) return filter(SUBCOMMANDS);
  switch (sub) {
    case 'get':
    case 'describe': {
      if (positional.length === 0) {
        if (word.includes('/')) {
          const type = word.slice(0, word.indexOf('/'));
          return filter(namesOf(st, type, namespace).map((n) => `${type}/${n}`));
        }
        return filter([...typeNames(st), ...(sub === 'get' ? ['all'] : [])]);
      }
      return filter(namesOf(st, positional[0].split(',')[0], namespace));
    }
    case 'exec':
    case 'logs':
      return positional.length === 0 ? filter(namesOf(st, 'pods', namespace)) : [];
    case 'config':
      return positional.length === 0 ? filter(['current-context', 'get-contexts', 'view']) : [];
    case 'help':
      return positional.length === 0 ? filter(SUBCOMMANDS) : [];
    default:
      return [];
  }
}
