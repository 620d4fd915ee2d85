/**
 * The lab's store (zustand, one per mounted lab, so several labs on one page stay independent). It holds what the
 * UI shows and talks to the engine only through the worker client.
 *
 * Requests run one after another (the worker is serial anyway), so a capture point picked while a scenario loads
 * is applied to the new scenario, never to a half-replaced one. A failed load keeps the last good lab on screen:
 * the worker only replaces its engine once the new scenario has been built.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { EngineClient } from '../worker/client';
import type { LoadedInfo, PacketRow } from '../worker/protocol';

/** `loading`: a request is on its way; `ready`: `info` and `packets` describe one loaded lab; `error`: nothing loaded. */
export type LabStatus = 'loading' | 'ready' | 'error';

export interface LabState {
  status: LabStatus;
  /** The last request's failure. With status `ready` the previous lab is still shown. */
  error?: string;
  /** The scenario and seed on screen (or being loaded). */
  scenario: string;
  seed: string;
  info?: LoadedInfo;
  point: string;
  packets: PacketRow[];
  eventsProcessed: number;
  now: number;
  /** SHA-256 of the current point's pcapng export (what determinism checks compare). */
  captureSha256?: string;
  load(scenario: string, seed: string): Promise<void>;
  selectPoint(point: string): Promise<void>;
  exportCapture(): Promise<Uint8Array>;
}

export type LabStore = StoreApi<LabState>;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createLabStore(client: EngineClient, initial: { scenario: string; seed: string; point?: string }): LabStore {
  const store = createStore<LabState>()((set, get) => {
    let queue: Promise<unknown> = Promise.resolve();
    /** Runs `op` after every earlier request has settled. */
    function serial<T>(op: () => Promise<T>): Promise<T> {
      const run = queue.then(op, op);
      queue = run.catch(() => undefined);
      return run;
    }

    async function refresh(point: string) {
      const [{ rows }, { pcapng }] = await Promise.all([
        client.request({ type: 'packets', point }),
        client.request({ type: 'capture', point }),
      ]);
      set({ point, packets: rows, captureSha256: bytesToHex(sha256(pcapng)) });
    }

    return {
      status: 'loading',
      scenario: initial.scenario,
      seed: initial.seed,
      point: initial.point ?? 'node-1:eth0',
      packets: [],
      eventsProcessed: 0,
      now: 0,
      load(scenario, seed) {
        return serial(async () => {
          const before = get();
          set({ status: 'loading', scenario, seed, error: undefined });
          let replaced = false;
          try {
            const { info } = await client.request({ type: 'load', scenario, seed });
            replaced = true;
            const ran = await client.request({ type: 'run', until: 'idle' });
            const point = info.points.includes(get().point) ? get().point : 'node-1:eth0';
            set({ info, eventsProcessed: ran.eventsProcessed, now: ran.now });
            await refresh(point);
            set({ status: 'ready' });
          } catch (e) {
            if (!replaced && before.info) {
              // The worker still holds the previous lab: keep showing it.
              set({ status: 'ready', scenario: before.info.scenario, seed: before.info.seed, error: message(e) });
            } else {
              set({ status: 'error', error: message(e), info: undefined, packets: [], captureSha256: undefined });
            }
          }
        });
      },
      selectPoint(point) {
        return serial(async () => {
          try {
            await refresh(point);
            set({ error: undefined });
          } catch (e) {
            set({ error: message(e) });
          }
        });
      },
      exportCapture() {
        return serial(async () => (await client.request({ type: 'capture', point: get().point })).pcapng);
      },
    };
  });
  return store;
}
