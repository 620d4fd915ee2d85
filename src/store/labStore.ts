/**
 * The lab's store (zustand, one per mounted lab, so several labs on one page stay independent). It holds what the
 * UI shows and talks to the engine only through the worker client.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { EngineClient } from '../worker/client';
import type { LoadedInfo, PacketRow } from '../worker/protocol';

export type LabStatus = 'loading' | 'ready' | 'error';

export interface LabState {
  status: LabStatus;
  error?: string;
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

export function createLabStore(client: EngineClient, initial: { scenario: string; seed: string; point?: string }): LabStore {
  const store = createStore<LabState>()((set, get) => {
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
      async load(scenario, seed) {
        set({ status: 'loading', scenario, seed, error: undefined, packets: [], captureSha256: undefined });
        try {
          const { info } = await client.request({ type: 'load', scenario, seed });
          const ran = await client.request({ type: 'run', until: 'idle' });
          const point = info.points.includes(get().point) ? get().point : 'node-1:eth0';
          set({ info, eventsProcessed: ran.eventsProcessed, now: ran.now });
          await refresh(point);
          set({ status: 'ready' });
        } catch (e) {
          set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
        }
      },
      async selectPoint(point) {
        try {
          await refresh(point);
        } catch (e) {
          set({ error: e instanceof Error ? e.message : String(e) });
        }
      },
      async exportCapture() {
        const { pcapng } = await client.request({ type: 'capture', point: get().point });
        return pcapng;
      },
    };
  });
  return store;
}
