/** Bad input gets a specific message and never loses the lab on screen. */
import { test, expect, openLab, labState, loadRejected, pageTable } from './fixtures';

test('an empty seed is refused with a specific error and the table stays', async ({ page }) => {
  await openLab(page);
  const before = await pageTable(page);
  const seed = page.getByLabel('Seed');

  await seed.fill('');
  await seed.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a seed' })).toBeVisible();
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
  await expect(seed).toBeFocused();
  await expect(seed).toHaveAccessibleDescription(/Enter a seed/);
  expect(await pageTable(page)).toEqual(before);
  await expect(page.getByRole('status')).toContainText('Loaded plaintext, seed 7:');

  await seed.fill('not a seed!');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('alert').filter({ hasText: "may only use letters, digits, '.', '_' and '-'" })).toBeVisible();
  expect(await pageTable(page)).toEqual(before);

  await seed.fill('7');
  await expect(seed).not.toHaveAttribute('aria-invalid', 'true');
});

test('a scenario the engine rejects shows its error and keeps the last good table', async ({ page }) => {
  await openLab(page);
  const before = await pageTable(page);
  const { captureSha256 } = await labState(page);

  await loadRejected(page);
  const alert = page.getByRole('alert').filter({ hasText: 'unknown scenario' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("nknown scenario 'retired-mode'");
  await expect(alert).toContainText('Still showing plaintext, seed 7.');
  await expect(page.getByLabel('Scenario')).toHaveValue('plaintext');
  await expect(page.getByRole('status')).toContainText('Loaded plaintext, seed 7:');
  expect(await pageTable(page)).toEqual(before);
  const state = await labState(page);
  expect(state).toMatchObject({ status: 'ready', scenario: 'plaintext', seed: '7', captureSha256 });

  // The next good request clears the error.
  await page.getByLabel('Seed').fill('11');
  await page.getByLabel('Seed').press('Enter');
  await expect(page.getByRole('status')).toContainText('Loaded plaintext, seed 11:');
  await expect(alert).toHaveCount(0);
});

test('an unknown scenario in the URL reports the scenarios that exist', async ({ page }) => {
  await page.goto('/?mode=nope');
  await expect(page.getByRole('alert')).toContainText("Unknown scenario 'nope'");
  await expect(page.getByRole('status')).toHaveText('No lab loaded.');
});
