/** Screenshots for people reviewing the design: test-results/podlock-{light,dark,narrow-errors,narrow-terminal}.png. */
import { test, expect, loadRejected, openLab } from './fixtures';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshot (${colorScheme})`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await openLab(page);
    await expect(page.getByTestId('capture-sha256')).toHaveText(/^[0-9a-f]{64}$/);
    await page.screenshot({ path: `test-results/podlock-${colorScheme}.png`, fullPage: true });
  });
}

test('screenshot (errors, narrow)', async ({ page }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await openLab(page);
  await loadRejected(page);
  await expect(page.getByRole('alert').filter({ hasText: 'unknown scenario' })).toBeVisible();
  await page.getByLabel('Seed').fill('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a seed' })).toBeVisible();
  await page.screenshot({ path: 'test-results/podlock-narrow-errors.png', fullPage: true });
  await page.locator('.card-terminal').screenshot({ path: 'test-results/podlock-narrow-terminal.png' });
});
