/**
 * The lab's store (zustand, one per mounted lab, so several labs on one page stay independent). It holds what the
 * UI shows and talks to the engine only through the worker client.
 *
 * Requests that change what the packet table shows run one after another (the worker is serial anyway), so a
 * capture point picked while a scenario loads is applied to the new scenario, never to a half-replaced one. A
 * failed load keeps the last good lab on screen: the worker only replaces its engine once the new scenario has been
 * built.
 *
 * Terminals: the store keeps the list of tabs (which terminal, where, which one is active); their output streams
 * through `io` (./terminalIO.ts), not through state. The files each terminal's commands wrote (`> notes.txt`,
 * `tcpdump -w`) are listed per terminal and refetched whenever the worker says they changed. While the playback loop
 * runs, the worker pushes ticks; the store refreshes the clock, the event count and the packet table from them at
 * most every `refreshMs`.
 *
 * The packet inspector's state (display filter, selected frame, its inspection) is a slice: ./inspector.ts. A
 * refresh re-applies the filter in force to the new frames; another lab or capture point clears the selection.
 *
 * The timeline (stepping one event forward or back, reset, speed, the event list and its narration) is a slice too:
 * ./timeline.ts. Every table refresh also fetches the event list's page.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { LabClient } from '../worker/client';
import type { LoadedInfo, PacketRow, Place, PlaybackMode, PushOf, TermFile } from '../worker/protocol';
import { placeHost } from '../shell/types';
import { TerminalIO } from './terminalIO';
import { createInspectorSlice, type InspectorState } from './inspector';
import { createTopologySlice, type TopologyState } from './topology';
import { createTimelineSlice, type TimelineState } from './timeline';

/** `loading`: a request is on its way; `ready`: `info` and `packets` describe one loaded lab; `error`: nothing loaded. */
export type LabStatus = 'loading' | 'ready' | 'error';

/** One terminal tab: the worker's terminal number, where its shell was opened, and its label (`node-1`, `web/frontend`). */
export interface TermTab {
  term: number;
  place: Place;
  label: string;
}

export interface LabState extends InspectorState, TopologyState, TimelineState {
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
  /** Virtual time, µs. */
  now: number;
  /** SHA-256 of the current point's pcapng export (what determinism checks compare). */
  captureSha256?: string;
  /** Open terminals in tab order, and the one shown. */
  terminals: TermTab[];
  activeTerm: number | null;
  /** The files written in each open terminal, by terminal number (absent: none yet). */
  files: Record<number, TermFile[]>;
  /** Whether virtual time follows the wall clock while commands wait on the network. */
  clockMode: PlaybackMode;
  /** Terminal output and input streams (a stable object, never replaced). */
  io: TerminalIO;
  load(scenario: string, seed: string): Promise<void>;
  selectPoint(point: string): Promise<void>;
  exportCapture(): Promise<Uint8Array>;
  /** Opens a shell at a node or in a pod and makes its tab the active one; null when the worker refused. */
  openTerminal(place: Place): Promise<number | null>;
  closeTerminal(term: number): Promise<void>;
  selectTerminal(term: number): void;
  /** The bytes of a file written in a terminal. */
  fetchFile(term: number, name: string): Promise<Uint8Array>;
  setClock(mode: PlaybackMode): Promise<void>;
  /** Runs virtual time until nothing is scheduled, then refreshes the table (tests, and stepping by hand). */
  runToIdle(): Promise<void>;
}

export type LabStore = StoreApi<LabState>;

export interface LabStoreOptions {
  /** Open a terminal on the first node after the first successful load (default true). */
  defaultTerminal?: boolean;
  /** Minimum milliseconds between table refreshes driven by the playback loop (default 250). */
  refreshMs?: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function labelOf(place: Place): string {
  return placeHost(place);
}

export function createLabStore(client: LabClient, initial: { scenario: string; seed: string; point?: string }, opts: LabStoreOptions = {}): LabStore {
  const refreshMs = opts.refreshMs ?? 250;
  const io = new TerminalIO(client);

  const store = createStore<LabState>()((set, get) => {
    let queue: Promise<unknown> = Promise.resolve();
    /** Runs `op` after every earlier request has settled. */
    function serial<T>(op: () => Promise<T>): Promise<T> {
      const run = queue.then(op, op);
      queue = run.catch(() => undefined);
      return run;
    }

    /** Which engine the worker runs: bumped when a load is answered, so ticks from the previous one are ignored. */
    let generation = 0;
    /** Event count the table was last fetched at. */
    let tableAt = -1;
    let autoOpened = opts.defaultTerminal === false;

    const inspector = createInspectorSlice(client, set, get, serial);
    // topology view: the lab's shape, recent hops and drops, the map's selection (./topology.ts)
    const topology = createTopologySlice(client, set, get);
    // timeline: stepping, speed, the event list and its narration (./timeline.ts)
    const timeline = createTimelineSlice(client, set, get, { serial, refresh: (p) => refresh(p), invalidateTicks: () => void generation++ });

    async function refresh(point: string) {
      const [{ rows }, { pcapng }, shown, events] = await Promise.all([
        client.request({ type: 'packets', point }),
        client.request({ type: 'capture', point }),
        inspector.shownAt(point),
        timeline.fetch(), // the event list follows the table
      ]);
      tableAt = get().eventsProcessed;
      const moved = point !== get().point ? inspector.reset() : {};
      set({ point, packets: rows, captureSha256: bytesToHex(sha256(pcapng)), ...shown, ...moved, ...events });
    }

    // Ticks from the playback loop: keep the latest, apply it at most every refreshMs.
    let latest: { tick: PushOf<'tick'>; generation: number } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastApplied = -Infinity;
    client.on('tick', (tick) => {
      latest = { tick, generation };
      if (timer !== undefined) return;
      timer = setTimeout(applyTick, Math.max(0, lastApplied + refreshMs - Date.now()));
    });
    function applyTick() {
      timer = undefined;
      lastApplied = Date.now();
      const seen = latest;
      void serial(async () => {
        const s = get();
        if (!seen || seen.generation !== generation || s.status !== 'ready') return;
        const { now, eventsProcessed } = seen.tick;
        if (eventsProcessed < s.eventsProcessed || now < s.now) return; // older than what a `run` answer already showed
        set({ now, eventsProcessed });
        if (eventsProcessed !== tableAt) await refresh(s.point).catch((e) => set({ error: message(e) }));
      });
    }

    client.on('term-exit', ({ term }) => removeTab(term));

    // Answers come back in request order (the worker is serial), so the last one applied is the latest list.
    client.on('term-files-changed', ({ term }) => {
      client.request({ type: 'term-files', term }).then(({ files }) => {
        if (get().terminals.some((t) => t.term === term)) set({ files: { ...get().files, [term]: files } });
      }, () => {
        // The terminal closed while the list was on its way.
      });
    });

    function removeTab(term: number) {
      const tabs = get().terminals;
      const i = tabs.findIndex((t) => t.term === term);
      if (i < 0) return;
      const terminals = tabs.filter((t) => t.term !== term);
      const activeTerm = get().activeTerm === term ? (terminals[Math.min(i, terminals.length - 1)]?.term ?? null) : get().activeTerm;
      io.forget(term);
      const files = { ...get().files };
      delete files[term];
      set({ terminals, activeTerm, files });
    }

    return {
      ...inspector.state,
      ...topology.state,
      ...timeline.state,
      status: 'loading',
      scenario: initial.scenario,
      seed: initial.seed,
      point: initial.point ?? 'node-1:eth0',
      packets: [],
      eventsProcessed: 0,
      now: 0,
      terminals: [],
      activeTerm: null,
      files: {},
      clockMode: 'live',
      io,
      load(scenario, seed) {
        return serial(async () => {
          const before = get();
          set({ status: 'loading', scenario, seed, error: undefined });
          let replaced = false;
          try {
            const { info } = await client.request({ type: 'load', scenario, seed });
            replaced = true;
            generation++;
            set(inspector.reset());
            set(timeline.reset());
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
          if (get().status === 'ready' && !autoOpened) {
            autoOpened = true;
            const node = get().info?.nodes[0];
            if (node) void get().openTerminal({ kind: 'node', node });
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
      async openTerminal(place) {
        try {
          const { term } = await client.request({ type: 'term-open', place, cols: 80, rows: 24 });
          set({ terminals: [...get().terminals, { term, place, label: labelOf(place) }], activeTerm: term });
          return term;
        } catch (e) {
          set({ error: `could not open a terminal on ${labelOf(place)}: ${message(e)}` });
          return null;
        }
      },
      async closeTerminal(term) {
        removeTab(term);
        await client.request({ type: 'term-close', term }).catch(() => {});
      },
      selectTerminal(term) {
        if (get().terminals.some((t) => t.term === term)) set({ activeTerm: term });
      },
      async fetchFile(term, name) {
        return (await client.request({ type: 'term-file', term, name })).data;
      },
      async setClock(mode) {
        const res = await client.request({ type: 'clock', mode });
        set({ clockMode: res.mode });
      },
      runToIdle() {
        return serial(async () => {
          const ran = await client.request({ type: 'run', until: 'idle' });
          set({ now: ran.now, eventsProcessed: ran.eventsProcessed });
          if (get().status === 'ready') await refresh(get().point);
        });
      },
    };
  });
  return store;
}
