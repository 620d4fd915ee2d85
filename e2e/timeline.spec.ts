/**
 * The timeline in Chromium: stepping forward N events and back N returns the identical lab (event count, virtual
 * time, packet table), reset empties it and Play runs it at the chosen speed to the same table Node computes, the
 * event list filters and opens frames in the inspector, the narration speaks, the mode switcher loads a mode, the
 * attacker toggle is reachable and explains itself, axe is satisfied, reduced motion, and screenshots at 1280x720
 * and 1920x1080 in both themes (test-results/timeline-*.png).
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, nodeTable, openLab, pageTable } from './fixtures';

const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

/** The store's position: events processed and virtual time. */
const position = (page: Page) => page.evaluate(() => {
  const s = window.__podlock!.store.getState();
  return { events: s.eventsProcessed, now: s.now };
});

/** Clicks a transport button and waits until the lab moved (or, at an end, until the move was answered). */
async function press(page: Page, name: 'Step forward' | 'Step back' | 'Reset'): Promise<void> {
  const before = await position(page);
  await page.getByRole('button', { name, exact: true }).click();
  await expect.poll(async () => (await position(page)).events).not.toBe(before.events);
}

async function snapshot(page: Page) {
  return { ...(await position(page)), table: await pageTable(page) };
}

const timeline = (page: Page) => page.getByRole('region', { name: 'Timeline' });
const events = (page: Page) => page.getByRole('listbox', { name: 'Engine events, oldest first' });

test('step forward N, then back N, returns to the identical lab', async ({ page }) => {
  await openLab(page);
  await press(page, 'Reset');
  expect(await position(page)).toMatchObject({ events: 0 });
  await expect(page.locator('table.packets tbody tr.empty')).toHaveText('No frames at this capture point.');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible(); // stepping paused the clock
  for (let i = 0; i < 12; i++) await press(page, 'Step forward');
  const at12 = await snapshot(page);
  expect(at12.events).toBeGreaterThanOrEqual(12);
  expect(at12.table.length).toBeGreaterThan(0);
  const trail = [at12];
  for (let i = 0; i < 10; i++) {
    await press(page, 'Step forward');
    trail.push(await snapshot(page));
  }
  expect(trail.at(-1)!.table.length).toBeGreaterThan(at12.table.length);
  for (let i = trail.length - 2; i >= 0; i--) {
    await press(page, 'Step back');
    await expect.poll(() => snapshot(page)).toEqual(trail[i]);
  }
  // The event list marks where the lab stands.
  await expect(events(page).locator('[aria-current="step"]').first()).toBeVisible();
  await expect(timeline(page).getByText(`event ${at12.events.toLocaleString('en')} ·`)).toBeVisible();
});

test('reset empties the lab; Play at 8x runs it to the same table Node computes', async ({ page }) => {
  await openLab(page);
  await press(page, 'Reset');
  await page.getByLabel('Speed').selectOption('8');
  await expect.poll(() => page.evaluate(async () => (await window.__podlock!.client.request({ type: 'clock' })).speed)).toBe(8);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect.poll(async () => (await position(page)).events, { timeout: 20_000 }).toBeGreaterThan(100);
  await expect(timeline(page).getByText('At the end: nothing left to run')).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => pageTable(page)).toEqual(nodeTable('plaintext', '7', 'node-1:eth0'));
});

test('the event list filters by kind and opens a frame in the inspector', async ({ page }) => {
  await openLab(page, '?mode=cilium-wireguard');
  const list = events(page);
  await expect(list.getByRole('option').first()).toBeVisible();
  for (const kind of ['Frames', 'Drops', 'TCP states', 'Program output', 'Exits', 'Inputs']) await timeline(page).getByLabel(kind).uncheck();
  await expect(list.getByRole('option').filter({ hasText: 'WireGuard handshake initiation sent to node-2' })).toHaveCount(1);
  for (const kind of await list.locator('.tl-kind').allTextContents()) expect(kind).toBe('crypto');

  await timeline(page).getByLabel('Crypto').uncheck();
  await timeline(page).getByLabel('Frames').check();
  // Older pages reach back to the handshake; its initiation crossed node-1's NIC.
  const initiation = list.getByRole('option').filter({ hasText: 'Handshake Initiation' }).filter({ hasText: 'node-1:eth0 out' });
  for (let i = 0; i < 10 && !(await initiation.count()); i++) await page.getByRole('button', { name: 'Older', exact: true }).click();
  await initiation.click();
  await expect.poll(() => page.evaluate(() => window.__podlock!.store.getState().inspection?.summary.info)).toMatch(/^Handshake Initiation/);
  await expect(initiation).toHaveAttribute('aria-selected', 'true');

  // The keyboard does the same on a frame seen at another capture point.
  await page.getByRole('button', { name: 'Newest', exact: true }).click();
  const last = list.getByRole('option').last();
  await last.focus();
  await page.keyboard.press('ArrowUp');
  const focused = list.locator('[role="option"]:focus');
  const where = (await focused.locator('.tl-place').textContent())!.replace(/ (in|out)$/, '');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Capture point')).toHaveValue(where);
  await expect(focused).toHaveAttribute('aria-selected', 'true');
});

test('the live region narrates at a readable pace, on by default', async ({ page }) => {
  await openLab(page, '?mode=cilium-wireguard');
  const said = timeline(page).locator('[aria-live="polite"]');
  await expect(timeline(page).getByLabel('Narrate events')).toBeChecked();
  await press(page, 'Reset');
  await expect(said).toHaveText("At the lab's start: nothing has happened yet.");
  for (let i = 0; i < 3; i++) await press(page, 'Step forward');
  await expect(said).toHaveText(/^At event \d+, 09:00:00\.\d{6} UTC: /);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(said).toHaveText(/WireGuard handshake|encrypted with WireGuard/, { timeout: 15_000 });
  await timeline(page).getByLabel('Narrate events').uncheck();
  await expect(said).toHaveText('');
});

test('the mode switcher loads a mode and shows which one is on', async ({ page }) => {
  await openLab(page);
  const modes = page.getByRole('group', { name: 'Encryption mode' });
  await expect(modes.getByRole('radio')).toHaveCount(8);
  await expect(modes.getByRole('radio', { name: 'None', exact: true })).toBeChecked();
  await modes.getByRole('radio', { name: 'Istio strict', exact: true }).check();
  await expect(page.getByRole('status')).toHaveText(/^Loaded istio-strict, seed 7:/);
  await expect(modes.getByRole('radio', { name: 'Istio strict', exact: true })).toBeChecked();
  await expect(page.getByLabel('Scenario')).toHaveValue('istio-strict');
  await expect(page).toHaveURL(/mode=istio-strict/);
  // The Scenario menu drives the switcher too.
  await page.getByLabel('Scenario').selectOption('linkerd');
  await expect(modes.getByRole('radio', { name: 'Linkerd', exact: true })).toBeChecked();
});

test('the attacker toggle is reachable by keyboard, disabled, and says why', async ({ page }) => {
  await openLab(page);
  await page.getByRole('radio', { name: 'None', exact: true }).focus();
  await page.keyboard.press('Tab');
  const attacker = page.getByRole('switch', { name: 'Attacker' });
  await expect(attacker).toBeFocused();
  await expect(attacker).toHaveAttribute('aria-disabled', 'true');
  await expect(attacker).toHaveAttribute('aria-checked', 'false');
  await expect(attacker).toHaveAccessibleDescription(/Coming with the attacker issue/);
  await page.keyboard.press('Space');
  await expect(attacker).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('status')).toHaveText(/^Loaded plaintext/);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violations in the timeline and modes (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openLab(page, '?mode=cilium-wireguard');
    await press(page, 'Step back');
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } }).axe;
      return (await axe.run({ include: [['.card-timeline'], ['.lab-modes']] })).violations;
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
  });
}

test('reduced motion: no transitions in the timeline', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openLab(page);
  const styles = await timeline(page).locator('button, select, [role="option"]').evaluateAll((els) =>
    [...new Set(els.map((el) => `${getComputedStyle(el).transitionDuration} ${getComputedStyle(el).animationName}`))]);
  expect(styles).toEqual(['0s none']);
});

for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`screenshot ${width}x${height} (${colorScheme})`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await openLab(page, '?mode=cilium-wireguard');
      await press(page, 'Step back');
      await page.locator('.lab-modes').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/timeline-${width}x${height}-${colorScheme}.png` });
      await timeline(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: `test-results/timeline-${width}x${height}-${colorScheme}-card.png` });
    });
  }
}

test('screenshot in a 768px column', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await openLab(page, '?mode=istio-strict');
  await page.locator('.card').first().screenshot({ path: 'test-results/timeline-768-modes.png' });
  await timeline(page).screenshot({ path: 'test-results/timeline-768-card.png' });
});
