/**
 * The illustrated-tls13 captures (../shared/interop/tls13/illustrated-tls13): reassemble both TCP directions
 * (NULL/loopback link type), split TLS records, and open them with our record layer under the key log's secrets —
 * down to the "ping"/"pong" application data. For the archive capture the key log itself is re-derived from the
 * published x25519 ephemeral keys with our key schedule.
 */
import { readFileSync } from 'node:fs';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../capture/pcapRead';
import { concat, fromHex, fromUtf8, toHex } from '../../net/bytes';
import { interopPath } from '../../testing/tools';
import { CT_APPLICATION_DATA, CT_HANDSHAKE, HS_FINISHED } from './constants';
import { findExt, parseKeyShareServer } from './extensions';
import { handshakeSecrets, applicationSecrets } from './keySchedule';
import { parseServerHello, takeHandshake } from './messagesHello';
import { cipherState, takeRecord, unprotectRecord, type RawRecord } from './record';
import { suiteInfo } from './suites';

const PORT = 8400;

function streams(file: string): { c2s: Uint8Array; s2c: Uint8Array } {
  const cap = readCapture(new Uint8Array(readFileSync(file)));
  expect(cap.interfaces[0].linkType).toBe(0); // DLT_NULL: 4-byte address family, then IPv4
  const parts = { c2s: [] as Uint8Array[], s2c: [] as Uint8Array[] };
  for (const p of cap.packets) {
    const ip = p.data.subarray(4);
    if (ip[0] >> 4 !== 4 || ip[9] !== 6) continue;
    const tcp = ip.subarray((ip[0] & 15) * 4, (ip[2] << 8) | ip[3]);
    const payload = tcp.subarray((tcp[12] >> 4) * 4);
    if (!payload.length) continue;
    const dport = (tcp[2] << 8) | tcp[3];
    (dport === PORT ? parts.c2s : parts.s2c).push(payload);
  }
  return { c2s: concat(...parts.c2s), s2c: concat(...parts.s2c) };
}

function records(stream: Uint8Array): RawRecord[] {
  const out: RawRecord[] = [];
  for (let r = takeRecord(stream, 0); r; r = takeRecord(stream, r.next)) out.push(r);
  return out;
}

function keylog(file: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
    const [label, , secret] = line.split(' ');
    out[label] = fromHex(secret);
  }
  return out;
}

/** Opens a direction's protected records: handshake keys until a Finished goes by, application keys after. */
function open(recs: RawRecord[], suite: number, hs: Uint8Array, app: Uint8Array): { type: number; content: Uint8Array }[] {
  let cs = cipherState(suite, hs);
  let afterFinished = false;
  const out: { type: number; content: Uint8Array }[] = [];
  for (const r of recs.filter((x) => x.type === CT_APPLICATION_DATA)) {
    const o = unprotectRecord(cs, r.header, r.fragment);
    out.push(o);
    if (!afterFinished && o.type === CT_HANDSHAKE) {
      for (let t = takeHandshake(o.content); t; t = takeHandshake(t.rest)) if (t.msg.type === HS_FINISHED) afterFinished = true;
      if (afterFinished) cs = cipherState(suite, app);
    }
  }
  return out;
}

for (const [dir, suiteId] of [['aes128gcm-archive', 0x1301], ['aes256gcm-current', 0x1302]] as const) {
  describe(`illustrated-tls13 ${dir}`, () => {
    const { c2s, s2c } = streams(interopPath('tls13', 'illustrated-tls13', dir, 'capture.pcap'));
    const keys = keylog(interopPath('tls13', 'illustrated-tls13', dir, 'keylog.txt'));
    const cRecs = records(c2s);
    const sRecs = records(s2c);
    const sh = takeHandshake(sRecs[0].fragment)!.msg;

    it('negotiated the expected suite', () => {
      expect(parseServerHello(sh.body).cipherSuite).toBe(suiteId);
      expect(suiteInfo(suiteId).hashLen).toBe(keys.CLIENT_TRAFFIC_SECRET_0.length);
    });

    it('decrypts every record, ending in ping / pong', () => {
      const fromClient = open(cRecs, suiteId, keys.CLIENT_HANDSHAKE_TRAFFIC_SECRET, keys.CLIENT_TRAFFIC_SECRET_0);
      const fromServer = open(sRecs, suiteId, keys.SERVER_HANDSHAKE_TRAFFIC_SECRET, keys.SERVER_TRAFFIC_SECRET_0);
      const app = (xs: typeof fromClient) => xs.filter((x) => x.type === CT_APPLICATION_DATA).map((x) => fromUtf8(x.content));
      expect(app(fromClient)).toEqual(['ping']);
      expect(app(fromServer)).toEqual(['pong']);
    });

    if (dir === 'aes128gcm-archive') {
      it('re-derives the key log from the published ephemeral keys', () => {
        const ch = takeHandshake(cRecs[0].fragment)!.msg;
        const clientPriv = Uint8Array.from({ length: 32 }, (_, i) => 0x20 + i);
        const serverShare = parseKeyShareServer(findExt(parseServerHello(sh.body).extensions, 51)!).key;
        const suite = suiteInfo(suiteId);
        const hs = handshakeSecrets(suite, x25519.getSharedSecret(clientPriv, serverShare), concat(ch.raw, sh.raw));
        expect(toHex(hs.clientHandshakeTrafficSecret)).toBe(toHex(keys.CLIENT_HANDSHAKE_TRAFFIC_SECRET));
        expect(toHex(hs.serverHandshakeTrafficSecret)).toBe(toHex(keys.SERVER_HANDSHAKE_TRAFFIC_SECRET));
        // application secrets over ClientHello..server Finished, taken from the decrypted server flight
        const serverHs = concat(...open(sRecs, suiteId, keys.SERVER_HANDSHAKE_TRAFFIC_SECRET, keys.SERVER_TRAFFIC_SECRET_0)
          .filter((x) => x.type === CT_HANDSHAKE).map((x) => x.content));
        let flight: Uint8Array = new Uint8Array(0);
        for (let t = takeHandshake(serverHs); t; t = takeHandshake(t.rest)) {
          flight = concat(flight, t.msg.raw);
          if (t.msg.type === HS_FINISHED) break;
        }
        const app = applicationSecrets(suite, hs.handshakeSecret, concat(ch.raw, sh.raw, flight));
        expect(toHex(app.clientApplicationTrafficSecret)).toBe(toHex(keys.CLIENT_TRAFFIC_SECRET_0));
        expect(toHex(app.serverApplicationTrafficSecret)).toBe(toHex(keys.SERVER_TRAFFIC_SECRET_0));
        expect(toHex(app.exporterMasterSecret)).toBe(toHex(keys.EXPORTER_SECRET));
      });
    }
  });
}
