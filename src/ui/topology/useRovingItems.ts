/**
 * Keyboard operation of the map's nodes and pods as one roving-tabindex group: Tab enters the map on one item (the
 * last one focused, else the first node) and leaves it again; the arrow keys move between items in reading order
 * (each node, then its pods), Home and End jump to the ends, Enter or Space activates, Escape clears the selection.
 */
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';

export interface ItemProps {
  tabIndex: number;
  ref(el: SVGGElement | null): void;
  onFocus(): void;
  onKeyDown(e: KeyboardEvent<SVGGElement>): void;
  onClick(): void;
}

export function useRovingItems(ids: string[], handlers: { activate(id: string): void; escape(): void }) {
  const [current, setCurrent] = useState<string | null>(null);
  const els = useRef(new Map<string, SVGGElement>());
  const tabbable = current !== null && ids.includes(current) ? current : ids[0];

  const focus = useCallback((id: string | undefined) => {
    if (id === undefined) return;
    setCurrent(id);
    els.current.get(id)?.focus();
  }, []);

  function props(id: string): ItemProps {
    return {
      tabIndex: id === tabbable ? 0 : -1,
      ref: (el) => {
        if (el) els.current.set(id, el);
        else els.current.delete(id);
      },
      onFocus: () => setCurrent(id),
      onClick: () => handlers.activate(id),
      onKeyDown: (e) => {
        const i = ids.indexOf(id);
        let to: string | undefined;
        switch (e.key) {
          case 'ArrowRight':
          case 'ArrowDown': to = ids[(i + 1) % ids.length]; break;
          case 'ArrowLeft':
          case 'ArrowUp': to = ids[(i - 1 + ids.length) % ids.length]; break;
          case 'Home': to = ids[0]; break;
          case 'End': to = ids[ids.length - 1]; break;
          case 'Enter':
          case ' ':
            e.preventDefault();
            handlers.activate(id);
            return;
          case 'Escape':
            handlers.escape();
            return;
          default:
            return;
        }
        e.preventDefault();
        focus(to);
      },
    };
  }

  return { props, focus, tabbable };
}
