/**
 * The packet inspector in Chromium: display filters (and a bad one refused inline, changing nothing), keyboard
 * selection in the list, the details tree and the hex pane pointing at the same bytes both ways, decryption with
 * the lab's keys for WireGuard and IPsec showing the inner TCP/HTTP and the protocol trace, axe in both themes, and
 * screenshots at 1280x720 (light, dark) and in a 768px column.
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openLab, pageTable } from './fixtures';

const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

const list = (page: Page) => page.getByRole('region', { name: /^Packets captured at/ });
const tree = (page: Page) => page.getByRole('tree');
const hexPane = (page: Page) => page.locator('.hex-pane');
const item = (page: Page, label: RegExp | string) => tree(page).getByRole('treeitem', { name: label });

async function applyFilter(page: Page, text: string) {
  await page.getByLabel('Display filter').fill(text);
  await page.getByLabel('Display filter').press('Enter');
}

/** The hex pane highlights exactly the field's bytes: its data attributes, and the bytes marked in the grid. */
async function expectHighlight(page: Page, field: Locator) {
  const [start, length, source] = await Promise.all(['data-start', 'data-length', 'data-source'].map((a) => field.getAttribute(a)));
  await expect(field).toHaveAttribute('aria-selected', 'true');
  await expect(hexPane(page)).toHaveAttribute('data-source', source!);
  await expect(hexPane(page)).toHaveAttribute('data-highlight-start', start!);
  await expect(hexPane(page)).toHaveAttribute('data-highlight-length', length!);
  const marked = await hexPane(page).locator('.hex-bytes .hl').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.offset)));
  expect(marked).toEqual(Array.from({ length: Number(length) }, (_, i) => Number(start) + i));
  expect(Number(length)).toBeGreaterThan(0);
}

/** Opens a top-level item of the tree with the keyboard (Right arrow), the ARIA tree way. */
async function expand(page: Page, label: RegExp) {
  const node = item(page, label).first();
  await node.click();
  if ((await node.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
  await expect(node).toHaveAttribute('aria-expanded', 'true');
}

async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return (await axe.run({ include: [sel] })).violations;
  }, selector);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

test('WireGuard: filter, select transport data, field <-> bytes, decrypt to the pods\' HTTP', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  await openLab(page, '?mode=cilium-wireguard&seed=7');
  const all = await pageTable(page);

  await applyFilter(page, 'wg');
  await expect(page.getByText(/^\d+ of \d+ frames match “wg”$/)).toBeVisible();
  const wg = await pageTable(page);
  expect(wg.length).toBe(all.filter((r) => r[4] === 'WireGuard').length);
  expect(wg.every((r) => r[4] === 'WireGuard')).toBe(true);

  // A bad filter is refused inline and changes nothing.
  await applyFilter(page, 'wg && (udp.port == 51871');
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid filter: Expected ")" to close the "(" at character 7' })).toBeVisible();
  await expect(page.getByLabel('Display filter')).toHaveAttribute('aria-invalid', 'true');
  expect(await pageTable(page)).toEqual(wg);

  // The first transport message that carries more than a bare ACK: the frontend's GET.
  const index = wg.findIndex((r) => /Transport Data, .*datalen=(\d+)/.test(r[6]) && Number(/datalen=(\d+)/.exec(r[6])![1]) > 128);
  const row = list(page).locator('tbody tr').nth(index);
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: `Frame ${wg[index][0]} details` })).toBeVisible();

  await expand(page, /^WireGuard Protocol$/);
  const receiver = item(page, /^Receiver: 0x[0-9a-f]{8}$/);
  await receiver.click();
  await expectHighlight(page, receiver);
  await expect(page.getByText(/^wg\.receiver: 4 bytes at offset \d+–\d+\.$/)).toBeVisible();

  // Clicking a byte selects the deepest field over it: the counter.
  const counterAt = Number(await receiver.getAttribute('data-start')) + 5;
  await hexPane(page).locator(`.hex-bytes [data-offset="${counterAt}"]`).click();
  await expectHighlight(page, item(page, /^Counter: \d+$/));

  // Decrypt: the inner packet's layers join the tree, with their own bytes tab.
  await page.getByRole('switch', { name: 'Decrypt with the lab’s keys' }).check();
  await expect(page.locator('.decrypt-result')).toHaveText(/^Decrypted with the receiving key of node-2 \(session 0x/);
  const http = tree(page).locator('[data-source="decrypted"][data-field="http"]');
  await expect(http).toHaveAccessibleName(/Hypertext Transfer Protocol/);
  await expect(tree(page).locator('[data-source="decrypted"][data-field="tcp"]')).toHaveAccessibleName(/Dst Port: 8080/);
  await expand(page, /Hypertext Transfer Protocol/);
  await expand(page, /^GET \/api\/accounts\/1042\/transactions HTTP\/1\.1/);
  const method = item(page, /^Request Method: GET$/);
  await method.click();
  await expectHighlight(page, method);
  await expect(page.getByRole('tab', { name: /^Decrypted WireGuard \(\d+ bytes\)$/ })).toHaveAttribute('aria-selected', 'true');

  // The trace: receiver index, counter, nonce and the keypair that opened it.
  const trace = page.getByRole('region', { name: 'Protocol trace (WireGuard)' });
  await expect(trace.getByText('Nonce (4 zero bytes || LE64 counter)')).toBeVisible();
  await expect(trace.getByText(/^node-2's session with node-1: local index 0x/)).toBeVisible();

  // The frame's own bytes are one tab away, and keep their own highlight.
  await page.getByRole('tab', { name: /^Frame \(\d+ bytes\)$/ }).click();
  await expect(hexPane(page)).toHaveAttribute('data-source', 'frame');
  await expect(hexPane(page)).toHaveAttribute('data-highlight-length', '');
  expect(errors).toEqual([]);
});

test('WireGuard handshake: the Noise trace from the crypto events', async ({ page }) => {
  await openLab(page, '?mode=cilium-wireguard&seed=7');
  await applyFilter(page, 'wg.type == 1');
  await list(page).locator('tbody tr').first().click();
  await page.getByRole('switch', { name: 'Decrypt with the lab’s keys' }).check();
  const trace = page.getByRole('region', { name: 'Protocol trace (WireGuard)' });
  await expect(trace.getByText('Noise IKpsk2: C and H after each token, as node-1 computed them (initiation-sent)')).toBeVisible();
  await expect(trace.getByText(/^\{t\} · H$/)).toBeVisible();
  await expect(trace.getByText(/\(node-1\)$/)).toBeVisible(); // the static key, decrypted with node-2's private key
  await trace.screenshot({ path: 'test-results/inspector-noise-trace.png' });
});

test('IPsec: decrypt ESP to the inner TCP, with nonce, AAD and ICV', async ({ page }) => {
  await openLab(page, '?mode=cilium-ipsec&seed=7');
  await applyFilter(page, 'esp');
  await expect(page.getByText(/^\d+ of \d+ frames match “esp”$/)).toBeVisible();
  await list(page).locator('tbody tr').first().click();
  await expand(page, /^Encapsulating Security Payload$/);
  const spi = item(page, /^ESP SPI: 0x00000003 \(3\)$/);
  await spi.click();
  await expectHighlight(page, spi);

  await page.getByRole('switch', { name: 'Decrypt with the lab’s keys' }).check();
  await expect(page.locator('.decrypt-result')).toHaveText(/^Decrypted with node-2's inbound xfrm state \(SPI 0x00000003/);
  const tcp = tree(page).locator('[data-source="decrypted"][data-field="tcp"]');
  await expect(tcp).toHaveAccessibleName(/Transmission Control Protocol, Src Port: \d+, Dst Port: 8080/);
  await tcp.click();
  await expectHighlight(page, tcp);
  const trace = page.getByRole('region', { name: 'Protocol trace (ESP)' });
  for (const name of ['Nonce = salt || IV', 'AAD = SPI || sequence number', 'ICV (16 bytes): verified', 'Salt (last 4 bytes of the key material)']) {
    await expect(trace.getByText(name, { exact: true })).toBeVisible();
  }
});

test('keyboard: list, tree and hex pane', async ({ page }) => {
  await openLab(page, '?mode=cilium-ipsec&seed=7');
  await list(page).focus();
  await page.keyboard.press('ArrowDown');
  const rows = list(page).locator('tbody tr');
  await expect(rows.nth(0)).toBeFocused();
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Frame 3 details' })).toBeVisible();
  await page.keyboard.press('Tab'); // the decrypt switch (the attacker's, in the lab card, is another switch)
  const decrypt = page.getByRole('switch', { name: 'Decrypt with the lab’s keys' });
  await expect(decrypt).toBeFocused();
  await page.keyboard.press('Space');
  await expect(decrypt).toBeChecked();
  await page.keyboard.press('Tab'); // the tree's single stop
  const first = tree(page).getByRole('treeitem').first();
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(item(page, /^Ethernet II/)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(item(page, /^Destination: /)).toBeFocused();
  await expectHighlight(page, item(page, /^Destination: /));
  await page.keyboard.press('ArrowLeft');
  await expect(item(page, /^Ethernet II/)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(item(page, /^Ethernet II/)).toHaveAttribute('aria-expanded', 'false');

  // Tab on to the hex grid (past its tabs), move the cursor to the IP source address, select its field.
  await page.keyboard.press('Tab');
  await expect(hexPane(page).getByRole('tab', { selected: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(hexPane(page).getByRole('tabpanel')).toBeFocused();
  // the cursor starts on the selected field's first byte (eth, 0); the outer IP source address is at 26
  for (let i = 0; i < 26; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByText(/^Byte 26 \(0x001a\) = 0x[0-9a-f]{2}, in ip\.src /)).toBeVisible();
  await page.keyboard.press('Enter');
  await expectHighlight(page, item(page, /^Source Address: /).first());
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violations in the inspector (${colorScheme}), and screenshots`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await openLab(page, '?mode=cilium-wireguard&seed=7');
    await applyFilter(page, 'wg &&');
    await expect(page.getByRole('alert').filter({ hasText: 'Invalid filter' })).toBeVisible();
    expect(await seriousViolations(page, '.card-packets')).toEqual([]);
    await applyFilter(page, 'wg.type == 4 && frame.len > 200');
    await list(page).locator('tbody tr').first().click();
    await expand(page, /^WireGuard Protocol$/);
    await item(page, /^Counter: /).click();
    await page.getByRole('switch', { name: 'Decrypt with the lab’s keys' }).check();
    await expand(page, /Hypertext Transfer Protocol/);
    await expand(page, /^GET \/api\//);
    await item(page, /^Request URI: /).click();
    expect(await seriousViolations(page, '.card-packets')).toEqual([]);

    await page.locator('.card-packets').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `test-results/inspector-${colorScheme}-1280x720.png` });
    await page.locator('.inspector-panes').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `test-results/inspector-${colorScheme}-1280x720-panes.png` });
    await page.locator('.card-packets').screenshot({ path: `test-results/inspector-${colorScheme}-card.png` });
  });
}

test('a 768px-wide column stacks the panes', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await openLab(page, '?mode=cilium-ipsec&seed=7');
  await list(page).locator('tbody tr').nth(2).click();
  await page.getByRole('switch', { name: 'Decrypt with the lab’s keys' }).check();
  await expect(page.getByRole('region', { name: 'Protocol trace (ESP)' })).toBeVisible();
  const [details, bytes] = await Promise.all([page.locator('.pane-details').boundingBox(), page.locator('.pane-bytes').boundingBox()]);
  expect(bytes!.y).toBeGreaterThanOrEqual(details!.y + details!.height); // stacked, not overlapping
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  await page.locator('.card-packets').screenshot({ path: 'test-results/inspector-768-column.png' });
});
