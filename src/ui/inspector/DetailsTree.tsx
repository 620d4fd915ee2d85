/**
 * The details tree of the selected frame, Wireshark's middle pane, as an ARIA tree (WAI-ARIA APG "Tree View"):
 * one Tab stop; Up/Down move between visible rows, Right opens a node or goes to its first child, Left closes it or
 * goes to its parent, Home/End jump, `*` opens every sibling, Enter or Space selects the focused row or, when it
 * is selected, opens or closes it; selection follows focus and highlights the field's bytes in the hex pane. Each row carries its field's name, byte source, start and length
 * as data attributes, so tests can compare them with tshark's PDML pos/size.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { visibleNodes, type FieldTree, type TreeNode } from './fieldTree';

export interface DetailsTreeProps {
  tree: FieldTree;
  expanded: ReadonlySet<string>;
  selected: string | null;
  /** The frame number, for the tree's name. */
  no: number;
  onSelect(id: string): void;
  onExpand(paths: string[], open: boolean): void;
}

export function DetailsTree({ tree, expanded, selected, no, onSelect, onExpand }: DetailsTreeProps) {
  const rows = visibleNodes(tree, expanded);
  const list = useRef<HTMLUListElement>(null);
  const focusNext = useRef(false);
  const current = rows.find((r) => r.id === selected) ?? rows[0];

  // Keep the selected row in view (it may have been picked from the hex pane), and focused when keys moved it.
  useEffect(() => {
    const el = list.current?.querySelector<HTMLElement>(`[data-node="${CSS.escape(current?.id ?? '')}"]`);
    if (!el) return;
    el.scrollIntoView({ block: 'nearest' });
    if (focusNext.current) el.focus({ preventScroll: true });
    focusNext.current = false;
  }, [current?.id]);

  function go(n: TreeNode | undefined) {
    if (!n) return;
    focusNext.current = true;
    onSelect(n.id);
    if (n.id === current?.id) list.current?.querySelector<HTMLElement>(`[data-node="${CSS.escape(n.id)}"]`)?.focus();
  }

  function onKeyDown(e: KeyboardEvent) {
    if (!current) return;
    const i = rows.indexOf(current);
    const open = current.children.length > 0 && expanded.has(current.path);
    const activate = () => {
      if (current.id !== selected) onSelect(current.id);
      else if (current.children.length) onExpand([current.path], !open);
    };
    const keys: Record<string, () => void> = {
      ArrowDown: () => go(rows[i + 1]),
      ArrowUp: () => go(rows[i - 1]),
      Home: () => go(rows[0]),
      End: () => go(rows[rows.length - 1]),
      ArrowRight: () => (!current.children.length ? undefined : open ? go(tree.nodes.get(current.children[0])) : onExpand([current.path], true)),
      ArrowLeft: () => (open ? onExpand([current.path], false) : go(current.parent ? tree.nodes.get(current.parent) : undefined)),
      Enter: () => activate(),
      ' ': () => activate(),
      '*': () => onExpand(siblings(tree, current).filter((s) => s.children.length).map((s) => s.path), true),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  }

  return (
    <ul ref={list} className="details-tree" role="tree" aria-label={`Details of frame ${no}`} onKeyDown={onKeyDown}>
      {rows.map((n) => {
        const f = n.field;
        const isOpen = n.children.length ? expanded.has(n.path) : undefined;
        const inner = n.source === 'decrypted' && n.level === 1;
        return (
          <li
            key={n.id}
            role="treeitem"
            data-node={n.id}
            data-field={f.name}
            data-source={n.source}
            data-start={f.start}
            data-length={f.length}
            aria-level={n.level}
            aria-setsize={n.siblings}
            aria-posinset={n.pos}
            aria-expanded={isOpen}
            aria-selected={n.id === selected}
            tabIndex={n.id === current?.id ? 0 : -1}
            className={['tree-row', n.id === selected && 'selected', f.generated && 'generated', f.malformed && 'malformed'].filter(Boolean).join(' ')}
            style={{ paddingInlineStart: `${(n.level - 1) * 1.1 + 0.4}rem` }}
            title={f.name ? `${f.name}${f.length ? ` · bytes ${f.start}–${f.start + f.length - 1}` : ''}` : undefined}
            onClick={(e) => {
              // a click selects; on the arrow, or on the row already selected, it also opens or closes
              const toggle = (e.target as HTMLElement).classList.contains('twisty') || n.id === selected;
              onSelect(n.id);
              if (n.children.length && toggle) onExpand([n.path], !isOpen);
            }}
          >
            <span className="twisty" aria-hidden="true">{isOpen === undefined ? '' : isOpen ? '▾' : '▸'}</span>
            {inner && <span className="tag-decrypted">decrypted</span>}
            {f.malformed && <span className="malformed-mark" aria-hidden="true">!</span>}
            <span className="tree-label">{f.label}</span>
            {f.malformed && <span className="sr-only"> (malformed: {f.malformed})</span>}
          </li>
        );
      })}
    </ul>
  );
}

function siblings(tree: FieldTree, n: TreeNode): TreeNode[] {
  const ids = n.parent ? tree.nodes.get(n.parent)!.children : tree.roots;
  return ids.map((id) => tree.nodes.get(id)!);
}
