/**
 * The inspector on a mesh lab in Chromium: a TLS record between the sidecars, opened with the lab's key log in the
 * worker. The trace names the traffic secret of its direction and epoch and shows the app's plaintext HTTP; the
 * ClientHello's SNI is readable without any key.
 */
import type { Page } from '@playwright/test';
import { test, expect, openLab } from './fixtures';

const list = (page: Page) => page.getByRole('region', { name: /^Packets captured at/ });

async function applyFilter(page: Page, text: string) {
  await page.getByLabel('Display filter').fill(text);
  await page.getByLabel('Display filter').press('Enter');
}

test('istio-strict: the ClientHello shows SNI in clear; the request record opens with CLIENT_TRAFFIC_SECRET_0', async ({ page }) => {
  await openLab(page, '?mode=istio-strict&seed=7');
  // Readable without keys: the display filter finds the ClientHello by its SNI.
  await applyFilter(page, 'tls.handshake.extensions_server_name == "outbound_.8080_._.backend.bank.svc.cluster.local"');
  await expect(page.getByText(/^1 of \d+ frames match/)).toBeVisible();
  await expect(list(page).locator('tbody tr').first()).toContainText('Client Hello');

  await applyFilter(page, 'tcp.dstport == 8080 && tcp.len > 300');
  const rows = list(page).locator('tbody tr');
  await rows.first().click(); // the client's second flight: its Finished and the GET (the ClientHello is shorter)
  await page.getByRole('switch', { name: 'Decrypt with the lab’s keys' }).check();
  const trace = page.getByRole('region', { name: 'Protocol trace (TLS)' });
  await expect(trace.getByText('CLIENT_TRAFFIC_SECRET_0', { exact: true })).toBeVisible();
  await expect(trace.getByText(/GET \/api\/accounts\/1042\/transactions HTTP\/1\.1/)).toBeVisible();
  await expect(trace.getByText('TLS_AES_128_GCM_SHA256', { exact: true })).toBeVisible();
});
