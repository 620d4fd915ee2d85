/** Groups capture points by the node they sit on, for the capture point picker: uplink, pod veths, then inside pods. */
import type { LoadedInfo } from '../worker/protocol';

export interface PointGroup {
  node: string;
  points: string[];
}

function rank(point: string): number {
  if (point.includes('/')) return 2; // inside a pod: <ns>/<pod>:<iface>
  return point.split(':')[1].startsWith('eth') ? 0 : 1; // the node's uplink, then its veths
}

export function pointGroups(info: LoadedInfo): PointGroup[] {
  const nodeOfPod = new Map(info.pods.map((p) => [p.key, p.node]));
  const groups = new Map<string, string[]>(info.nodes.map((n) => [n, []]));
  for (const point of info.points) {
    const owner = point.slice(0, point.lastIndexOf(':'));
    const node = nodeOfPod.get(owner) ?? owner;
    if (!groups.has(node)) groups.set(node, []);
    groups.get(node)!.push(point);
  }
  return [...groups]
    .filter(([, points]) => points.length > 0)
    .map(([node, points]) => ({ node, points: points.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)) }));
}
