/**
 * The topology view in real Chromium: nodes, pods, sidecars and encryption devices per mode; packets that cross the
 * map marked by kind (WireGuard on the underlay, clear on the pod side, TLS between sidecars); the STRICT refusal's
 * drop with its reason; selecting a pod (details, capture point, a terminal there); keyboard-only use; reduced
 * motion; axe; and screenshots at 1280x720 and 1920x1080 in both themes (test-results/topology-*.png).
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openLab } from './fixtures';
import { pauseClock, runToIdle, typeLine, expectScreen } from './terminal';

const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');
const CURL = 'curl -s http://backend.bank.svc.cluster.local:8080/api/accounts/1042/transactions';

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

const map = (page: Page) => page.getByRole('group', { name: /^Cluster map: / });
const card = (page: Page) => page.locator('section.card-topology');
const badge = (page: Page, id: string) => card(page).locator(`[data-badge="${id}"]`);

/** Selects web/frontend on the map, opens a terminal there from the details and runs the curl, then the clock. */
async function curlFromFrontend(page: Page) {
  await pauseClock(page);
  await map(page).locator('[data-pod="web/frontend"]').click();
  await card(page).getByRole('button', { name: 'Open terminal in web/frontend' }).click();
  await expect(page.getByRole('tab', { name: 'web/frontend', selected: true })).toBeVisible();
  await expectScreen(page, 'web/frontend', /# $/);
  await typeLine(page, 'web/frontend', CURL);
  await runToIdle(page);
  await expectScreen(page, 'web/frontend', /"account"/);
}

test('cilium-wireguard: nodes, pods and cilium_wg0; WireGuard on the underlay, clear on the pod side', async ({ page }) => {
  await openLab(page, '?mode=cilium-wireguard&seed=7');
  await expect(map(page)).toBeVisible();
  for (const [n, ip] of [['node-1', '11'], ['node-2', '12'], ['node-3', '13']]) {
    await expect(map(page).getByRole('button', { name: new RegExp(`^node ${n}, 192\\.168\\.61\\.${ip}, pod CIDR .*devices cilium_wg0$`) })).toBeVisible();
    await expect(map(page).locator(`[data-device="${n}:cilium_wg0"]`)).toContainText('cilium_wg0');
  }
  await expect(map(page).getByRole('button', { name: /^pod web\/frontend on node-1, 10\.244\.1\.\d+$/ })).toBeVisible();
  await expect(map(page).getByRole('button', { name: /^pod bank\/backend on node-2, 10\.244\.2\.\d+$/ })).toBeVisible();
  await expect(card(page).getByText(/cilium-wireguard: WireGuard between nodes \(cilium_wg0\)/)).toBeVisible();

  await curlFromFrontend(page);
  // The capture point followed the selection.
  await expect(page.getByLabel('Capture point')).toHaveValue('web/frontend:eth0');
  // Moving markers: WireGuard between the nodes' eth0s, clear between the pod and its lxc.
  await expect.poll(() => map(page).locator('.topo-marker[data-kind="wireguard"][data-point="node-2:eth0"]').count()).toBeGreaterThan(0);
  await expect.poll(() => map(page).locator('.topo-marker[data-kind="plaintext"][data-point="node-1:lxc-frontend"]').count()).toBeGreaterThan(0);
  // And what stays: the last frame on each link.
  await expect(badge(page, 'eth0:node-1')).toHaveAttribute('data-kind', 'wireguard');
  await expect(badge(page, 'eth0:node-1')).toContainText('WireGuard');
  await expect(badge(page, 'veth:web/frontend')).toHaveAttribute('data-kind', 'plaintext');
  await expect(badge(page, 'dev:node-1:cilium_wg0')).toHaveAttribute('data-kind', 'plaintext');
  // The marks differ by shape and lock, not only colour.
  const shapes = await map(page).evaluate((svg) => {
    const d = (sel: string) => svg.querySelector(`${sel} .glyph-shape`)?.getAttribute('d');
    const locked = (sel: string) => svg.querySelector(`${sel} .glyph-shackle`)?.getAttribute('d');
    return { wg: d('[data-badge="eth0:node-1"]'), clear: d('[data-badge="veth:web/frontend"]'), wgLock: locked('[data-badge="eth0:node-1"]'), clearLock: locked('[data-badge="veth:web/frontend"]') };
  });
  expect(shapes.wg).not.toBe(shapes.clear);
  expect(shapes.wgLock).not.toBe(shapes.clearLock);
  // The details of the selection.
  const details = card(page).getByRole('region', { name: 'Pod web/frontend' });
  await expect(details).toContainText('service account');
  await expect(details).toContainText('web/frontend:eth0');
});

test('istio-strict: sidecars, TLS between them, and the drop of app-a\'s plaintext with its reason', async ({ page }) => {
  await openLab(page, '?mode=istio-strict&seed=7');
  await expect(map(page).getByRole('button', { name: /^pod web\/frontend on node-1, [\d.]+, sidecar istio-proxy$/ })).toBeVisible();
  await expect(map(page).getByRole('button', { name: /^pod bank\/backend on node-2, [\d.]+, sidecar istio-proxy$/ })).toBeVisible();
  await expect(map(page).getByRole('button', { name: /^pod default\/app-a on node-3, [\d.]+$/ })).toBeVisible();
  await expect(map(page).locator('.chip-sidecar')).toHaveCount(2);
  // The refusal at load (+1.2 s): a mark where it happened, its reason in words and in the title.
  const drop = map(page).locator('.topo-drop[data-drop-point="bank/backend:eth0"]');
  await expect(drop).toHaveCount(1);
  await expect(drop.locator('title')).toHaveText(/^Dropped at bank\/backend:eth0: istio-proxy: plaintext connection from 10\.244\.3\.\d+ refused: mTLS mode STRICT/);
  await expect(map(page).locator('[data-drop-lane="node-2"]')).toContainText('dropped at bank/backend:eth0');
  await expect(map(page).locator('[data-drop-lane="node-2"]')).toContainText('plaintext connection');
  await expect(card(page).getByRole('list', { name: 'Recent drops' })).toContainText('refused: mTLS mode STRICT');

  await curlFromFrontend(page);
  await expect.poll(() => map(page).locator('.topo-marker[data-kind="tls"]').count()).toBeGreaterThan(0);
  await expect(badge(page, 'eth0:node-1')).toHaveAttribute('data-kind', 'tls');
  await expect(badge(page, 'veth:web/frontend')).toHaveAttribute('data-kind', 'tls');
  await expect(badge(page, 'lo:web/frontend')).toHaveAttribute('data-kind', 'plaintext');
});

test('keyboard only: Tab into the map, arrows between nodes and pods, Enter selects, + − 0 zoom', async ({ page }) => {
  await openLab(page, '?mode=cilium-wireguard&seed=7');
  await expect(map(page)).toBeVisible();
  // From the top of the page, Tab alone reaches the map's controls, then the map (one stop: node-1).
  await page.locator('body').focus();
  const visited: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
    });
    visited.push(name);
    if (name.startsWith('node node-1,')) break;
  }
  expect(visited.slice(-4).map((n) => n.replace(/,.*/, ''))).toEqual(['Zoom in', 'Zoom out', 'Reset zoom', 'node node-1']);
  const node1 = map(page).getByRole('button', { name: /^node node-1,/ });
  await expect(node1).toBeFocused();
  const ring = await node1.evaluate((el) => ({ style: getComputedStyle(el).outlineStyle, width: getComputedStyle(el).outlineWidth, visible: el.matches(':focus-visible') }));
  expect(ring).toEqual({ style: 'solid', width: '3px', visible: true });

  await page.keyboard.press('ArrowRight');
  const frontend = map(page).getByRole('button', { name: /^pod web\/frontend/ });
  await expect(frontend).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(card(page).getByRole('region', { name: 'Pod web/frontend' })).toBeVisible();
  await expect(page.getByLabel('Capture point')).toHaveValue('web/frontend:eth0');
  await expect(frontend).toHaveAttribute('aria-current', 'true');

  await page.keyboard.press('End');
  await expect(map(page).getByRole('button', { name: /^pod default\/app-b/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(node1).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Space');
  await expect(card(page).getByRole('region', { name: 'Pod default/app-b' })).toBeVisible();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(card(page).getByRole('region', { name: 'Node node-1' })).toContainText('public key');

  const viewport = map(page).locator('.topo-viewport');
  await page.keyboard.press('+');
  await expect(viewport).toHaveAttribute('transform', /scale\(1\.25\)/);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(viewport).toHaveAttribute('transform', /scale\(0\.8\)/);
  await page.keyboard.press('0');
  await expect(viewport).toHaveAttribute('transform', /scale\(1\)/);

  // One Tab stop for the whole map: Tab leaves it for the details' buttons.
  await page.keyboard.press('Tab');
  await expect(card(page).getByRole('button', { name: 'Open terminal on node-1' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(node1).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(card(page).getByRole('region', { name: 'Node node-1' })).toHaveCount(0);
});

test('reduced motion: no moving markers, the latest path drawn still', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openLab(page, '?mode=cilium-wireguard&seed=7');
  await curlFromFrontend(page);
  const still = map(page).locator('.topo-static-path');
  await expect(still).toHaveCount(1);
  await expect(still.locator('.path-hop[data-kind="wireguard"]').first()).toBeAttached();
  await expect(still.locator('.path-hop[data-kind="plaintext"]').first()).toBeAttached();
  expect(await map(page).locator('.topo-marker').count()).toBe(0);
  await page.waitForTimeout(300);
  expect(await map(page).locator('.topo-marker').count()).toBe(0);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violations with the map (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await openLab(page, '?mode=istio-strict&seed=7');
    await expect(map(page).locator('.topo-drop')).toHaveCount(1);
    await map(page).locator('[data-pod="bank/backend"]').click();
    await expect(card(page).getByRole('region', { name: 'Pod bank/backend' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

const SIZES = [[1280, 720], [1920, 1080]] as const;
for (const [width, height] of SIZES) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`screenshot ${width}x${height} (${colorScheme})`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await openLab(page, `?mode=${colorScheme === 'light' ? 'istio-strict' : 'cilium-wireguard'}&seed=7`);
      await curlFromFrontend(page);
      await map(page).locator('[data-pod="web/frontend"]').focus();
      await card(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: `test-results/topology-${width}x${height}-${colorScheme}.png` });
      await card(page).screenshot({ path: `test-results/topology-${width}x${height}-${colorScheme}-card.png` });
    });
  }
}

test('screenshot in a 768px column (light, IPsec)', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await openLab(page, '?mode=cilium-ipsec&seed=7');
  await curlFromFrontend(page);
  await expect(map(page)).toHaveAttribute('data-columns', '1');
  await expect(badge(page, 'eth0:node-2')).toHaveAttribute('data-kind', 'esp');
  const box = await map(page).boundingBox();
  expect(box!.width).toBeLessThanOrEqual(768);
  await card(page).screenshot({ path: 'test-results/topology-768-light-card.png' });
});

test('screenshot with packets in flight (light, calico-wireguard)', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
  await openLab(page, '?mode=calico-wireguard&seed=7');
  await curlFromFrontend(page);
  await expect.poll(() => map(page).locator('.topo-marker[data-kind="wireguard"]').count()).toBeGreaterThan(0);
  await card(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results/topology-1280x720-light-moving.png' });
});
