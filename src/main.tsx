/**
 * The app's entry: reads the URL parameters, gives the page its own engine worker and lab store, and mounts the UI.
 * Every mount gets a fresh EngineClient and store, so labs never share state.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { LabContext } from './ui/LabContext';
import { readParams, type LabParams } from './ui/params';
import { syncUrl } from './ui/urlSync';
import { createLabStore } from './store/labStore';
import { EngineClient } from './worker/client';
import { testHook, type PodlockTestHook } from './ui/testHook';
import './ui/styles.css';

declare global {
  interface Window {
    /** Test hook for the Playwright specs (./ui/testHook.ts). */
    __podlock?: PodlockTestHook;
  }
}

function mount(el: HTMLElement, params: LabParams): { destroy(): void } {
  const client = new EngineClient();
  const store = createLabStore(client, { scenario: params.mode, seed: params.seed });
  const root = createRoot(el);
  root.render(
    <StrictMode>
      <LabContext.Provider value={store}>
        <App />
      </LabContext.Provider>
    </StrictMode>,
  );
  const unsync = syncUrl(store);
  void store.getState().load(params.mode, params.seed);
  window.__podlock = testHook(store, client);
  return {
    destroy() {
      unsync();
      root.unmount();
      client.dispose();
      delete window.__podlock;
    },
  };
}

const params = readParams(window.location.search);
if (params.theme) document.documentElement.dataset.theme = params.theme;
mount(document.getElementById('root')!, params);
