/**
 * The test hook the Playwright specs (e2e/) read as window.__podlock: the page's lab store and worker client, so a
 * test can read state and fetch pcapng bytes through the worker, read what each terminal shows, and drive the
 * virtual clock by hand instead of sleeping. Not an API; app code never uses it.
 */
import type { LabStore } from '../store/labStore';
import type { EngineClient } from '../worker/client';
import type { Place, PlaybackMode } from '../worker/protocol';

export interface PodlockTestHook {
  store: LabStore;
  client: EngineClient;
  /** Every open terminal and the text its xterm buffer shows (soft-wrapped rows joined, one line per row). */
  terminals(): { term: number; place: Place; label: string; text: string }[];
  /** Pauses the virtual clock or lets it follow the wall clock again. */
  clock(mode: PlaybackMode): Promise<void>;
  /** Runs virtual time until nothing is scheduled; resolves once all output was sent and the table refreshed. */
  runToIdle(): Promise<void>;
}

export function testHook(store: LabStore, client: EngineClient): PodlockTestHook {
  return {
    store,
    client,
    terminals: () => {
      const { terminals, io } = store.getState();
      return terminals.map((t) => ({ term: t.term, place: t.place, label: t.label, text: io.view(t.term)?.bufferText() ?? '' }));
    },
    clock: (mode) => store.getState().setClock(mode),
    runToIdle: () => store.getState().runToIdle(),
  };
}
