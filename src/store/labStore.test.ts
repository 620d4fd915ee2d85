/**
 * The lab store against the real engine host (what the worker runs), in Node: loads, failed loads that keep the last
 * good lab, requests made while another is in flight, exported bytes equal to the headless capture, terminal tabs
 * and their output streams, and table refreshes driven by the playback loop's ticks.
 */
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createLabStore } from './labStore';
import { captureScenario } from '../capture/run';
import { inProcessClient, ManualScheduler } from '../worker/inProcess.test-helper';

const inProcess = () => inProcessClient();

const shaOf = (scenario: string, seed: string, point: string) =>
  bytesToHex(sha256(captureScenario({ scenario, seed, point }).pcapng));

describe('lab store', () => {
  it('loads a scenario and shows the default point\'s frames and capture hash', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '7' });
    await store.getState().load('plaintext', '7');
    const s = store.getState();
    expect(s).toMatchObject({ status: 'ready', scenario: 'plaintext', seed: '7', point: 'node-1:eth0', error: undefined });
    expect(s.packets.length).toBe(captureScenario({ scenario: 'plaintext', seed: '7' }).frames);
    expect(s.captureSha256).toBe(shaOf('plaintext', '7', 'node-1:eth0'));
    expect(s.eventsProcessed).toBeGreaterThan(0);
    expect(s.info?.points).toContain('web/frontend:eth0');
  });

  it('keeps the last good lab when a load fails', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '7' });
    await store.getState().load('plaintext', '7');
    const before = store.getState();
    await store.getState().load('nope', '7');
    const after = store.getState();
    expect(after.error).toMatch(/unknown scenario 'nope'/);
    expect(after).toMatchObject({ status: 'ready', scenario: 'plaintext', seed: '7', info: before.info });
    expect(after.packets).toBe(before.packets);
    expect(after.captureSha256).toBe(before.captureSha256);
    // The worker kept its engine too: the export is still plaintext/7.
    expect(bytesToHex(sha256(await store.getState().exportCapture()))).toBe(before.captureSha256);
  });

  it('reports a failed first load as an error with nothing loaded', async () => {
    const store = createLabStore(inProcess(), { scenario: 'nope', seed: '7' });
    await store.getState().load('nope', '7');
    expect(store.getState()).toMatchObject({ status: 'error', info: undefined, packets: [] });
    expect(store.getState().error).toMatch(/unknown scenario 'nope'/);
  });

  it('applies a point picked during a load to the new lab', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '7' });
    await store.getState().load('plaintext', '7');
    const loading = store.getState().load('plaintext', '8');
    const picking = store.getState().selectPoint('web/frontend:eth0');
    await Promise.all([loading, picking]);
    expect(store.getState()).toMatchObject({ status: 'ready', seed: '8', point: 'web/frontend:eth0' });
    expect(store.getState().captureSha256).toBe(shaOf('plaintext', '8', 'web/frontend:eth0'));
  });

  it('exports the same bytes as the headless capture', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '3' });
    await store.getState().load('plaintext', '3');
    await store.getState().selectPoint('node-2:lxc-backend');
    const bytes = await store.getState().exportCapture();
    expect(bytes).toEqual(captureScenario({ scenario: 'plaintext', seed: '3', point: 'node-2:lxc-backend' }).pcapng);
  });

  it('keeps the table when a capture point does not exist', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '7' });
    await store.getState().load('plaintext', '7');
    const before = store.getState();
    await store.getState().selectPoint('node-9:eth0');
    expect(store.getState().error).toMatch(/no node or pod 'node-9'/);
    expect(store.getState()).toMatchObject({ point: 'node-1:eth0', packets: before.packets, status: 'ready' });
  });
});

/** Lets every queued request and answer settle (the in-process client answers on microtasks). */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('lab store terminals', () => {
  it('opens a terminal on the first node after the first load, with its prompt in the transcript', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '7' });
    await store.getState().load('plaintext', '7');
    await settle();
    const s = store.getState();
    expect(s.terminals).toEqual([{ term: 1, place: { kind: 'node', node: 'node-1' }, label: 'node-1' }]);
    expect(s.activeTerm).toBe(1);
    expect(s.io.transcript(1)).toBe('root@node-1:~# ');
    // Later loads keep the tabs (the worker recreates their shells) and open no more.
    await store.getState().load('plaintext', '8');
    await settle();
    expect(store.getState().terminals).toHaveLength(1);
    expect(store.getState().io.transcript(1)).toContain('lab reloaded: plaintext, seed 8');
  });

  it('streams keys to the worker and output to subscribers, replaying what they missed', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '7' }, { defaultTerminal: false });
    await store.getState().load('plaintext', '7');
    const term = (await store.getState().openTerminal({ kind: 'pod', namespace: 'web', pod: 'frontend' }))!;
    expect(store.getState().terminals[0]).toMatchObject({ term, label: 'web/frontend' });
    const { io } = store.getState();
    let screen = '';
    const off = io.subscribe(term, (d) => (screen += d));
    expect(screen).toBe('root@frontend:/# ');
    io.send(term, 'echo hello\r');
    await settle();
    expect(screen).toContain('hello\r\nroot@frontend:/# ');
    off();
    io.send(term, 'echo later\r');
    await settle();
    expect(screen).not.toContain('later');
    let again = '';
    io.subscribe(term, (d) => (again += d));
    expect(again).toBe(io.transcript(term));
    expect(again).toContain('later');
  });

  it('closes tabs, moving to a neighbour', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '7' }, { defaultTerminal: false });
    await store.getState().load('plaintext', '7');
    const a = await store.getState().openTerminal({ kind: 'node', node: 'node-1' });
    const b = await store.getState().openTerminal({ kind: 'node', node: 'node-2' });
    const c = await store.getState().openTerminal({ kind: 'node', node: 'node-3' });
    expect(store.getState().activeTerm).toBe(c);
    store.getState().selectTerminal(b!);
    await store.getState().closeTerminal(b!);
    expect(store.getState().terminals.map((t) => t.term)).toEqual([a, c]);
    expect(store.getState().activeTerm).toBe(c);
    expect(store.getState().io.transcript(b!)).toBe('');
    await store.getState().closeTerminal(c!);
    await store.getState().closeTerminal(a!);
    expect(store.getState()).toMatchObject({ terminals: [], activeTerm: null });
  });

  it('keeps each terminal\'s file list current from the worker\'s notices, and fetches a file\'s bytes', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '7' }, { defaultTerminal: false });
    await store.getState().load('plaintext', '7');
    const a = (await store.getState().openTerminal({ kind: 'node', node: 'node-1' }))!;
    const b = (await store.getState().openTerminal({ kind: 'node', node: 'node-2' }))!;
    expect(store.getState().files).toEqual({});
    const { io } = store.getState();
    io.send(a, 'echo hello > notes.txt\r');
    await settle();
    expect(store.getState().files).toEqual({ [a]: [{ name: 'notes.txt', size: 6 }] });
    io.send(a, 'echo again >> notes.txt; echo b > b.txt\r');
    io.send(b, 'echo other > other.txt\r');
    await settle();
    expect(store.getState().files).toEqual({
      [a]: [{ name: 'b.txt', size: 2 }, { name: 'notes.txt', size: 12 }],
      [b]: [{ name: 'other.txt', size: 6 }],
    });
    expect(new TextDecoder().decode(await store.getState().fetchFile(a, 'notes.txt'))).toBe('hello\nagain\n');
    await expect(store.getState().fetchFile(a, 'nope')).rejects.toThrow(`terminal ${a} has no file 'nope' (its files: b.txt, notes.txt)`);
    await store.getState().closeTerminal(a);
    expect(store.getState().files).toEqual({ [b]: [{ name: 'other.txt', size: 6 }] });
  });

  it('reports a terminal the worker refuses', async () => {
    const store = createLabStore(inProcess(), { scenario: 'plaintext', seed: '7' }, { defaultTerminal: false });
    await store.getState().load('plaintext', '7');
    expect(await store.getState().openTerminal({ kind: 'node', node: 'node-7' })).toBeNull();
    expect(store.getState().error).toMatch(/^could not open a terminal on node-7: no node 'node-7'/);
    expect(store.getState().terminals).toEqual([]);
  });
});

describe('lab store clock', () => {
  it('pauses the worker\'s clock and runs it to idle on demand, refreshing the table', async () => {
    const sched = new ManualScheduler();
    const client = inProcessClient(sched);
    const store = createLabStore(client, { scenario: 'plaintext', seed: '7' }, { defaultTerminal: false });
    await store.getState().load('plaintext', '7');
    await store.getState().setClock('paused');
    expect(store.getState().clockMode).toBe('paused');
    const before = store.getState();
    await client.request({ type: 'input', input: { kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '1', before.info!.pods.find((p) => p.key === 'bank/backend')!.ip] } });
    sched.advance(1000);
    expect(store.getState().eventsProcessed).toBe(before.eventsProcessed);
    await store.getState().runToIdle();
    const after = store.getState();
    expect(after.eventsProcessed).toBeGreaterThan(before.eventsProcessed);
    expect(after.now).toBeGreaterThan(before.now);
    expect(after.packets.length).toBeGreaterThan(before.packets.length);
    expect(after.captureSha256).not.toBe(before.captureSha256);
  });

  it('refreshes from the playback loop\'s ticks, at most once per refresh interval', async () => {
    const sched = new ManualScheduler();
    const client = inProcessClient(sched);
    let packetRequests = 0;
    const request = client.request.bind(client);
    client.request = ((req: { type: string }) => {
      if (req.type === 'packets') packetRequests++;
      return request(req as never);
    }) as typeof client.request;
    const store = createLabStore(client, { scenario: 'plaintext', seed: '7' }, { defaultTerminal: false, refreshMs: 30 });
    await store.getState().load('plaintext', '7');
    const loaded = store.getState();
    const fetched = packetRequests;
    await client.request({ type: 'input', input: { kind: 'exec', target: 'web/frontend', argv: ['ping', '-c', '1', loaded.info!.pods.find((p) => p.key === 'bank/backend')!.ip] } });
    // Many ticks in a burst: one refresh.
    for (let i = 0; i < 20; i++) sched.advance(16);
    await new Promise((r) => setTimeout(r, 60));
    expect(packetRequests - fetched).toBe(1);
    expect(store.getState().now).toBeGreaterThan(loaded.now);
    expect(store.getState().eventsProcessed).toBeGreaterThan(loaded.eventsProcessed);
    // The ping's frames are in the table once time has run past its reply.
    for (let i = 0; i < 100; i++) sched.advance(16);
    await new Promise((r) => setTimeout(r, 60));
    expect(store.getState().packets.filter((p) => p.info.includes('Echo (ping)')).length).toBe(
      loaded.packets.filter((p) => p.info.includes('Echo (ping)')).length + 2,
    );
  });
});
