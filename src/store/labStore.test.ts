/**
 * The lab store against the real engine host (what the worker runs), in Node: loads, failed loads that keep the last
 * good lab, requests made while another is in flight, and exported bytes equal to the headless capture.
 */
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createLabStore } from './labStore';
import { createEngineHost } from '../worker/host';
import { captureScenario } from '../capture/run';
import type { EngineClient } from '../worker/client';
import type { Request } from '../worker/protocol';

/** An EngineClient whose "worker" is the engine host in this process; answers arrive asynchronously, in order. */
function inProcessClient(): EngineClient {
  const host = createEngineHost();
  let id = 1;
  return {
    async request(req: Omit<Request, 'id'>) {
      await Promise.resolve();
      const { response } = host({ ...req, id: id++ } as Request);
      if (response.type === 'error') throw new Error(response.message);
      return response;
    },
    dispose() {},
  } as unknown as EngineClient;
}

const shaOf = (scenario: string, seed: string, point: string) =>
  bytesToHex(sha256(captureScenario({ scenario, seed, point }).pcapng));

describe('lab store', () => {
  it('loads a scenario and shows the default point\'s frames and capture hash', async () => {
    const store = createLabStore(inProcessClient(), { scenario: 'plaintext', seed: '7' });
    await store.getState().load('plaintext', '7');
    const s = store.getState();
    expect(s).toMatchObject({ status: 'ready', scenario: 'plaintext', seed: '7', point: 'node-1:eth0', error: undefined });
    expect(s.packets.length).toBe(captureScenario({ scenario: 'plaintext', seed: '7' }).frames);
    expect(s.captureSha256).toBe(shaOf('plaintext', '7', 'node-1:eth0'));
    expect(s.eventsProcessed).toBeGreaterThan(0);
    expect(s.info?.points).toContain('web/frontend:eth0');
  });

  it('keeps the last good lab when a load fails', async () => {
    const store = createLabStore(inProcessClient(), { scenario: 'plaintext', seed: '7' });
    await store.getState().load('plaintext', '7');
    const before = store.getState();
    await store.getState().load('cilium-wireguard', '7');
    const after = store.getState();
    expect(after.error).toMatch(/scenario 'cilium-wireguard' is not implemented yet/);
    expect(after).toMatchObject({ status: 'ready', scenario: 'plaintext', seed: '7', info: before.info });
    expect(after.packets).toBe(before.packets);
    expect(after.captureSha256).toBe(before.captureSha256);
    // The worker kept its engine too: the export is still plaintext/7.
    expect(bytesToHex(sha256(await store.getState().exportCapture()))).toBe(before.captureSha256);
  });

  it('reports a failed first load as an error with nothing loaded', async () => {
    const store = createLabStore(inProcessClient(), { scenario: 'nope', seed: '7' });
    await store.getState().load('nope', '7');
    expect(store.getState()).toMatchObject({ status: 'error', info: undefined, packets: [] });
    expect(store.getState().error).toMatch(/unknown scenario 'nope'/);
  });

  it('applies a point picked during a load to the new lab', async () => {
    const store = createLabStore(inProcessClient(), { scenario: 'plaintext', seed: '7' });
    await store.getState().load('plaintext', '7');
    const loading = store.getState().load('plaintext', '8');
    const picking = store.getState().selectPoint('web/frontend:eth0');
    await Promise.all([loading, picking]);
    expect(store.getState()).toMatchObject({ status: 'ready', seed: '8', point: 'web/frontend:eth0' });
    expect(store.getState().captureSha256).toBe(shaOf('plaintext', '8', 'web/frontend:eth0'));
  });

  it('exports the same bytes as the headless capture', async () => {
    const store = createLabStore(inProcessClient(), { scenario: 'plaintext', seed: '3' });
    await store.getState().load('plaintext', '3');
    await store.getState().selectPoint('node-2:lxc-backend');
    const bytes = await store.getState().exportCapture();
    expect(bytes).toEqual(captureScenario({ scenario: 'plaintext', seed: '3', point: 'node-2:lxc-backend' }).pcapng);
  });

  it('keeps the table when a capture point does not exist', async () => {
    const store = createLabStore(inProcessClient(), { scenario: 'plaintext', seed: '7' });
    await store.getState().load('plaintext', '7');
    const before = store.getState();
    await store.getState().selectPoint('node-9:eth0');
    expect(store.getState().error).toMatch(/no node or pod 'node-9'/);
    expect(store.getState()).toMatchObject({ point: 'node-1:eth0', packets: before.packets, status: 'ready' });
  });
});
