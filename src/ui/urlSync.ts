/** Keeps the address bar's `mode` and `seed` in step with the loaded lab, so a link reproduces the same bytes. */
import type { LabStore } from '../store/labStore';

export function syncUrl(store: LabStore): () => void {
  return store.subscribe((s, prev) => {
    if (!s.info || (s.info === prev.info)) return;
    const url = new URL(window.location.href);
    url.searchParams.set('mode', s.info.scenario);
    url.searchParams.set('seed', s.info.seed);
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
  });
}
