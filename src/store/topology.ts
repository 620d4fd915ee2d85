/**
 * The topology view's part of the lab store: the lab's shape as the worker last pushed it, a bounded window of
 * recent hops and drops (for the static "last seen here" badges, the drop markers and the animation), and what the
 * learner selected on the map. Pushes from an earlier lab (`lab` number) are ignored; a batch whose virtual time is
 * earlier than what is held (the clock stepped back) first drops everything after it.
 *
 * Selecting a pod or a node also points the packet inspector at its eth0, through the store's `selectPoint`.
 */
import type { LabClient } from '../worker/client';
import type { DropMark, Hop, TopologyModel, TopologyPush } from '../worker/topologyProtocol';

/** Hops kept for the view (a few requests' worth); older ones fall off. */
export const HOPS_KEPT = 800;
/** Drops kept for the view. */
export const DROPS_KEPT = 12;

export type MapSelection = { kind: 'node'; id: string } | { kind: 'pod'; id: string };

export interface TopologyState {
  /** The lab's shape (absent until the worker sent one). */
  topology?: TopologyModel;
  /** Which lab `topology` and the hops belong to (the worker's load number). */
  topologyLab: number;
  /** Recent hops, oldest first, at most HOPS_KEPT. */
  hops: Hop[];
  /** The hops of the latest batch (what the animation plays); replaced, never mutated. */
  hopBatch: Hop[];
  /**
   * The last hop seen at each capture point (what the map's "last packet here" badges show). A bare TCP control
   * segment (an ACK after a TLS record) does not replace a frame that carried data.
   */
  lastAt: Record<string, Hop>;
  /** Recent drops, oldest first, at most DROPS_KEPT. */
  drops: DropMark[];
  mapSelection: MapSelection | null;
  /** Selects a node or pod on the map (null clears) and points the inspector at its eth0. */
  selectOnMap(sel: MapSelection | null): Promise<void>;
}

/** The slice's data without its actions (what a push changes). */
export type TopologyData = Pick<TopologyState, 'topology' | 'topologyLab' | 'hops' | 'hopBatch' | 'lastAt' | 'drops' | 'mapSelection'>;
type Get = () => TopologyState & { selectPoint(point: string): Promise<void> };
type Set = (partial: Partial<TopologyState>) => void;

/** What a push makes of the held data (pure: the store and the tests share it). */
export function applyTopologyPush(s: TopologyData, msg: TopologyPush): Partial<TopologyData> {
  const fresh = msg.lab !== s.topologyLab;
  if (msg.lab < s.topologyLab) return {};
  const base: TopologyData = fresh
    ? { topology: undefined, topologyLab: msg.lab, hops: [], hopBatch: [], lastAt: {}, drops: [], mapSelection: null }
    : s;
  if (msg.type === 'topology') {
    const sel = base.mapSelection;
    const gone = sel && !(sel.kind === 'node' ? msg.model.nodes.some((n) => n.name === sel.id) : msg.model.pods.some((p) => p.key === sel.id));
    return { ...(fresh && base), topology: msg.model, ...(gone && { mapSelection: null }) };
  }
  const keep = <T extends { t: number }>(xs: T[]) => (xs.length && xs[xs.length - 1].t > msg.now ? xs.filter((x) => x.t <= msg.now) : xs);
  const kept = keep(base.hops);
  const rewound = Object.values(base.lastAt).some((h) => h.t > msg.now);
  // After a rewind, what each point last saw is rebuilt from the hops still held.
  const lastAt: Record<string, Hop> = rewound ? {} : { ...base.lastAt };
  for (const h of rewound ? [...kept, ...msg.hops] : msg.hops) {
    if (!h.control || !lastAt[h.point] || lastAt[h.point].control) lastAt[h.point] = h;
  }
  const hops = [...kept, ...msg.hops];
  const drops = [...keep(base.drops), ...msg.drops];
  return {
    ...(fresh && base),
    lastAt,
    hops: hops.length > HOPS_KEPT ? hops.slice(hops.length - HOPS_KEPT) : hops,
    hopBatch: msg.hops,
    drops: drops.length > DROPS_KEPT ? drops.slice(drops.length - DROPS_KEPT) : drops,
  };
}

/** The capture point a selection points the inspector at. */
export function pointOf(sel: MapSelection, model: TopologyModel | undefined): string | undefined {
  if (sel.kind === 'node') return model?.nodes.find((n) => n.name === sel.id)?.eth0;
  return model?.pods.find((p) => p.key === sel.id)?.eth0;
}

export function createTopologySlice(client: LabClient, set: Set, get: Get) {
  const onPush = (msg: TopologyPush) => {
    const next = applyTopologyPush(get(), msg);
    if (Object.keys(next).length) set(next);
  };
  client.on('topology', onPush);
  client.on('hops', onPush);

  const state: TopologyState = {
    topologyLab: 0,
    hops: [],
    hopBatch: [],
    lastAt: {},
    drops: [],
    mapSelection: null,
    async selectOnMap(sel) {
      set({ mapSelection: sel });
      const point = sel && pointOf(sel, get().topology);
      if (point) await get().selectPoint(point);
    },
  };
  return { state };
}
