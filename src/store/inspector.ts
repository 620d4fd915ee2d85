/**
 * The packet inspector's part of the lab store: the display filter in force and the frames it lets through, the
 * selected frame and its inspection (field tree, bytes and, with the decrypt toggle on, what the lab's keys make of
 * it). The worker does the work (`filter` and `inspect` requests); a bad filter is refused there, with the reason,
 * and changes nothing here. Answers that arrive after the selection moved on are dropped.
 */
import type { LabClient } from '../worker/client';
import type { Inspection } from '../worker/protocol';

export interface InspectorState {
  /** The display filter in force ('' for none). */
  filter: string;
  /** Numbers of the frames it lets through, or null when every frame is shown. */
  shown: number[] | null;
  /** Why the last filter typed was refused (the one in force stays). */
  filterError?: string;
  /** The selected frame's number, as in the table. */
  selected: number | null;
  /** Whether to open encrypted frames with the lab's keys. */
  decrypt: boolean;
  inspection?: Inspection;
  inspectError?: string;
  /** Applies a display filter; resolves false (and sets filterError) when it is refused. */
  applyFilter(text: string): Promise<boolean>;
  selectPacket(no: number | null): Promise<void>;
  setDecrypt(on: boolean): Promise<void>;
}

type Get = () => InspectorState & { point: string };
type Set = (partial: Partial<InspectorState>) => void;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createInspectorSlice(client: LabClient, set: Set, get: Get, serial: <T>(op: () => Promise<T>) => Promise<T>) {
  /** Bumped by every selection and reset: an inspection answer for an older one is dropped. */
  let token = 0;

  async function inspect(): Promise<void> {
    const mine = ++token;
    const { selected, point, decrypt } = get();
    if (selected === null) return;
    try {
      const { inspection } = await client.request({ type: 'inspect', point, no: selected, decrypt });
      if (mine === token) set({ inspection, inspectError: undefined });
    } catch (e) {
      if (mine === token) set({ inspection: undefined, inspectError: message(e) });
    }
  }

  const state: InspectorState = {
    filter: '',
    shown: null,
    selected: null,
    decrypt: false,
    applyFilter(text) {
      return serial(async () => {
        const filter = text.trim();
        try {
          const shown = filter ? (await client.request({ type: 'filter', point: get().point, filter })).nos : null;
          const { selected } = get();
          const hidden = selected !== null && shown !== null && !shown.includes(selected);
          set({ filter, shown, filterError: undefined, ...(hidden && { selected: null, inspection: undefined }) });
          return true;
        } catch (e) {
          set({ filterError: message(e) });
          return false;
        }
      });
    },
    selectPacket(no) {
      set({ selected: no, ...(no === null && { inspection: undefined, inspectError: undefined }) });
      if (no === null) token++;
      return inspect();
    },
    setDecrypt(on) {
      set({ decrypt: on });
      return inspect();
    },
  };

  return {
    state,
    /** Forgets the selection (another lab or capture point). */
    reset(): Partial<InspectorState> {
      token++;
      return { selected: null, inspection: undefined, inspectError: undefined };
    },
    /** The frames at `point` the filter in force lets through, asked again after new frames arrived. */
    async shownAt(point: string): Promise<Partial<InspectorState>> {
      const { filter } = get();
      if (!filter) return { shown: null };
      try {
        return { shown: (await client.request({ type: 'filter', point, filter })).nos };
      } catch (e) {
        return { filter: '', shown: null, filterError: `the filter "${filter}" was dropped: ${message(e)}` };
      }
    },
  };
}
