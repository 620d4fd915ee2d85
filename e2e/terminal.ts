/**
 * Helpers for driving the page's terminals as a learner does (keys into the real xterm) and reading them through the
 * test hook (the xterm buffer's text), with the virtual clock paused and run by hand so nothing depends on timing.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { Engine } from '../src/sim/engine';
import { ShellSession } from '../src/shell/session';
import { defaultRegistry } from '../src/shell/commands/index';
import type { Place } from '../src/shell/types';

/** The input of the terminal labelled `label` (xterm's textarea, named "Terminal on <label>"). */
export const terminalInput = (page: Page, label: string) => page.getByRole('textbox', { name: `Terminal on ${label}` });

/** What the terminal labelled `label` shows, as plain text. */
export async function screenText(page: Page, label: string): Promise<string> {
  const all = await page.evaluate(() => window.__podlock!.terminals());
  return all.find((t) => t.label === label)?.text ?? '';
}

/** Waits until the terminal's text matches. */
export async function expectScreen(page: Page, label: string, pattern: RegExp | string): Promise<void> {
  const test = typeof pattern === 'string' ? (s: string) => s.includes(pattern) : (s: string) => pattern.test(s);
  await expect.poll(async () => {
    const text = await screenText(page, label);
    return test(text) ? "matched" : JSON.stringify(text);
  }, { message: `terminal ${label} shows ${String(pattern)}` }).toBe('matched');
}

/** Focuses the terminal and types a line into the real xterm, then Enter. */
export async function typeLine(page: Page, label: string, line: string): Promise<void> {
  await terminalInput(page, label).focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Pauses the clock: commands run at once, but the network moves only on runToIdle. */
export const pauseClock = (page: Page) => page.evaluate(() => window.__podlock!.clock('paused'));
export const runToIdle = (page: Page) => page.evaluate(() => window.__podlock!.runToIdle());

/** Opens a terminal from the "New terminal" menu. */
export async function openTerminal(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: 'New terminal' }).click();
  await page.getByRole('menuitem', { name: new RegExp(`^${label.replace('/', '\\/')} `) }).click();
  await expect(page.getByRole('tab', { name: label, selected: true })).toBeVisible();
}


/**
 * What the same lines typed into shells in Node show, after the scenario has run to idle, as the page does on load:
 * one screen per terminal, ANSI sequences removed. Terminals are named tty1, tty2... in order, as the worker names them.
 */
export function headlessScreens(scenario: string, seed: string, script: { place: Place; line: string }[]): string[] {
  const engine = Engine.create(scenario, seed);
  engine.runToIdle();
  const screens: string[] = [];
  const places: Place[] = [];
  const sessions: ShellSession[] = [];
  for (const { place } of script) {
    if (places.some((p) => JSON.stringify(p) === JSON.stringify(place))) continue;
    const i = places.push(place) - 1;
    screens.push('');
    const s = new ShellSession(engine, { place, registry: defaultRegistry(), name: `tty${i + 1}`, write: (t) => (screens[i] += t) });
    s.start();
    sessions.push(s);
  }
  for (const { place, line } of script) sessions[places.findIndex((p) => JSON.stringify(p) === JSON.stringify(place))].type(line);
  engine.runToIdle();
  // eslint-disable-next-line no-control-regex
  return screens.map((s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n/g, '\n'));
}
