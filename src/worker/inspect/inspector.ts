/**
 * The worker side of the packet inspector: one frame's field tree (with Wireshark's `frame` item) and, on request,
 * what the lab's keys make of it; and display filters run over every frame of a capture point.
 *
 * Why here and not in the page: the worker already holds the frames and the engine state with the keys, so the
 * page never receives key material it did not ask to see, and never loads the dissector or the crypto code into the
 * main bundle; a tree is a few kilobytes to post. The dissection of each frame is cached (recordings only grow),
 * so the table, filters and the inspector dissect a frame once.
 */
import { dissect } from '../../net/dissect/index';
import type { Dissection, Field, LinkType } from '../../net/dissect/tree';
import type { Recording } from '../../capture/recorder';
import type { Sim } from '../../sim/sim';
import { compileFilter, frameView, type FrameView, type ValueType } from '../displayFilter';
import type { Inspection } from '../protocol';
import { decryptEsp } from './decryptEsp';
import { decryptWireGuard } from './decryptWireGuard';
import { decryptTls, isTls } from './decryptTls';
import { frameItem } from './frameItem';
import { WgKeyring } from './keyring';

interface Cached {
  dissections: Dissection[];
  views: FrameView[];
  types: Map<string, ValueType>;
}

type Target = { kind: 'wireguard'; msg: Uint8Array } | { kind: 'esp'; esp: Uint8Array; src: string; dst: string } | { kind: 'tls' };

export class Inspector {
  private ring = new WgKeyring();
  private detach?: () => void;
  private sim?: Sim;
  private cache = new WeakMap<Recording, Cached>();

  /** Follows a newly loaded engine (its crypto events feed the key ring). */
  attach(sim: Sim): void {
    this.detach?.();
    this.ring = new WgKeyring();
    this.detach = this.ring.attach(sim);
    this.sim = sim;
  }

  /** The dissection of frame `i` (0-based) of a recording, computed once. */
  dissection(rec: Recording, i: number): Dissection {
    return this.cached(rec, i + 1).dissections[i];
  }

  /** Dissects every frame up to `count` not yet done, with its filter view and the field types it shows. */
  private cached(rec: Recording, count = rec.frames.length): Cached {
    let c = this.cache.get(rec);
    if (!c) this.cache.set(rec, (c = { dissections: [], views: [], types: new Map() }));
    const t0 = rec.frames[0]?.t ?? 0;
    for (let i = c.dissections.length; i < Math.min(count, rec.frames.length); i++) {
      const f = rec.frames[i];
      const d = dissect(f.frame, rec.linkType as LinkType);
      c.dissections.push(d);
      const view = frameView([this.frameField(rec, i, d, t0), ...d.layers]);
      c.views.push(view);
      for (const [name, type] of view.types()) if (!c.types.has(name)) c.types.set(name, type);
    }
    return c;
  }

  private frameField(rec: Recording, i: number, d: Dissection, t0: number): Field {
    const f = rec.frames[i];
    return frameItem({ no: i + 1, t: f.t, t0, dir: f.dir, length: f.frame.length, point: rec.point, layers: d.layers });
  }

  /** Numbers (from 1) of the frames that pass `text`; throws a FilterError for a bad filter. */
  filter(rec: Recording, text: string): number[] {
    const c = this.cached(rec);
    const f = compileFilter(text, (name) => c.types.get(name));
    return c.views.flatMap((v, i) => (f.test(v) ? [i + 1] : []));
  }

  inspect(rec: Recording, no: number, decrypt: boolean): Inspection {
    const f = rec.frames[no - 1];
    if (!Number.isInteger(no) || !f) throw new Error(`there is no frame ${no} at ${rec.point} (it has ${rec.frames.length})`);
    const d = this.dissection(rec, no - 1);
    const target: Target | undefined = encrypted(d, f.frame) ?? (isTls(rec, no, d) ? { kind: 'tls' } : undefined);
    const out: Inspection = {
      point: rec.point, no, t: f.t, dir: f.dir, linkType: rec.linkType, bytes: f.frame.slice(),
      layers: [this.frameField(rec, no - 1, d, rec.frames[0].t), ...d.layers], summary: d.summary,
      ...(d.malformed && { malformed: d.malformed }), ...(target && { decryptable: target.kind }),
    };
    if (decrypt && target && this.sim) {
      out.decryption = target.kind === 'wireguard' ? decryptWireGuard(target.msg, this.ring, this.sim)
        : target.kind === 'esp' ? decryptEsp(target.esp, target.src, target.dst, this.sim) : decryptTls(rec, no, this.sim);
    }
    return out;
  }
}

/** The outermost WireGuard or ESP layer of a frame, with what opening it needs. */
function encrypted(d: Dissection, frame: Uint8Array): Target | undefined {
  let ip: Field | undefined;
  for (const l of d.layers) {
    if (l.name === 'ip') ip = l;
    const bytes = () => frame.subarray(l.start, Math.min(frame.length, l.start + l.length));
    if (l.name === 'wg' && !l.malformed) return { kind: 'wireguard', msg: bytes() };
    if (l.name === 'esp' && ip) {
      const addr = (n: string) => String(ip?.children?.find((c) => c.name === n)?.value ?? '');
      return { kind: 'esp', esp: bytes(), src: addr('ip.src'), dst: addr('ip.dst') };
    }
  }
  return undefined;
}
