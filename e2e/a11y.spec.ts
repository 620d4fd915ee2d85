/** Accessibility: names, keyboard order with visible focus, axe in both themes, reduced motion. */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, loadRejected, openLab } from './fixtures';

const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

test('every control has an accessible name', async ({ page }) => {
  await openLab(page);
  await expect(page.getByLabel('Scenario')).toHaveValue('plaintext');
  await expect(page.getByLabel('Seed')).toHaveValue('7');
  await expect(page.getByLabel('Capture point')).toHaveValue('node-1:eth0');
  await expect(page.getByRole('button', { name: 'Apply' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download pcapng' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Packets captured at node-1:eth0' })).toBeVisible();
  await expect(page.getByRole('table', { name: /^Frames captured at node-1:eth0 in plaintext, seed 7: \d+$/ })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Lab settings' })).toBeVisible();
  // Every scenario id is offered.
  const options = await page.getByLabel('Scenario').locator('option').allTextContents();
  expect(options).toEqual([
    'plaintext', 'cilium-wireguard', 'calico-wireguard', 'cilium-ipsec',
    'cilium-ipsec-pertunnel', 'istio-permissive', 'istio-strict', 'linkerd',
  ]);
});

test('Tab reaches every control in order, with a visible focus ring', async ({ page }) => {
  await openLab(page);
  await expect(page.getByRole('tab', { name: 'node-1' })).toBeVisible();
  const terminal = page.getByRole('textbox', { name: 'Terminal on node-1' });
  // [name, what gets focus, the element that shows the ring (xterm's input is invisible: its panel shows it)]
  const order: [string, ReturnType<Page['getByRole']>, ReturnType<Page['locator']>?][] = [
    // The mode switcher is one Tab stop (arrow keys move between modes); then the attacker toggle's place.
    ['mode', page.getByRole('radio', { name: 'None', exact: true })],
    ['attacker', page.getByRole('switch', { name: 'Attacker' })],
    ['scenario', page.getByLabel('Scenario')],
    ['seed', page.getByLabel('Seed')],
    ['apply', page.getByRole('button', { name: 'Apply' })],
    ['point', page.getByLabel('Capture point')],
    ['download', page.getByRole('button', { name: 'Download pcapng' })],
    // The timeline: narration, transport (the clock's Play / Pause among it), speed, event filters, pages, and the
    // event list, one Tab stop (arrow keys move through its rows).
    ['narrate', page.getByLabel('Narrate events')],
    ['reset', page.getByRole('button', { name: 'Reset', exact: true })],
    ['step back', page.getByRole('button', { name: 'Step back', exact: true })],
    ['clock', page.getByRole('button', { name: 'Pause', exact: true })],
    ['step forward', page.getByRole('button', { name: 'Step forward', exact: true })],
    ['speed', page.getByLabel('Speed')],
    ...['Frames', 'Drops', 'TCP states', 'Crypto', 'Program output', 'Exits', 'Inputs'].map((kind): [string, ReturnType<Page['getByRole']>] =>
      [`show ${kind}`, page.getByRole('checkbox', { name: kind, exact: true })]),
    ['older events', page.getByRole('button', { name: 'Older', exact: true })],
    ['newer events', page.getByRole('button', { name: 'Newer', exact: true })],
    ['newest events', page.getByRole('button', { name: 'Newest', exact: true })],
    ['events', page.getByRole('listbox', { name: 'Engine events, oldest first' }).getByRole('option').last()],
    // The topology card: its zoom buttons, then the map, one Tab stop (arrow keys move between nodes and pods).
    ['zoom in', page.getByRole('button', { name: 'Zoom in' })],
    ['zoom out', page.getByRole('button', { name: 'Zoom out' })],
    ['reset zoom', page.getByRole('button', { name: 'Reset zoom' })],
    ['map', page.getByRole('group', { name: /^Cluster map: / }).getByRole('button', { name: /^node node-1,/ })],
    ['terminal tab', page.getByRole('tab', { name: 'node-1' })],
    ['new terminal', page.getByRole('button', { name: 'New terminal' })],
    ['close terminal', page.getByRole('button', { name: 'Close terminal node-1' })],
    ['terminal', terminal, page.getByRole('tabpanel', { name: 'node-1' })],
    ['packets', page.getByRole('region', { name: /^Packets captured at/ })],
  ];
  await page.locator('body').focus();
  for (const [name, locator, ringOn] of order) {
    // Tab belongs to the shell inside the terminal (completion): Esc then Tab leaves it.
    if (name === 'packets') await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    await expect(locator, name).toBeFocused();
    const ring = await (ringOn ?? locator).evaluate((el) => {
      const cs = getComputedStyle(el);
      return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), visible: el.matches(':focus-visible, :has(:focus-visible)') };
    });
    expect(ring, name).toEqual({ style: 'solid', width: 3, visible: true });
  }

  // The packet list scrolls from the keyboard.
  await page.setViewportSize({ width: 1100, height: 500 });
  const region = order[order.length - 1][1];
  const top = () => region.evaluate((el) => el.scrollTop);
  expect(await top()).toBe(0);
  await page.keyboard.press('PageDown');
  await expect.poll(top).toBeGreaterThan(0);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openLab(page);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe(colorScheme === 'light' ? 'rgb(244, 246, 249)' : 'rgb(13, 17, 23)');
    expect(await seriousViolations(page)).toEqual([]);

    // And with both kinds of error on screen.
    await loadRejected(page);
    await expect(page.getByRole('alert').filter({ hasText: 'unknown scenario' })).toBeVisible();
    await page.getByLabel('Seed').fill('');
    await page.getByLabel('Seed').press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'Enter a seed' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('the theme URL parameter overrides the system preference', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openLab(page, '?theme=dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLab(page, '?theme=light');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(244, 246, 249)');
});

test('reduced motion turns transitions off', async ({ page }) => {
  const durations = () => page.locator('button').evaluateAll((els) => els.map((el) => getComputedStyle(el).transitionDuration));
  await openLab(page);
  expect(new Set(await durations())).toEqual(new Set(['0.15s, 0.15s, 0.15s']));
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(new Set(await durations())).toEqual(new Set(['0s']));
});
