/**
 * The inspector slice of the lab store against the real engine host, in Node: a filter narrows the frames, a bad
 * one is refused and changes nothing, selecting a frame fetches its tree, the decrypt toggle re-inspects it with
 * the lab's keys, and another capture point or lab clears the selection while the filter stays in force.
 */
import { describe, expect, it } from 'vitest';
import { createLabStore } from './labStore';
import { inProcessClient } from '../worker/inProcess.test-helper';

describe('inspector slice', () => {
  it('filters, refuses a bad filter, selects, decrypts and resets', async () => {
    const store = createLabStore(inProcessClient(), { scenario: 'cilium-wireguard', seed: '7' }, { defaultTerminal: false });
    await store.getState().load('cilium-wireguard', '7');
    const s = () => store.getState();
    expect(s().shown).toBeNull();

    expect(await s().applyFilter('  wg.type == 4 && !wg.keepalive ')).toBe(true);
    expect(s().filter).toBe('wg.type == 4 && !wg.keepalive');
    const shown = s().shown!;
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(s().packets.length);

    expect(await s().applyFilter('wg.type == (')).toBe(false);
    expect(s().filterError).toBe('"==" needs a value on its right, but found "("');
    expect(s().shown).toBe(shown);

    await s().selectPacket(shown[0]);
    expect(s().inspection).toMatchObject({ no: shown[0], decryptable: 'wireguard' });
    expect(s().inspection!.decryption).toBeUndefined();
    await s().setDecrypt(true);
    expect(s().inspection!.decryption).toMatchObject({ ok: true, protocol: 'wireguard' });

    await s().selectPoint('node-2:eth0');
    expect(s()).toMatchObject({ point: 'node-2:eth0', selected: null, inspection: undefined, filter: 'wg.type == 4 && !wg.keepalive' });
    expect(s().shown!.length).toBeGreaterThan(5);

    await s().selectPacket(s().shown![0]);
    await s().applyFilter('arp');
    expect(s()).toMatchObject({ selected: null, inspection: undefined }); // filtered out
    expect(await s().applyFilter('')).toBe(true);
    expect(s().shown).toBeNull();

    await s().selectPacket(3);
    await s().load('plaintext', '7');
    expect(s()).toMatchObject({ selected: null, inspection: undefined, decrypt: true });
  });
});
