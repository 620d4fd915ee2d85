/**
 * The terminal in real Chromium: keys typed into the real xterm reach the shell in the worker, output comes back
 * into the xterm buffer, and several tabs run side by side. The virtual clock is paused and run by hand (the test
 * hook), so nothing here waits on wall-clock time beyond Playwright's polling.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { test, expect, openLab } from './fixtures';
import {
  expectScreen, headlessScreens, openTerminal, pauseClock, runToIdle, screenText, terminalInput, typeLine,
} from './terminal';

const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

/** Opens the lab, waits for the node-1 shell's prompt and pauses the clock. */
async function openShell(page: Page, query = '') {
  await openLab(page, query);
  await expect(page.getByRole('tab', { name: 'node-1', selected: true })).toBeVisible();
  await expectScreen(page, 'node-1', /^root@node-1:~# $/);
  await pauseClock(page);
}

test('commands typed into the xterm run in the worker\'s shell', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openShell(page);

  await typeLine(page, 'node-1', 'help');
  await expectScreen(page, 'node-1', /root@node-1:~# help\nCommands on node-1:\n[\s\S]*\n {2}echo +\S[\s\S]*Ctrl-C stops a command\.\nroot@node-1:~# $/);

  await typeLine(page, 'node-1', 'echo hi | wc -c');
  await expectScreen(page, 'node-1', /root@node-1:~# echo hi \| wc -c\n3\nroot@node-1:~# $/);

  // Tab belongs to the shell: it completes, and a second Tab lists the candidates.
  await page.keyboard.type('ech');
  await page.keyboard.press('Tab');
  await expectScreen(page, 'node-1', /root@node-1:~# echo $/);
  await page.keyboard.type('completed');
  await page.keyboard.press('Enter');
  await expectScreen(page, 'node-1', /root@node-1:~# echo completed\ncompleted\nroot@node-1:~# $/);
  await page.keyboard.type('he');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expectScreen(page, 'node-1', /\nhead {2}help\nroot@node-1:~# he$/);
  await expect(terminalInput(page, 'node-1')).toBeFocused();

  // Ctrl-C abandons the line; history recalls with the arrow keys.
  await page.keyboard.press('Control+U');
  await page.keyboard.type('echo never');
  await page.keyboard.press('Control+C');
  await expectScreen(page, 'node-1', /root@node-1:~# echo never\^C\nroot@node-1:~# $/);
  expect(await screenText(page, 'node-1')).not.toMatch(/^never$/m);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expectScreen(page, 'node-1', /root@node-1:~# echo completed\ncompleted\nroot@node-1:~# $/);
  await typeLine(page, 'node-1', 'history');
  await expectScreen(page, 'node-1', /\n {4}1 {2}help\n {4}2 {2}echo hi \| wc -c\n {4}3 {2}echo completed\n {4}4 {2}history\nroot@node-1:~# $/);
  expect(errors).toEqual([]);
});

test('two tabs on two nodes keep their own shells', async ({ page }) => {
  await openShell(page);
  await typeLine(page, 'node-1', 'echo one');
  await expectScreen(page, 'node-1', /\none\nroot@node-1:~# $/);

  await openTerminal(page, 'node-2');
  // The new tab's terminal has the focus: typing goes straight to node-2.
  await expect(terminalInput(page, 'node-2')).toBeFocused();
  await expectScreen(page, 'node-2', /^root@node-2:~# $/);
  await page.keyboard.type('echo two');
  await page.keyboard.press('Enter');
  await expectScreen(page, 'node-2', /^root@node-2:~# echo two\ntwo\nroot@node-2:~# $/);
  expect(await screenText(page, 'node-1')).not.toContain('two');
  await expect(page.getByRole('tabpanel', { name: 'node-2' })).toBeVisible();
  await expect(page.getByRole('tabpanel', { name: 'node-1' })).toBeHidden();

  // Tabs by keyboard: arrows move and show, Delete closes.
  await page.getByRole('tab', { name: 'node-2' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'node-1', selected: true })).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'node-1' })).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'node-2', selected: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(terminalInput(page, 'node-2')).toBeFocused();
  await page.getByRole('tab', { name: 'node-2' }).focus();
  await page.keyboard.press('Delete');
  await expect(page.getByRole('tab')).toHaveCount(1);
  await expect(page.getByRole('tab', { name: 'node-1', selected: true })).toBeFocused();

  // The labelled close button closes the shown tab; a pod opens from the same menu.
  await openTerminal(page, 'web/frontend');
  await expectScreen(page, 'web/frontend', /^root@frontend:\/# $/);
  await page.getByRole('button', { name: 'Close terminal web/frontend' }).click();
  await expect(page.getByRole('tab')).toHaveCount(1);
  expect(await screenText(page, 'node-1')).toContain('\none\n');

  // Closing the last one leaves a way back, and the focus on it.
  await page.getByRole('button', { name: 'Close terminal node-1' }).click();
  await expect(page.getByRole('tablist')).toHaveCount(0);
  await expect(page.getByText('No terminal open.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New terminal' })).toBeFocused();
  await openTerminal(page, 'node-1');
  await expectScreen(page, 'node-1', /^root@node-1:~# $/);
});

test('Esc then Tab leaves the terminal; the menu works from the keyboard', async ({ page }) => {
  await openShell(page);
  const input = terminalInput(page, 'node-1');
  await input.focus();
  await page.keyboard.press('Tab'); // completion, not navigation
  await expect(input).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('region', { name: /^Packets captured at/ })).toBeFocused();
  await input.focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Close terminal node-1' })).toBeFocused();

  // The menu: ArrowDown opens it on the first place, Escape returns to its button, Enter opens a terminal.
  const button = page.getByRole('button', { name: 'New terminal' });
  await button.focus();
  await page.keyboard.press('ArrowDown');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('menuitem', { name: /^node-1 / })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: /^default\/app-b / })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: /^node-1 / })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'node-3', selected: true })).toBeVisible();
  await expect(terminalInput(page, 'node-3')).toBeFocused();
  await expectScreen(page, 'node-3', /^root@node-3:~# $/);
});

test('copy with Ctrl+Shift+C and paste into the shell', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openShell(page);
  await typeLine(page, 'node-1', 'echo copy-me');
  await expectScreen(page, 'node-1', /\ncopy-me\nroot@node-1:~# $/);
  // Double-click selects the word, as in a desktop terminal.
  const row = page.locator('.term-panel-active .xterm-rows > div').nth(1);
  await row.dblclick({ position: { x: 20, y: 6 }, force: true }); // the click lands on xterm's screen layer, as a user's does
  await page.keyboard.press('Control+Shift+C');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('copy-me');
  // A paste event into the terminal (what Ctrl+Shift+V and the context menu's Paste fire) types the text.
  await terminalInput(page, 'node-1').focus();
  await terminalInput(page, 'node-1').evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'echo pasted');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.keyboard.press('Enter');
  await expectScreen(page, 'node-1', /root@node-1:~# echo pasted\npasted\nroot@node-1:~# $/);
});

test('a new scenario gives every tab a fresh shell', async ({ page }) => {
  await openShell(page);
  await openTerminal(page, 'web/frontend');
  await page.getByLabel('Seed').fill('8');
  await page.getByLabel('Seed').press('Enter');
  await expect(page.getByRole('status')).toContainText('Loaded plaintext, seed 8:');
  await expectScreen(page, 'web/frontend', /\[lab reloaded: plaintext, seed 8: new shell on web\/frontend\]\nroot@frontend:\/# $/);
  await expectScreen(page, 'node-1', /\[lab reloaded: plaintext, seed 8: new shell on node-1\]\nroot@node-1:~# $/);
  await expect(page.getByRole('tab')).toHaveCount(2);
});

test('with the clock live, curl in the frontend pod gets its answer and the table follows', async ({ page }) => {
  await openLab(page);
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible(); // the timeline's clock is live
  const gets = page.getByRole('table').getByRole('row').filter({ hasText: 'GET /api/accounts/1042/transactions HTTP/1.1' });
  await expect(gets).toHaveCount(1);
  await openTerminal(page, 'web/frontend');
  await page.keyboard.type('curl http://backend.bank.svc.cluster.local:8080/api/accounts/1042/transactions');
  await page.keyboard.press('Enter');
  // Nobody runs the clock by hand here: the worker's playback loop moves virtual time while curl waits.
  await expectScreen(page, 'web/frontend', /"id": "tx-1042-\d+"[\s\S]*\n}\nroot@frontend:\/# $/);
  await expect(gets).toHaveCount(2);
  await expect(page.getByRole('status')).toContainText(/frames at node-1:eth0$/);
});

test('paused, a ping waits for the clock; Ctrl-C stops it with its statistics', async ({ page }) => {
  await openShell(page);
  const backend = await page.evaluate(() => window.__podlock!.store.getState().info!.pods.find((p) => p.key === 'bank/backend')!.ip);
  await openTerminal(page, 'web/frontend');
  await page.keyboard.type(`ping ${backend}`);
  await page.keyboard.press('Enter');
  // Paused, even starting the program waits for the clock: nothing but the command line yet.
  await expectScreen(page, 'web/frontend', /^root@frontend:\/# ping [\d.]+$/);
  // Let 2.5 s of virtual time pass: three echo requests (at 0, 1 and 2 s) and their replies.
  await page.evaluate(async () => {
    const { client, store } = window.__podlock!;
    await client.request({ type: 'run', until: store.getState().now + 2_500_000 });
  });
  await expectScreen(page, 'web/frontend', `\nPING ${backend} (${backend}) 56(84) bytes of data.\n64 bytes from ${backend}: icmp_seq=1 `);
  await expectScreen(page, 'web/frontend', /icmp_seq=3 /);
  expect((await screenText(page, 'web/frontend')).match(/^64 bytes from .* icmp_seq=\d+ ttl=\d+ time=/gm)).toHaveLength(3);
  await terminalInput(page, 'web/frontend').focus();
  await page.keyboard.press('Control+C');
  // The signal reaches the program through the engine, at the current virtual time: run the clock to deliver it.
  await runToIdle(page);
  await expectScreen(page, 'web/frontend', /\^C\n--- [\d.]+ ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time \d+ms\nrtt min\/avg\/max\/mdev = [^\n]+\n+root@frontend:\/# $/);
});

test('paused and run by hand, the page\'s shell prints what the headless shell prints', async ({ page }) => {
  const line = 'curl -s -i http://backend.bank.svc.cluster.local:8080/api/accounts/1042/transactions | head -1; curl -v backend.bank:8080/api/accounts/1042';
  const [expected] = headlessScreens('plaintext', '7', [{ place: { kind: 'pod', namespace: 'web', pod: 'frontend' }, line }]);
  await openShell(page);
  await openTerminal(page, 'web/frontend');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await runToIdle(page);
  await expectScreen(page, 'web/frontend', /\nroot@frontend:\/# $/);
  const shown = await screenText(page, 'web/frontend');
  // The line editor redraws the line on every key; compare what came after it.
  const after = (s: string) => s.slice(s.indexOf('\n', s.indexOf(line)) + 1).replace(/\s+$/, '');
  expect(after(shown)).toBe(after(expected.replace(/\r[^\n]*(?=\r)/g, '')));
  expect(after(shown)).toMatch(/^HTTP\/1\.1 200 OK\n[\s\S]*> GET \/api\/accounts\/1042 HTTP\/1\.1\n/);
});

test('tcpdump on node-1 sees the curl typed in the frontend pod', async ({ page }) => {
  const url = 'http://backend.bank.svc.cluster.local:8080/api/accounts/1042/transactions';
  const expected = headlessScreens('plaintext', '7', [
    { place: { kind: 'node', node: 'node-1' }, line: 'tcpdump -nn -i eth0 -c 5' },
    { place: { kind: 'pod', namespace: 'web', pod: 'frontend' }, line: `curl ${url}` },
  ]);
  const packetLines = (s: string) => s.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d{6} /.test(l));
  expect(packetLines(expected[0])).toHaveLength(5);

  await openShell(page);
  await typeLine(page, 'node-1', 'tcpdump -nn -i eth0 -c 5');
  await expectScreen(page, 'node-1', /^root@node-1:~# tcpdump -nn -i eth0 -c 5(\n|$)/);
  await openTerminal(page, 'web/frontend');
  await page.keyboard.type(`curl ${url}`);
  await page.keyboard.press('Enter');
  await runToIdle(page);

  await expectScreen(page, 'node-1', /listening on eth0[\s\S]*\n5 packets captured\n[\s\S]*root@node-1:~# $/);
  const shown = await screenText(page, 'node-1');
  expect(packetLines(shown)).toEqual(packetLines(expected[0]));
  expect(shown).toMatch(/ IP 10\.244\.1\.\d+\.\d+ > 10\.244\.2\.\d+\.8080: Flags \[S\]/);
  await expectScreen(page, 'web/frontend', /\n {6}"id": "tx-1042-\d+",\n/);
  // The packet table caught up with what the terminals did.
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'GET /api/accounts/1042/transactions HTTP/1.1' })).toHaveCount(2);
});

/** Runs axe on the page; the serious and critical violations, one line each. */
async function seriousViolations(page: Page, what: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${what}: ${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

test('axe finds no serious or critical violations with terminals open', async ({ page }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await openShell(page);
    await typeLine(page, 'node-1', 'help');
    await expectScreen(page, 'node-1', /Ctrl-C stops a command\.\nroot@node-1:~# $/);
    await openTerminal(page, 'web/frontend');
    await page.getByRole('button', { name: 'New terminal' }).click();
    await expect(page.getByRole('menu')).toBeVisible();
    expect(await seriousViolations(page, colorScheme)).toEqual([]);
  }
});

/** Clicks a file's Download button; the download, and the bytes the browser saved. */
async function download(page: Page, name: RegExp): Promise<{ download: Download; bytes: Buffer }> {
  const started = page.waitForEvent('download');
  await page.getByRole('button', { name }).click();
  const d = await started;
  return { download: d, bytes: await readFile(await d.path()) };
}

test('files written in a terminal download from its Files popover', async ({ page }) => {
  // The type of every Blob the page turns into a download URL (what the saved file is announced as).
  await page.addInitScript(() => {
    const types: string[] = [];
    (window as unknown as { __blobTypes: string[] }).__blobTypes = types;
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      if (obj instanceof Blob) types.push(obj.type);
      return create(obj);
    };
  });
  const blobTypes = () => page.evaluate(() => (window as unknown as { __blobTypes: string[] }).__blobTypes);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await openShell(page);
  const files = page.getByRole('button', { name: /^Files \(\d+\)$/ });
  await expect(files).toHaveText('Files (0)');
  await expect(files).toBeDisabled();
  await expect(files).toHaveAttribute('title', /^No files yet\. Commands write them here: echo hi > notes\.txt/);

  await typeLine(page, 'node-1', 'echo hello > notes.txt');
  await runToIdle(page);
  await expectScreen(page, 'node-1', /echo hello > notes\.txt\nroot@node-1:~# $/);
  await expect(files).toHaveText('Files (1)');
  await expect(files).toBeEnabled();
  await expect(files).not.toHaveAttribute('title');

  // Open it with the mouse: the list, labelled, with the focus on the first Download button.
  await files.click();
  const pop = page.getByRole('dialog', { name: 'Files written in node-1' });
  await expect(pop).toBeVisible();
  await expect(files).toHaveAttribute('aria-expanded', 'true');
  await expect(pop.getByRole('listitem')).toHaveText(['notes.txt6 BDownload']);
  const notes = pop.getByRole('button', { name: /^Download notes\.txt, / });
  await expect(notes).toBeFocused();
  await expect(notes).toHaveAccessibleName('Download notes.txt, 6 B');

  const { download: d, bytes } = await download(page, /^Download notes\.txt/);
  expect(d.suggestedFilename()).toBe('notes.txt');
  expect(bytes.toString('utf8')).toBe('hello\n');
  expect(await blobTypes()).toEqual(['text/plain']);
  await expect(pop).toBeVisible(); // it stays open for the next file

  // Keyboard: Escape closes it and gives the focus back; ArrowDown opens it again; Tab out closes it.
  await notes.focus();
  await page.keyboard.press('Escape');
  await expect(pop).toHaveCount(0);
  await expect(files).toBeFocused();
  await expect(files).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowDown');
  await expect(notes).toBeFocused();
  await expect(notes).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Tab');
  await expect(pop).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Close terminal node-1' })).toBeFocused();
  await files.focus();
  await page.keyboard.press('Enter');
  await expect(notes).toBeFocused();

  // More files, listed in name order, while it is open; each tab has its own.
  await page.keyboard.press('Escape');
  await typeLine(page, 'node-1', 'kubectl get pods -o yaml > pods.yaml; echo bye >> notes.txt');
  await runToIdle(page);
  await expect(files).toHaveText('Files (2)');
  await files.click();
  await expect(pop.getByRole('listitem')).toHaveText([/^notes\.txt10 B/, /^pods\.yaml\d+(\.\d)? KB/]);
  const yaml = await download(page, /^Download pods\.yaml/);
  expect(yaml.download.suggestedFilename()).toBe('pods.yaml');
  expect(yaml.bytes.toString('utf8')).toMatch(/^apiVersion: v1\nitems:\n/);

  // Reopened from the keyboard, so the screenshots show the focus ring.
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowDown');
  await expect(notes).toBeFocused();
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    expect(await seriousViolations(page, `${colorScheme}, Files open`)).toEqual([]);
    await page.locator('.card-terminal').screenshot({ path: `test-results/podlock-terminal-files-${colorScheme}.png` });
  }

  // On a phone it stays inside the page.
  await page.setViewportSize({ width: 420, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  const box = (await pop.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(420);
  await page.locator('.card-terminal').screenshot({ path: 'test-results/podlock-narrow-terminal-files.png' });
  await page.setViewportSize({ width: 1280, height: 1000 });

  await openTerminal(page, 'web/frontend');
  await expect(pop).toHaveCount(0);
  await expect(files).toHaveText('Files (0)');
  await page.getByRole('tab', { name: 'node-1' }).click();
  await expect(files).toHaveText('Files (2)');

  {
    // A capture: tcpdump -w writes a pcapng once it has its three packets (pings from the frontend to the backend).
    await typeLine(page, 'node-1', 'tcpdump -c 3 -w cap.pcapng');
    const backend = await page.evaluate(() => window.__podlock!.store.getState().info!.pods.find((p) => p.key === 'bank/backend')!.ip);
    await page.evaluate(async (ip) => {
      await window.__podlock!.client.request({ type: 'input', input: { kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '2', ip] } });
    }, backend);
    await runToIdle(page);
    await expectScreen(page, 'node-1', /\n3 packets captured\n[\s\S]*root@node-1:~# $/);
    await expect(files).toHaveText('Files (3)');
    await files.click();
    const cap = await download(page, /^Download cap\.pcapng/);
    expect(cap.download.suggestedFilename()).toBe('cap.pcapng');
    expect([...cap.bytes.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
    expect((await blobTypes()).at(-1)).toBe('application/vnd.tcpdump.pcap');
  }
});

test('screenshot (terminal)', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await openShell(page);
  await typeLine(page, 'node-1', 'tcpdump -nn -i eth0 -c 5');
  await openTerminal(page, 'web/frontend');
  await page.keyboard.type('curl http://backend.bank.svc.cluster.local:8080/api/accounts/1042/transactions');
  await page.keyboard.press('Enter');
  await runToIdle(page);
  await page.getByRole('tab', { name: 'node-1' }).click();
  await expectScreen(page, 'node-1', /packets captured/);
  await page.screenshot({ path: 'test-results/podlock-terminal.png', fullPage: true });
  await page.locator('.card-terminal').screenshot({ path: 'test-results/podlock-terminal-card-dark.png' });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await terminalInput(page, 'node-1').focus();
  await page.locator('.card-terminal').screenshot({ path: 'test-results/podlock-terminal-card-light.png' });
});
