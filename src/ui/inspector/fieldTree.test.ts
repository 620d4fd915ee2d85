/**
 * The field <-> byte mapping: node ids and ARIA positions, visible rows under expansion, the highlighted range of
 * a node (its field's start/length in its own byte source), and the deepest field covering a byte, on a
 * hand-made tree and on every byte of real frames (clicking a byte selects a field whose range holds it).
 */
import { describe, expect, it } from 'vitest';
import { buildTree, visibleNodes, fieldAt, highlightOf, ancestors } from './fieldTree';
import type { Field } from '../../net/dissect/tree';
import { Engine } from '../../sim/engine';
import { record } from '../../capture/recorder';
import { dissect } from '../../net/dissect/index';
import type { LinkType } from '../../net/dissect/tree';

const f = (name: string, start: number, length: number, children?: Field[]): Field => ({ name, label: name, start, length, children });

// frame 0..40: eth 0..14, ip 14..34 (flags byte 20 with two bit fields), udp 34..42 whose payload 42..60 is wg
const frame = [
  f('frame', 0, 60, [f('frame.number', 0, 0)]),
  f('eth', 0, 14, [f('eth.dst', 0, 6), f('eth.src', 6, 6), f('eth.type', 12, 2)]),
  f('ip', 14, 20, [f('ip.flags', 20, 1, [f('ip.flags.df', 20, 1), f('ip.flags.mf', 20, 1)]), f('ip.src', 26, 4)]),
  f('udp', 34, 26, [f('udp.srcport', 34, 2), f('udp.payload', 42, 18)]),
  f('wg', 42, 18, [f('wg.type', 42, 1), f('wg.receiver', 46, 4)]),
];
const inner = [f('ip', 0, 20, [f('ip.src', 12, 4)]), f('tcp', 20, 20)];

describe('field tree', () => {
  const tree = buildTree(frame, inner);

  it('gives stable ids, levels and ARIA positions, continuing the top level into the decrypted layers', () => {
    expect(tree.roots).toEqual(['f:0', 'f:1', 'f:2', 'f:3', 'f:4', 'd:0', 'd:1']);
    expect(tree.nodes.get('f:2.0.1')).toMatchObject({ level: 3, pos: 2, siblings: 2, path: 'frame:ip/ip.flags/ip.flags.mf', parent: 'f:2.0' });
    expect(tree.nodes.get('d:1')).toMatchObject({ level: 1, pos: 7, siblings: 7, source: 'decrypted', layer: 6 });
    expect(tree.nodes.get('f:0')).toMatchObject({ pos: 1, siblings: 7 });
    expect(ancestors(tree, 'f:2.0.1')).toEqual(['f:2', 'f:2.0']);
  });

  it('shows the children of expanded nodes only', () => {
    expect(visibleNodes(tree, new Set()).map((n) => n.id)).toEqual(tree.roots);
    expect(visibleNodes(tree, new Set(['frame:ip', 'frame:ip/ip.flags', 'decrypted:ip/ip.src'])).map((n) => n.id))
      .toEqual(['f:0', 'f:1', 'f:2', 'f:2.0', 'f:2.0.0', 'f:2.0.1', 'f:2.1', 'f:3', 'f:4', 'd:0', 'd:1']);
    // a collapsed parent hides an expanded child
    expect(visibleNodes(tree, new Set(['frame:ip/ip.flags'])).map((n) => n.id)).toEqual(tree.roots);
  });

  it('highlights a field\'s own bytes in its own source', () => {
    expect(highlightOf(tree.nodes.get('f:2.1')!)).toEqual({ source: 'frame', start: 26, length: 4 });
    expect(highlightOf(tree.nodes.get('d:0.0')!)).toEqual({ source: 'decrypted', start: 12, length: 4 });
    expect(highlightOf(tree.nodes.get('f:0.0')!)).toEqual({ source: 'frame', start: 0, length: 0 });
  });

  it('maps a byte to the deepest field covering it', () => {
    const at = (src: 'frame' | 'decrypted', o: number) => fieldAt(tree, src, o)?.field.name;
    expect(at('frame', 7)).toBe('eth.src');
    expect(at('frame', 20)).toBe('ip.flags.df'); // deepest; first of equals
    expect(at('frame', 16)).toBe('ip'); // inside ip, no field of its own
    expect(at('frame', 47)).toBe('wg.receiver'); // udp.payload and wg.receiver are as deep: the later layer wins
    expect(at('frame', 44)).toBe('wg'); // the WireGuard layer, not the UDP payload field that carries it
    expect(at('frame', 36)).toBe('udp'); // in udp, no field of its own
    expect(at('frame', 0)).toBe('eth.dst');
    expect(at('frame', 60)).toBeUndefined();
    expect(at('decrypted', 13)).toBe('ip.src');
    expect(at('decrypted', 25)).toBe('tcp');
  });

  it('on real frames, every byte maps to a field that holds it', () => {
    const engine = Engine.create('plaintext', '7');
    const rec = record(engine, 'node-1:eth0');
    engine.runToIdle();
    for (const fr of rec.frames) {
      const d = dissect(fr.frame, rec.linkType as LinkType);
      const t = buildTree([f('frame', 0, fr.frame.length), ...d.layers]);
      for (let o = 0; o < fr.frame.length; o++) {
        const n = fieldAt(t, 'frame', o)!;
        const h = highlightOf(n);
        expect(o >= h.start && o < h.start + h.length, `${n.field.name} at ${o}`).toBe(true);
        const covers = (x: Field) => x.length > 0 && o >= x.start && o < x.start + x.length;
        for (const c of n.children.map((id) => t.nodes.get(id)!.field)) expect(covers(c), `${c.name} is deeper at ${o}`).toBe(false);
        for (const later of [...t.nodes.values()].filter((x) => x.layer > n.layer)) expect(covers(later.field), `${later.field.name} is later at ${o}`).toBe(false);
      }
    }
  });
});
