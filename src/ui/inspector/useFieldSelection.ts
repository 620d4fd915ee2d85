/**
 * What the details tree and the hex pane share for one inspection: which nodes are open (remembered by field-name
 * path, so moving to the next frame keeps `ip` and `tcp.flags` open as Wireshark does), which field is selected
 * (kept by path too when the next frame has it), which bytes the hex pane shows (the frame or the decrypted
 * packet; it follows the selected field) and where its keyboard cursor is.
 */
import { useMemo, useState } from 'react';
import type { Inspection } from '../../worker/protocol';
import { ancestors, buildTree, fieldAt, highlightOf, type ByteSource, type FieldTree, type TreeNode } from './fieldTree';

export interface FieldSelection {
  tree: FieldTree;
  expanded: ReadonlySet<string>;
  node: TreeNode | null;
  source: ByteSource;
  cursor: number | null;
  /** The selected field's bytes when they are in the shown source. */
  highlight: { start: number; length: number } | null;
  select(id: string): void;
  expand(paths: string[], open: boolean): void;
  showSource(s: ByteSource): void;
  setCursor(offset: number): void;
  /** Selects the deepest field over a byte of the shown source, opening the tree down to it. */
  pick(offset: number): void;
}

export function useFieldSelection(inspection: Inspection, decrypted: boolean): FieldSelection {
  const inner = decrypted ? inspection.decryption?.inner?.layers : undefined;
  const tree = useMemo(() => buildTree(inspection.layers, inner), [inspection.layers, inner]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [selPath, setSelPath] = useState<string | null>(null);
  const [selId, setSelId] = useState<string | null>(null);
  const [source, setSource] = useState<ByteSource>('frame');
  const [cursor, setCursorState] = useState<number | null>(null);
  const [shownTree, setShownTree] = useState(tree);

  if (tree !== shownTree) {
    // another frame (or the decrypted layers came or went): keep the selection by path if the new tree has it
    setShownTree(tree);
    const same = selPath ? [...tree.nodes.values()].find((n) => n.path === selPath) : undefined;
    setSelId(same?.id ?? null);
    setSource(same?.source ?? (source === 'decrypted' && inner ? 'decrypted' : 'frame'));
    setCursorState(null);
  }

  const node = (selId && tree.nodes.get(selId)) || null;
  const h = node ? highlightOf(node) : null;

  const select = (id: string) => {
    const n = tree.nodes.get(id);
    if (!n) return;
    setSelId(id);
    setSelPath(n.path);
    setSource(n.source);
  };

  const expand = (paths: string[], open: boolean) => setExpanded((old) => {
    const next = new Set(old);
    for (const p of paths) {
      if (open) next.add(p);
      else next.delete(p);
    }
    return next;
  });

  return {
    tree, expanded, node, source, cursor,
    highlight: h && h.source === source ? { start: h.start, length: h.length } : null,
    select,
    expand,
    showSource(s) {
      setSource(s);
      setCursorState(null);
    },
    setCursor: setCursorState,
    pick(offset) {
      setCursorState(offset);
      const n = fieldAt(tree, source, offset);
      if (!n) return;
      expand(ancestors(tree, n.id).map((id) => tree.nodes.get(id)!.path), true);
      select(n.id);
    },
  };
}
