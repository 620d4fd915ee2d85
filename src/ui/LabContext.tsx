/** Passes a lab's store down the tree; components read it with narrow selectors. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabState, LabStore } from '../store/labStore';

export const LabContext = createContext<LabStore | null>(null);

/** The lab's store itself, for event handlers that read fresh state or act on it. */
export function useLabStore(): LabStore {
  const store = useContext(LabContext);
  if (!store) throw new Error('useLab outside a <LabContext.Provider>');
  return store;
}

export function useLab<T>(selector: (s: LabState) => T): T {
  return useStore(useLabStore(), selector);
}
