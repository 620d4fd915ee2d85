/**
 * Crypto figures for `npm run bench`: what the lab's protocols cost next to the raw primitive they are built on,
 * measured in the same run. WireGuard: full Noise IKpsk2 handshakes (initiation, response, both key derivations)
 * per second, and transport packets per second for 1400-byte payloads (encrypt + decrypt), next to raw
 * ChaCha20-Poly1305 seal + open of the same size. ESP: rfc4106(gcm(aes)) packets per second for 1400-byte payloads
 * (espEncrypt + espDecrypt with an SA pair), next to raw AES-128-GCM seal + open with @noble/ciphers and with
 * WebCrypto (asynchronous, which is why the engine cannot use it; timed as a batch of awaited calls). mTLS: full
 * mutual TLS 1.3 handshakes (ECDSA P-256 certificates, x25519, both sides verifying the other's chain and SPIFFE ID)
 * per second, and 1400-byte application-data records per second (seal + open) with TLS_AES_128_GCM_SHA256.
 */
import { performance } from 'node:perf_hooks';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { gcm } from '@noble/ciphers/aes.js';
import { createRng, randomBytes } from '../sim/rng';
import * as wg from '../crypto/wireguard';
import * as esp from '../crypto/ipsec';
import * as tls from '../crypto/tls13';
import { absorb, pump, side } from '../crypto/tls13/loopback';
import { clientConfig, istioMesh, serverConfig } from '../crypto/tls13/testFixtures';

const PAYLOAD = 1400;

export interface CryptoBench {
  payloadBytes: number;
  wireguard: { handshakesPerSec: number; transportPacketsPerSec: number; rawChachaPerSec: number };
  esp: { packetsPerSec: number; rawNobleGcmPerSec: number; rawWebCryptoGcmPerSec: number };
  mtls: { handshakesPerSec: number; recordsPerSec: number };
}

/** Median rate (calls per second) of `reps` timed rounds of at least `ms` each, after one untimed round. */
function rate(reps: number, ms: number, fn: () => void): number {
  const round = (): number => {
    const t0 = performance.now();
    let n = 0;
    do {
      fn();
      n++;
    } while (performance.now() - t0 < ms);
    return n / ((performance.now() - t0) / 1000);
  };
  round();
  return median(Array.from({ length: reps }, round));
}

async function rateAsync(reps: number, ms: number, fn: () => Promise<unknown>): Promise<number> {
  const round = async (): Promise<number> => {
    const t0 = performance.now();
    let n = 0;
    do {
      await fn();
      n++;
    } while (performance.now() - t0 < ms);
    return n / ((performance.now() - t0) / 1000);
  };
  await round();
  const rates: number[] = [];
  for (let i = 0; i < reps; i++) rates.push(await round());
  return median(rates);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return Number((s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2).toPrecision(4));
};

function wireguardFigures(reps: number, ms: number, rand: (n: number) => Uint8Array): CryptoBench['wireguard'] {
  const iPriv = wg.generatePrivateKey(rand), rPriv = wg.generatePrivateKey(rand);
  const iPub = wg.publicKeyOf(iPriv), rPub = wg.publicKeyOf(rPriv);
  const psk = new Uint8Array(32);
  const handshake = (): void => {
    const ei = wg.generatePrivateKey(rand), er = wg.generatePrivateKey(rand);
    const init = wg.createInitiation({ staticPrivate: iPriv, remoteStaticPublic: rPub, ephemeralPrivate: ei, senderIndex: 1, timestamp: wg.tai64n(1_772_442_000_000_000) });
    const got = wg.consumeInitiation({ staticPrivate: rPriv, bytes: init.bytes });
    if (!got.ok) throw new Error(got.reason);
    const resp = wg.createResponse({ consumed: got.state, ephemeralPrivate: er, senderIndex: 2, receiverIndex: 1, presharedKey: psk });
    const done = wg.consumeResponse({ ck: init.ck, h: init.h, staticPrivate: iPriv, ephemeralPrivate: ei, remoteStaticPublic: rPub, presharedKey: psk, bytes: resp.bytes });
    if (!done.ok) throw new Error(done.reason);
  };
  void iPub;
  const key = rand(32), packet = rand(PAYLOAD);
  let counter = 0;
  const transport = (): void => {
    const m = wg.encryptTransport(key, 7, counter++, packet);
    if (!wg.decryptTransport(key, m)) throw new Error('transport did not decrypt');
  };
  const nonce = new Uint8Array(12);
  const raw = (): void => {
    const sealed = chacha20poly1305(key, nonce).encrypt(packet);
    chacha20poly1305(key, nonce).decrypt(sealed);
  };
  return { handshakesPerSec: rate(reps, ms, handshake), transportPacketsPerSec: rate(reps, ms, transport), rawChachaPerSec: rate(reps, ms, raw) };
}

async function espFigures(reps: number, ms: number, rand: (n: number) => Uint8Array): Promise<CryptoBench['esp']> {
  const km = rand(20);
  const out = esp.createState({ src: 1, dst: 2, spi: 3, keyMaterial: km, now: 0, rand });
  const inn = esp.createState({ src: 1, dst: 2, spi: 3, keyMaterial: km, now: 0, rand });
  const inner = rand(PAYLOAD);
  inner[0] = 0x45;
  const packets = (): void => {
    const e = esp.espEncrypt(out, inner, 0);
    if (!e.ok || !esp.espDecrypt(inn, e.esp, 0).ok) throw new Error('ESP round trip failed');
  };
  // Fresh copies: WebCrypto wants buffers backed by a plain ArrayBuffer.
  const key = new Uint8Array(km.subarray(0, 16)), nonce = new Uint8Array(rand(12)), aad = new Uint8Array(rand(8)), plain = new Uint8Array(inner);
  const noble = (): void => {
    const sealed = gcm(key, nonce, aad).encrypt(inner);
    gcm(key, nonce, aad).decrypt(sealed);
  };
  const subtle = globalThis.crypto.subtle;
  const ck = await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']);
  const alg = { name: 'AES-GCM', iv: nonce, additionalData: aad };
  const webcrypto = async (): Promise<void> => {
    const sealed = await subtle.encrypt(alg, ck, plain);
    await subtle.decrypt(alg, ck, sealed);
  };
  return { packetsPerSec: rate(reps, ms, packets), rawNobleGcmPerSec: rate(reps, ms, noble), rawWebCryptoGcmPerSec: await rateAsync(reps, ms, webcrypto) };
}

function mtlsFigures(reps: number, ms: number): CryptoBench['mtls'] {
  const mesh = istioMesh('bench');
  const connect = () => {
    const c = side(tls.createConnection(clientConfig(mesh), mesh.rand));
    const s = side(tls.createConnection(serverConfig(mesh), mesh.rand));
    pump(c, s, absorb(c, tls.start(c.conn, mesh.now, mesh.rand)), mesh.now, mesh.rand);
    if (c.conn.phase !== 'connected' || s.conn.phase !== 'connected') throw new Error(`mTLS handshake failed: ${c.conn.failure?.reason ?? s.conn.failure?.reason}`);
    return { c, s };
  };
  const handshake = (): void => void connect();
  const { c, s } = connect();
  const data = mesh.rand(PAYLOAD);
  const record = (): void => {
    const out = tls.sendApplicationData(c.conn, data);
    if (tls.receiveBytes(s.conn, out.send, mesh.now, mesh.rand).appData.length !== 1) throw new Error('record did not open');
  };
  return { handshakesPerSec: rate(reps, ms, handshake), recordsPerSec: rate(reps, ms, record) };
}

/** `reps` rounds of `ms` milliseconds per figure (a quick smoke run: 1 round of 20 ms). */
export async function benchCrypto(reps: number, ms: number): Promise<CryptoBench> {
  const rng = createRng('bench-crypto');
  const rand = (n: number): Uint8Array => randomBytes(rng, n);
  return { payloadBytes: PAYLOAD, wireguard: wireguardFigures(reps, ms, rand), esp: await espFigures(reps, ms, rand), mtls: mtlsFigures(reps, ms) };
}
