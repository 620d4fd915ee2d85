/**
 * Opens the TLS 1.3 records of one TCP segment with the lab's key log (NSS SSLKEYLOGFILE lines the sidecars wrote,
 * st.keylog.tls), as Wireshark does with a key log file: the connection's two byte streams are rebuilt from the
 * capture up to this frame (in sequence order, retransmissions skipped), the ClientHello's random names the secrets,
 * the ServerHello names the cipher suite, and each protected record is opened with the traffic key of its direction
 * and epoch (handshake keys until that side's Finished, then application keys; the record sequence number counts
 * from 0 in each epoch; RFC 8446 §5.3 nonce = iv XOR sequence, §5.2 AAD = the record header). Keys and AEADs come
 * from src/crypto/tls13 (noble). The trace shows, per record: the secret's label, the derived key and IV, the
 * nonce, the AAD, the tag, the real content type and the plaintext.
 */
import { suiteInfo, suiteName, type SuiteInfo } from '../../crypto/tls13/suites';
import { trafficKeys } from '../../crypto/tls13/keySchedule';
import { recordNonce } from '../../crypto/tls13/record';
import { aeadOpen } from '../../crypto/tls13/suites';
import { fromHex, latin1, toHex } from '../../net/bytes';
import type { Dissection, Field } from '../../net/dissect/tree';
import type { Recording } from '../../capture/recorder';
import type { Sim } from '../../sim/sim';
import type { Decryption, TraceGroup } from '../protocol';
import { hexItem, textItem } from './traceUtil';
import { segmentsOf, type Flow } from './tcpStreams';

const CONTENT = { 20: 'change_cipher_spec', 21: 'alert', 22: 'handshake', 23: 'application_data' } as Record<number, string>;
const HANDSHAKE_FINISHED = 20;

/** The secrets of one connection by label, from the key log line `LABEL <client random> <secret>`. */
function secretsFor(sim: Sim, clientRandom: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const line of sim.st.keylog?.tls ?? []) {
    const [label, random, secret] = line.split(' ');
    if (random === clientRandom && secret) out[label] = fromHex(secret);
  }
  return out;
}

interface Opened { dir: 'c2s' | 's2c'; start: number; group: TraceGroup; plaintext?: Uint8Array }

/** Walks one direction's records, opening the protected ones; reports those that start in [from, to) of the stream. */
function walk(dir: 'c2s' | 's2c', stream: Uint8Array, suite: SuiteInfo | undefined, secrets: Record<string, Uint8Array>, from: number, to: number): Opened[] {
  const side = dir === 'c2s' ? 'CLIENT' : 'SERVER';
  let epoch: 'HANDSHAKE' | 'TRAFFIC' = 'HANDSHAKE';
  let seq = 0;
  const out: Opened[] = [];
  for (let off = 0; off + 5 <= stream.length;) {
    const type = stream[off], len = (stream[off + 3] << 8) | stream[off + 4];
    if (off + 5 + len > stream.length) break;
    const header = stream.subarray(off, off + 5), body = stream.subarray(off + 5, off + 5 + len);
    const here = off >= from && off < to;
    if (type === 23 && suite) {
      const label = epoch === 'HANDSHAKE' ? `${side}_HANDSHAKE_TRAFFIC_SECRET` : `${side}_TRAFFIC_SECRET_0`;
      const secret = secrets[label];
      const keys = secret ? trafficKeys(suite, secret) : undefined;
      const nonce = keys ? recordNonce(keys.iv, seq) : undefined;
      const inner = keys && nonce ? aeadOpen(suite, keys.key, nonce, header, body) : null;
      let real = 0;
      let content: Uint8Array = new Uint8Array(0);
      if (inner) {
        let end = inner.length;
        while (end > 0 && inner[end - 1] === 0) end--;
        real = inner[end - 1];
        content = inner.subarray(0, end - 1);
      }
      if (here) {
        out.push({
          dir, start: off, plaintext: inner ? content : undefined,
          group: { title: `Record at stream offset ${off} (${dir === 'c2s' ? 'client → server' : 'server → client'}, sequence ${seq})`, items: [
            textItem('Key log secret', secret ? label : `${label} (not in the key log)`),
            ...(keys ? [hexItem('Write key', keys.key), hexItem('Write IV', keys.iv), hexItem('Nonce (IV XOR sequence)', nonce!)] : []),
            hexItem('AAD (record header)', header),
            hexItem('Tag', body.subarray(Math.max(0, body.length - 16))),
            textItem('Result', inner ? `opened: ${CONTENT[real] ?? real}, ${content.length} bytes` : 'did not open (wrong key or tampered)'),
            ...(inner && real === 23 ? [textItem('Plaintext', latin1(content.subarray(0, 2048)))] : []),
            ...(inner && real === 22 ? [textItem('Handshake messages', handshakeNames(content))] : []),
          ] },
        });
      }
      seq++;
      if (inner && real === 22 && hasFinished(content) && epoch === 'HANDSHAKE') [epoch, seq] = ['TRAFFIC', 0];
    }
    off += 5 + len;
  }
  return out;
}

const HS_NAMES: Record<number, string> = { 2: 'ServerHello', 4: 'NewSessionTicket', 8: 'EncryptedExtensions', 11: 'Certificate', 13: 'CertificateRequest', 15: 'CertificateVerify', 20: 'Finished', 24: 'KeyUpdate' };

function* messages(content: Uint8Array): Generator<number> {
  for (let o = 0; o + 4 <= content.length;) {
    yield content[o];
    o += 4 + ((content[o + 1] << 16) | (content[o + 2] << 8) | content[o + 3]);
  }
}
const handshakeNames = (c: Uint8Array): string => [...messages(c)].map((t) => HS_NAMES[t] ?? `type ${t}`).join(', ');
const hasFinished = (c: Uint8Array): boolean => [...messages(c)].includes(HANDSHAKE_FINISHED);

/** The ClientHello's random (hex) and the ServerHello's cipher suite, read from the two streams' first records. */
function helloInfo(c2s: Uint8Array, s2c: Uint8Array): { random?: string; suite?: number } {
  const random = c2s.length >= 43 && c2s[0] === 22 && c2s[5] === 1 ? toHex(c2s.subarray(11, 43)) : undefined;
  let suite: number | undefined;
  if (s2c.length >= 44 && s2c[0] === 22 && s2c[5] === 2) {
    const sidLen = s2c[43];
    const at = 44 + sidLen;
    if (s2c.length >= at + 2) suite = (s2c[at] << 8) | s2c[at + 1];
  }
  return { random, suite };
}

export function decryptTls(rec: Recording, no: number, sim: Sim): Decryption {
  const flow: Flow | undefined = segmentsOf(rec, no);
  if (!flow) return { protocol: 'tls', ok: false, summary: 'Not a TCP segment of a TLS connection.', trace: [] };
  const { random, suite } = helloInfo(flow.c2s, flow.s2c);
  if (!random) return { protocol: 'tls', ok: false, summary: 'The capture does not hold this connection\'s ClientHello, so the key log cannot name its secrets.', trace: [] };
  const secrets = secretsFor(sim, random);
  const info = suite !== undefined ? suiteInfo(suite) : undefined;
  const opened = walk(flow.dir, flow.dir === 'c2s' ? flow.c2s : flow.s2c, info, secrets, flow.from, flow.to);
  const hello: TraceGroup = { title: 'Connection', items: [
    hexItem('Client random (names the key log lines)', fromHex(random)),
    textItem('Cipher suite', suite !== undefined ? suiteName(suite) : 'no ServerHello captured yet'),
    textItem('Secrets in the key log', Object.keys(secrets).sort().join(', ') || 'none'),
  ] };
  const ok = opened.some((o) => o.plaintext);
  return {
    protocol: 'tls', ok, trace: [hello, ...opened.map((o) => o.group)],
    summary: opened.length === 0 ? 'No protected record starts in this segment.'
      : ok ? `Opened ${opened.filter((o) => o.plaintext).length} of ${opened.length} record(s) with the sidecars' key log.` : 'The key log has no key that opens these records.',
  };
}

/**
 * Whether a frame belongs to a TLS connection the capture saw begin: it has a `tls` layer, or it is a TCP segment
 * with data of a connection whose client stream starts with a ClientHello (a segment that starts with a
 * ChangeCipherSpec, or continues a record, is not TLS to a stateless heuristic, but it is to the inspector).
 */
export function isTls(rec: Recording, no: number, d: Dissection): boolean {
  if (d.layers.some((l: Field) => l.name === 'tls')) return true;
  if (!d.layers.some((l: Field) => l.name === 'tcp')) return false;
  const flow = segmentsOf(rec, no);
  return !!flow && flow.to > flow.from && helloInfo(flow.c2s, flow.s2c).random !== undefined;
}
