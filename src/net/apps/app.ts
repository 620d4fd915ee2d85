/**
 * Programs running in pods and on nodes (curl, ping, the backend's HTTP API), as plain-data state machines driven by
 * socket events and timers. An app's state lives in the engine state; its behaviour is looked up by kind.
 */
import type { Sim } from '../../sim/sim';
import type { CurlApp } from './curl';
import type { HttpApiApp } from './httpApi';
import type { PingApp } from './ping';
import type { MeshProxyApp } from './meshProxy';
import { curlEvent } from './curl';
import { httpApiEvent } from './httpApi';
import { pingEvent } from './ping';
import { meshProxyEvent } from './meshProxy';

export type AppState = CurlApp | HttpApiApp | PingApp | MeshProxyApp;

export type AppEvent =
  | { type: 'connected'; conn: string }
  | { type: 'accepted'; conn: string }
  | { type: 'data'; conn: string; data: Uint8Array }
  | { type: 'peer-closed'; conn: string }
  | { type: 'closed'; conn: string; error?: string }
  | { type: 'wake'; tag: string }
  | { type: 'icmp-reply'; src: number; ttl: number; seq: number; bytes: number }
  | { type: 'signal'; signal: 'INT' };

/** What every program has: its id, where it runs, and the job tag of the exec that started it. */
export interface AppRef {
  id: string;
  host: string;
  job?: string;
}

export function appEvent(sim: Sim, appId: string, ev: AppEvent): void {
  const app = sim.st.apps[appId];
  if (!app) return;
  switch (app.kind) {
    case 'curl': return curlEvent(sim, app, ev);
    case 'http-api': return httpApiEvent(sim, app, ev);
    case 'ping': return pingEvent(sim, app, ev);
    case 'mesh-proxy': return meshProxyEvent(sim, app, ev);
  }
}

/** How many lines of a pod program's log the lab keeps (the kubelet rotates real logs by size). */
export const LOG_LINES = 1000;

export function print(sim: Sim, app: AppRef, text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
  // A pod's main program (the HTTP API) writes the container log; programs run by exec do not.
  if (sim.st.apps[app.id]?.kind === 'http-api') {
    const log = ((sim.st.podLogs ??= {})[app.host] ??= []);
    for (const line of text.split('\n').slice(0, -1)) log.push({ t: sim.now, text: line });
    if (log.length > LOG_LINES) log.splice(0, log.length - LOG_LINES);
  }
  sim.emit('output', { t: sim.now, host: app.host, app: app.id, ...(app.job ? { job: app.job } : {}), stream, text });
}

export function exit(sim: Sim, app: AppRef, code: number): void {
  delete sim.st.apps[app.id];
  sim.emit('exit', { t: sim.now, host: app.host, app: app.id, ...(app.job ? { job: app.job } : {}), code });
}

/** Wakes the app after `delay` µs with `tag` (a timer; re-arming the same tag replaces it). */
export function wake(sim: Sim, app: { id: string }, tag: string, delay: number): void {
  sim.arm(`app:${app.id}:${tag}`, delay);
}
