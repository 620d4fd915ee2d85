/** Small browser hooks of the topology view: the user's reduced-motion preference and an element's width. */
import { useEffect, useState, type RefObject } from 'react';

const REDUCE = '(prefers-reduced-motion: reduce)';

/** True while the system asks for reduced motion (follows changes, as emulateMedia makes them in tests). */
export function useReducedMotion(): boolean {
  const [reduce, setReduce] = useState(() => typeof matchMedia === 'function' && matchMedia(REDUCE).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const mq = matchMedia(REDUCE);
    const on = () => setReduce(mq.matches);
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return reduce;
}

/** The content-box width of an element, updated when it resizes (0 until measured). */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth((old) => (Math.abs(old - w) >= 1 ? Math.floor(w) : old));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
