/**
 * "+ New terminal": a menu button listing where a shell can run, the nodes and the pods (as `namespace/name`).
 * Keyboard: Enter, Space or ArrowDown opens it on the first place, ArrowUp on the last; arrows, Home and End move;
 * Escape closes it and returns focus to the button; Tab closes it.
 */
import { rovingKey } from './rovingFocus';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useLab } from '../LabContext';
import type { Place } from '../../worker/protocol';

interface Item {
  key: string;
  place: Place;
  detail: string;
}

export function NewTerminalMenu({ onOpen }: { onOpen(place: Place): void }) {
  const info = useLab((s) => s.info);
  const [open, setOpen] = useState(false);
  const [start, setStart] = useState<'first' | 'last'>('first');
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  const nodes: Item[] = (info?.nodes ?? []).map((n) => ({ key: n, place: { kind: 'node', node: n }, detail: 'node' }));
  const pods: Item[] = (info?.pods ?? []).map((p) => {
    const [namespace, pod] = p.key.split('/');
    return { key: p.key, place: { kind: 'pod', namespace, pod }, detail: `on ${p.node}` };
  });

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    const list = items();
    (start === 'first' ? list[0] : list[list.length - 1])?.focus();
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open, start]);

  function show(at: 'first' | 'last') {
    setStart(at);
    setOpen(true);
  }

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) button.current?.focus();
  }

  function onButtonKey(e: KeyboardEvent) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      show(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  function onMenuKey(e: KeyboardEvent) {
    if (e.key === 'Tab') return close(false);
    rovingKey(e, items(), () => close(true));
  }

  function pick(item: Item) {
    close(false);
    onOpen(item.place);
  }

  const group = (label: string, list: Item[]) => list.length > 0 && (
    <div role="group" aria-labelledby={`${id}-${label}`} className="menu-group">
      <div role="presentation" id={`${id}-${label}`} className="menu-label">{label}</div>
      {list.map((it) => (
        <button key={it.key} type="button" role="menuitem" tabIndex={-1} className="menu-item" onClick={() => pick(it)}>
          <span className="menu-item-name">{it.key}</span>
          <span className="menu-item-detail">{it.detail}</span>
        </button>
      ))}
    </div>
  );

  return (
    <div className="menu-anchor">
      <button
        ref={button}
        type="button"
        className="button button-small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        disabled={!info}
        onClick={() => (open ? close(false) : show('first'))}
        onKeyDown={onButtonKey}
      >
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M8 3v10M3 8h10" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
        </svg>
        New terminal
      </button>
      {open && (
        <div ref={menu} id={`${id}-menu`} role="menu" aria-label="Open a terminal on" className="menu" onKeyDown={onMenuKey}>
          {group('Nodes', nodes)}
          {group('Pods', pods)}
        </div>
      )}
    </div>
  );
}
