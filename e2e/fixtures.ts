/**
 * Shared e2e helpers: a `test` that logs the browser's version once per worker, opening the lab and waiting for it,
 * reading the page's state and pcapng bytes through the test hook (window.__podlock), and the same captures made by
 * the engine in Node, which the page's bytes must equal.
 */
import { test as base, expect, type Page } from '@playwright/test';
import type { LabState } from '../src/store/labStore';
import type { PodlockTestHook } from '../src/ui/testHook';
import { captureScenario } from '../src/capture/run';
import { Engine } from '../src/sim/engine';
import { record } from '../src/capture/recorder';
import { dissect } from '../src/net/dissect/index';
import type { LinkType } from '../src/net/dissect/tree';
import { fmtTimeOfDay } from '../src/sim/clock';

declare global {
  interface Window {
    __podlock?: PodlockTestHook;
  }
}

export const test = base.extend<object, { logBrowserVersion: void }>({
  logBrowserVersion: [
    async ({ browser }, use) => {
      console.log(`[e2e] ${browser.browserType().name()} ${browser.version()}`);
      await use();
    },
    { scope: 'worker', auto: true },
  ],
});
export { expect };

/** Opens the lab (with an optional query string) and waits until a scenario is loaded. */
export async function openLab(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole('status')).toHaveText(/^Loaded /);
}

/** A few fields of the page's store state. */
export function labState(page: Page): Promise<Pick<LabState, 'status' | 'scenario' | 'seed' | 'point' | 'error' | 'captureSha256'>> {
  return page.evaluate(() => {
    const s = window.__podlock!.store.getState();
    return { status: s.status, scenario: s.scenario, seed: s.seed, point: s.point, error: s.error, captureSha256: s.captureSha256 };
  });
}

/**
 * Asks the page's store for a lab the engine rejects (an unknown scenario id, as a stale share link would carry): the
 * scenario menu only offers valid ids, so this is how the tests put an engine error on screen.
 */
export async function loadRejected(page: Page, scenario = 'retired-mode'): Promise<void> {
  await page.evaluate((id) => void window.__podlock!.store.getState().load(id, window.__podlock!.store.getState().seed), scenario);
}

/** The current point's pcapng, exported by the worker inside the page. */
export async function pageCapture(page: Page): Promise<Uint8Array> {
  const bytes = await page.evaluate(async () => Array.from(await window.__podlock!.store.getState().exportCapture()));
  return Uint8Array.from(bytes);
}

/** The same capture made by the engine in Node (what `npm run capture` writes). */
export function nodeCapture(scenario: string, seed: string, point: string): Uint8Array {
  return captureScenario({ scenario, seed, point }).pcapng;
}

/** The packet table the page should show, computed in Node: one array of cell texts per row. */
export function nodeTable(scenario: string, seed: string, point: string): string[][] {
  const engine = Engine.create(scenario, seed);
  const rec = record(engine, point);
  engine.runToIdle();
  return rec.frames.map((f, i) => {
    const { summary } = dissect(f.frame, rec.linkType as LinkType);
    return [String(i + 1), fmtTimeOfDay(f.t), summary.src, summary.dst, summary.protocol, String(f.frame.length), summary.info];
  });
}

/** The packet table's body as shown: one array of cell texts per row. */
export function pageTable(page: Page): Promise<string[][]> {
  return page.locator('table.packets tbody tr:not(.empty)').evaluateAll((rows) =>
    rows.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
}
