/**
 * Opens a WireGuard message the way Wireshark does with a key log, but with the keys the lab's devices derived
 * (./keyring.ts) and the library's own crypto (src/crypto/wireguard: ChaCha20-Poly1305 from @noble/ciphers).
 *
 * Transport data (whitepaper §5.4.6): the receiver index picks the session, the 64-bit little-endian counter makes
 * the nonce (4 zero bytes || LE64 counter), the AEAD has no associated data, and the plaintext is the inner IP
 * packet zero-padded to a multiple of 16. Handshake messages (§5.4.2, §5.4.3) carry no packet: their trace is the
 * Noise IKpsk2 chaining key C and hash H after each token, from the crypto events of the node that sent it; the
 * message is matched to its event by the last token, H = HASH(H' || encrypted payload) (Noise §5.2
 * EncryptAndHash). An initiation's static key and timestamp are also decrypted with the responder's private key.
 */
import {
  consumeInitiation, decryptTransport, hash, tai64nToUs, transportHeader, INITIATION, RESPONSE,
} from '../../crypto/wireguard';
import type { Sim } from '../../sim/sim';
import { toBase64 } from '../../sim/base64';
import { fmtTimeOfDay } from '../../sim/clock';
import type { Decryption, TraceGroup } from '../protocol';
import type { HandshakeRecord, WgKeyring, WgSession } from './keyring';
import { equalBytes, hexItem, idx, innerPacket, textItem } from './traceUtil';

const TAG = 16;

export function decryptWireGuard(msg: Uint8Array, ring: WgKeyring, sim: Sim): Decryption {
  const type = msg[0];
  if (type === 4) return transport(msg, ring);
  if (type === 1 || type === 2) return handshake(msg, ring, sim);
  return { protocol: 'wireguard', ok: false, trace: [],
    summary: 'A cookie reply is sealed with a key derived from the mac1 it answers; the lab does not open it here.' };
}

function sessionText(s: WgSession): string {
  const peer = s.peerNode ?? 'its peer';
  const who = s.isInitiator ? s.node : peer;
  return `${s.node}'s session with ${peer}: local index ${idx(s.localIndex)}, remote index ${idx(s.remoteIndex)}, ` +
    `keys derived at ${fmtTimeOfDay(s.created)} by a handshake ${who} initiated`;
}

function transport(msg: Uint8Array, ring: WgKeyring): Decryption {
  const { receiverIndex, counter } = transportHeader(msg);
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setBigUint64(4, BigInt(counter), true);
  const header: TraceGroup = { title: 'Transport data (whitepaper §5.4.6)', items: [
    textItem('Receiver index', `${idx(receiverIndex)} (little-endian on the wire)`),
    textItem('Counter', String(counter)),
    hexItem('Nonce (4 zero bytes || LE64 counter)', nonce),
    textItem('Associated data', '(empty)'),
    textItem('Ciphertext', `${msg.length - 16 - TAG} bytes`),
    hexItem('Poly1305 tag', msg.subarray(msg.length - TAG)),
  ] };
  for (const c of ring.candidates(receiverIndex)) {
    const padded = decryptTransport(c.key, msg);
    if (!padded) continue;
    const s = c.session;
    const keyName = `${c.side === 'receiver' ? 'Receiving' : 'Sending'} key of ${s.node}`;
    const keys: TraceGroup = { title: 'Key (ChaCha20-Poly1305)', items: [textItem('Session', sessionText(s)), hexItem(keyName, c.key)] };
    if (padded.length === 0) {
      return { protocol: 'wireguard', ok: true, trace: [header, keys],
        summary: `A keepalive: an empty packet, authenticated with the ${keyName.toLowerCase()} (session ${idx(s.localIndex)}).` };
    }
    const ipLen = padded.length >= 20 && padded[0] >> 4 === 4 ? (padded[2] << 8) | padded[3] : padded.length;
    const bytes = padded.slice(0, Math.min(ipLen, padded.length));
    const pad = padded.length - bytes.length;
    const plain: TraceGroup = { title: 'Plaintext', items: [
      textItem('Inner packet', `${bytes.length} bytes`), textItem('Padding', `${pad} zero byte${pad === 1 ? '' : 's'} (to a multiple of 16)`),
    ] };
    return { protocol: 'wireguard', ok: true, inner: innerPacket(bytes), trace: [header, keys, plain],
      summary: `Decrypted with the ${keyName.toLowerCase()} (session ${idx(s.localIndex)} ⇄ ${idx(s.remoteIndex)}): a ${bytes.length}-byte IP packet and ${pad} bytes of padding.` };
  }
  return { protocol: 'wireguard', ok: false, trace: [header],
    summary: `None of the keys the lab's devices derived opens this message (receiver index ${idx(receiverIndex)}): its handshake happened before the lab was loaded, or the packet was forged.` };
}

function handshake(msg: Uint8Array, ring: WgKeyring, sim: Sim): Decryption {
  const initiation = msg[0] === 1;
  const payload = initiation ? msg.subarray(INITIATION.timestamp, INITIATION.mac1) : msg.subarray(RESPONSE.empty, RESPONSE.mac1);
  const found = ring.handshakes.filter((r) => lastTokenMatches(r, payload));
  const sender = found.find((r) => r.what.endsWith('-sent')) ?? found[0];
  const name = initiation ? 'Handshake initiation' : 'Handshake response';
  if (!sender) return { protocol: 'wireguard', ok: false, trace: [], summary: `${name}: no crypto event of the lab matches this message.` };
  const trace: TraceGroup[] = [{
    title: `Noise IKpsk2: C and H after each token, as ${sender.host} computed them (${sender.what})`,
    items: sender.steps.flatMap((s) => [hexItem(`${s.name} · C`, s.values.C), hexItem(`${s.name} · H`, s.values.H)]),
  }];
  const receiver = found.find((r) => r !== sender && r.host !== sender.host);
  if (receiver) trace[0].items.push(textItem('Receiver', `${receiver.host} (${receiver.what}) computed the same final H`));
  let summary = `${name}: the Noise trace from ${sender.host}'s crypto events.`;
  if (initiation) {
    const opened = openInitiation(msg, sim);
    if (opened) {
      trace.push(opened.group);
      summary = `${name}: the Noise trace from ${sender.host}'s crypto events; static key and timestamp decrypted with ${opened.by}'s private key.`;
    }
  } else {
    const sender32 = new DataView(msg.buffer, msg.byteOffset).getUint32(RESPONSE.sender, true);
    const s = ring.sessions.find((x) => x.localIndex === sender32);
    if (s) trace.push({ title: 'Transport keys this handshake derived (whitepaper §5.4.5)', items: [
      textItem('Session', sessionText(s)), hexItem(`Sending key of ${s.node}`, s.sendKey), hexItem(`Receiving key of ${s.node}`, s.recvKey),
    ] });
  }
  return { protocol: 'wireguard', ok: true, summary, trace };
}

function lastTokenMatches(r: HandshakeRecord, payload: Uint8Array): boolean {
  const n = r.steps.length;
  if (n < 2) return false;
  const before = r.steps[n - 2].values.H, after = r.steps[n - 1].values.H;
  return !!before && !!after && equalBytes(hash(before, payload), after);
}

/** The initiator's static key and TAI64N timestamp, decrypted with whichever node's private key opens them. */
function openInitiation(msg: Uint8Array, sim: Sim): { by: string; group: TraceGroup } | undefined {
  for (const [node, w] of Object.entries(sim.st.wg ?? {})) {
    const c = consumeInitiation({ staticPrivate: w.device.privateKey, bytes: msg });
    if (!c.ok) continue;
    const from = Object.entries(sim.st.wg ?? {}).find(([, x]) => equalBytes(x.device.publicKey, c.initiatorStaticPublic))?.[0];
    return { by: node, group: { title: `Decrypted with ${node}'s static private key`, items: [
      textItem('Initiator static public key (s)', `${toBase64(c.initiatorStaticPublic)}${from ? ` (${from})` : ''}`),
      hexItem('Timestamp (TAI64N, {t})', c.timestamp),
      textItem('Timestamp (UTC)', fmtTimeOfDay(tai64nToUs(c.timestamp))),
    ] } };
  }
  return undefined;
}
