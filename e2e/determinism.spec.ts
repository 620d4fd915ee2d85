/**
 * Determinism through the Web Worker: the page's pcapng equals, byte for byte, what the engine writes in Node for the
 * same scenario, seed and capture point; the download carries the same bytes.
 */
import { readFileSync } from 'node:fs';
import { test, expect, openLab, labState, pageCapture, nodeCapture, nodeTable, pageTable } from './fixtures';

test('the worker\'s pcapng equals Node\'s for the same scenario, seed and point', async ({ page }) => {
  await openLab(page);
  const seven = await pageCapture(page);
  expect(seven.length).toBeGreaterThan(1000);
  expect(Buffer.from(seven).equals(Buffer.from(nodeCapture('plaintext', '7', 'node-1:eth0')))).toBe(true);

  await page.getByLabel('Seed').fill('8');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded plaintext, seed 8:');
  const eight = await pageCapture(page);
  expect(Buffer.from(eight).equals(Buffer.from(seven))).toBe(false);
  expect(Buffer.from(eight).equals(Buffer.from(nodeCapture('plaintext', '8', 'node-1:eth0')))).toBe(true);
});

test('switching the capture point updates the table and the download', async ({ page }) => {
  await openLab(page);
  const before = await pageTable(page);
  const shaBefore = (await labState(page)).captureSha256;

  const point = 'web/frontend:eth0';
  await page.getByLabel('Capture point').selectOption(point);
  await expect(page.getByRole('heading', { name: `Packets at ${point}` })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(`frames at ${point}`);
  const after = await pageTable(page);
  expect(after).not.toEqual(before);
  expect(after).toEqual(nodeTable('plaintext', '7', point));
  expect((await labState(page)).captureSha256).not.toBe(shaBefore);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download pcapng' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('podlock-plaintext-seed7-web_frontend_eth0.pcapng');
  const saved = readFileSync(await download.path());
  expect(saved.equals(Buffer.from(nodeCapture('plaintext', '7', point)))).toBe(true);
});
