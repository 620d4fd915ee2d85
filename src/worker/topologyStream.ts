/**
 * The worker side of the topology view: follows the engine's `frame` and `drop` events and, on each flush (after
 * every request and every playback tick), pushes what the page needs to draw and animate:
 *
 * - `topology` with the lab's shape (./topologyModel.ts) when it differs from the last one sent;
 * - `hops` with the frames since the last flush, classified from their bytes (./topologyClassify.ts), and the drops.
 *
 * Bounded: a flush sends at most `maxHops` hops and `maxDrops` drops, the newest ones, and says how many older hops
 * it left out. A run over minutes of virtual time therefore costs the page one bounded batch, not a flood.
 */
import type { Sim } from '../sim/sim';
import type { DropEvent, FrameEvent } from '../sim/events';
import { classifyFrame, TlsStreams } from './topologyClassify';
import { topologyModel } from './topologyModel';
import type { DropMark, Hop, TopologyPush } from './topologyProtocol';

export const MAX_HOPS_PER_PUSH = 600;
export const MAX_DROPS_PER_PUSH = 40;

export interface TopologyStreamOptions {
  maxHops?: number;
  maxDrops?: number;
}

export class TopologyStream {
  private lab = 0;
  private sim?: Sim;
  private detach?: () => void;
  private frames: FrameEvent[] = [];
  private drops: DropEvent[] = [];
  private skipped = 0;
  private streams = new TlsStreams();
  private sentModel = '';
  /** Virtual time at the last hops push: a flush at an earlier time (a snapshot restored) is pushed even if empty. */
  private lastNow = -Infinity;
  private readonly maxHops: number;
  private readonly maxDrops: number;

  constructor(private readonly push: (msg: TopologyPush) => void, opts: TopologyStreamOptions = {}) {
    this.maxHops = opts.maxHops ?? MAX_HOPS_PER_PUSH;
    this.maxDrops = opts.maxDrops ?? MAX_DROPS_PER_PUSH;
  }

  /** A new lab was loaded: forget the old one's hops and conversations, and number the new one. */
  reload(sim: Sim): void {
    this.lab++;
    this.frames = [];
    this.drops = [];
    this.skipped = 0;
    this.streams = new TlsStreams();
    this.sentModel = '';
    this.lastNow = -Infinity;
    this.follow(sim);
  }

  /** Listens to `sim` (a no-op if it already does): a restored or replayed engine keeps the lab's number. */
  follow(sim: Sim): void {
    if (this.sim === sim) return;
    this.detach?.();
    this.sim = sim;
    const offFrame = sim.events.on('frame', (e) => {
      this.frames.push(e);
      // Keep twice the batch so the classifier still sees most of a burst's TLS records; older frames are counted.
      if (this.frames.length > this.maxHops * 2) this.skipped += this.frames.splice(0, this.frames.length - this.maxHops).length;
    });
    const offDrop = sim.events.on('drop', (e) => {
      this.drops.push(e);
      if (this.drops.length > this.maxDrops) this.drops.splice(0, this.drops.length - this.maxDrops);
    });
    this.detach = () => {
      offFrame();
      offDrop();
    };
  }

  /** Pushes the shape if it changed, then the hops and drops gathered since the last flush (if any). */
  flush(sim: Sim | undefined): void {
    if (!sim) return;
    this.follow(sim);
    const model = topologyModel(sim.st);
    const text = JSON.stringify(model);
    if (text !== this.sentModel) {
      this.sentModel = text;
      this.push({ type: 'topology', lab: this.lab, model });
    }
    const rewound = sim.now < this.lastNow;
    if (this.frames.length === 0 && this.drops.length === 0 && !rewound) return;
    const all = this.frames.map((f): Hop => {
      const c = classifyFrame(f.frame, f.linkType, this.streams);
      return { t: f.t, point: f.point, dir: f.dir, trace: f.trace, ...c };
    });
    const cut = Math.max(0, all.length - this.maxHops);
    const hops = all.slice(cut);
    const drops: DropMark[] = this.drops.map((d) => ({ t: d.t, point: d.point, trace: d.trace, reason: d.reason }));
    const skipped = this.skipped + cut;
    this.frames = [];
    this.drops = [];
    this.skipped = 0;
    this.lastNow = sim.now;
    this.push({ type: 'hops', lab: this.lab, now: sim.now, hops, drops, skipped });
  }
}
