/**
 * The field <-> byte mapping behind the details tree and the hex pane, as plain functions: the tree's nodes with
 * stable ids (`f:2.0` is the first child of the frame's third layer; `d:` the decrypted packet's), the rows a
 * tree shows with some nodes expanded, the byte range a node highlights (its field's start/length, in its own
 * byte source: the frame or the decrypted packet, as in Wireshark's byte-pane tabs and its PDML pos/size), and the
 * deepest field covering a byte, which a click in the hex pane selects.
 */
import type { Field } from '../../net/dissect/tree';

export type ByteSource = 'frame' | 'decrypted';

export interface TreeNode {
  id: string;
  field: Field;
  source: ByteSource;
  /** 1 for a layer (top level). */
  level: number;
  parent?: string;
  children: string[];
  /** 1-based position among its siblings, and how many there are (aria-posinset / aria-setsize). */
  pos: number;
  siblings: number;
  /** Field names from the layer down to this node, `ip/ip.flags`: what an expansion is remembered by. */
  path: string;
  /** Index of its layer among all layers shown (frame layers first, then decrypted ones). */
  layer: number;
}

export interface FieldTree {
  nodes: Map<string, TreeNode>;
  roots: string[];
}

export function buildTree(frame: Field[], decrypted: Field[] = []): FieldTree {
  const nodes = new Map<string, TreeNode>();
  const roots: string[] = [];
  const add = (fields: Field[], source: ByteSource, prefix: string, level: number, layerBase: number, parent?: TreeNode): string[] =>
    fields.map((field, i) => {
      const id = parent ? `${parent.id}.${i}` : `${prefix}:${i}`;
      const node: TreeNode = {
        id, field, source, level, parent: parent?.id, children: [], pos: i + 1, siblings: fields.length,
        path: parent ? `${parent.path}/${field.name}` : `${source}:${field.name}`, layer: parent ? parent.layer : layerBase + i,
      };
      nodes.set(id, node);
      node.children = add(field.children ?? [], source, prefix, level + 1, layerBase, node);
      return id;
    });
  roots.push(...add(frame, 'frame', 'f', 1, 0));
  const inner = add(decrypted, 'decrypted', 'd', 1, frame.length);
  // the decrypted layers continue the top level, so their position counts on from the frame's layers
  for (const id of roots) nodes.get(id)!.siblings = frame.length + decrypted.length;
  inner.forEach((id, i) => Object.assign(nodes.get(id)!, { pos: frame.length + i + 1, siblings: frame.length + decrypted.length }));
  roots.push(...inner);
  return { nodes, roots };
}

/** The rows a tree shows, in order: roots, and the children of every expanded node (by `path`). */
export function visibleNodes(tree: FieldTree, expanded: ReadonlySet<string>): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (ids: string[]): void => {
    for (const id of ids) {
      const n = tree.nodes.get(id)!;
      out.push(n);
      if (n.children.length && expanded.has(n.path)) walk(n.children);
    }
  };
  walk(tree.roots);
  return out;
}

/** Ids from the root down to (not including) `id`. */
export function ancestors(tree: FieldTree, id: string): string[] {
  const out: string[] = [];
  for (let p = tree.nodes.get(id)?.parent; p; p = tree.nodes.get(p)?.parent) out.unshift(p);
  return out;
}

/** The bytes a node highlights: its own range in its own source (empty for generated fields without bytes). */
export function highlightOf(n: TreeNode): { source: ByteSource; start: number; length: number } {
  return { source: n.source, start: n.field.start, length: n.field.length };
}

/**
 * The deepest field with bytes covering `offset` in `source`: deepest first in the protocol stack (the last layer
 * with a field over that byte: a WireGuard field beats the UDP payload field that carries it), then in the tree
 * within that layer; fields equally deep over the same byte (bit fields) go to the first in tree order. The frame
 * item, layer 0, is what is left when no layer covers the byte.
 */
export function fieldAt(tree: FieldTree, source: ByteSource, offset: number): TreeNode | undefined {
  let best: TreeNode | undefined;
  for (const n of tree.nodes.values()) {
    const f = n.field;
    if (n.source !== source || f.length <= 0 || offset < f.start || offset >= f.start + f.length) continue;
    if (!best || n.layer > best.layer || (n.layer === best.layer && n.level > best.level)) best = n;
  }
  return best;
}
