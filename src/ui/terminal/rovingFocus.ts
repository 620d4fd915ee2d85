/**
 * Arrow-key focus for a popup list (menu items, download buttons): Up/Down wrap around, Home/End jump, Escape closes.
 * Returns true when it handled the key.
 */
export function rovingKey(e: { key: string; preventDefault(): void; stopPropagation(): void }, list: HTMLElement[], onEscape: () => void): boolean {
  const i = list.indexOf(document.activeElement as HTMLElement);
  const go = (n: number) => {
    e.preventDefault();
    list[(n + list.length) % list.length]?.focus();
    return true;
  };
  switch (e.key) {
    case 'ArrowDown': return go(i + 1);
    case 'ArrowUp': return go(i - 1);
    case 'Home': return go(0);
    case 'End': return go(list.length - 1);
    case 'Escape':
      e.preventDefault();
      e.stopPropagation();
      onEscape();
      return true;
    default:
      return false;
  }
}
