import { describe, expect, it } from 'vitest';
import { ENCRYPTED_FRAMES } from './encryptedFrames.test-helper';
import { dissect, findField } from './index';
import { LinkType } from './tree';

/** A raw-IP packet of protocol 50 carrying `payload` (IP checksum not filled in: it is not what is tested). */
function esp(payload: number[]): Uint8Array {
  const len = 20 + payload.length;
  return new Uint8Array([0x45, 0, len >> 8, len & 0xff, 0, 1, 0x40, 0, 64, 50, 0, 0, 192, 168, 61, 11, 192, 168, 61, 12, ...payload]);
}

describe('ESP (IP protocol 50) without its security association', () => {
  it('shows the SPI and sequence number; the layer covers IV, ciphertext, trailer and ICV', () => {
    const x = dissect(ENCRYPTED_FRAMES.espTunnel.bytes, LinkType.RAW);
    expect(x.layers.map((l) => l.name)).toEqual(['raw', 'ip', 'esp']);
    expect(x.summary).toMatchObject({ protocol: 'ESP', info: 'ESP (SPI=0x00000003)', src: '192.168.61.11', dst: '192.168.61.12' });
    expect(x.layers[2]).toMatchObject({ start: 20, length: 72, label: 'Encapsulating Security Payload' });
    expect(findField(x, 'esp.spi')).toMatchObject({ start: 20, length: 4, value: 3, label: 'ESP SPI: 0x00000003 (3)' });
    expect(findField(x, 'esp.sequence')).toMatchObject({ start: 24, length: 4, value: 0x57, label: 'ESP Sequence: 87' });
    expect(x.layers[2].children).toHaveLength(2);
    expect(x.malformed).toBeUndefined();
  });

  it('an empty payload has no ESP layer (as in tshark)', () => {
    expect(dissect(esp([]), LinkType.RAW).layers.map((l) => l.name)).toEqual(['raw', 'ip']);
  });

  it('an 8-byte header alone is whole', () => {
    const x = dissect(esp([0, 0, 1, 0, 0, 0, 0, 9]), LinkType.RAW);
    expect(x.summary.info).toBe('ESP (SPI=0x00000100)');
    expect(x.malformed).toBeUndefined();
  });
});
