/**
 * tshark as the external judge (runs when tshark is installed; REQUIRE_TSHARK=1 makes it mandatory):
 * our key log decrypts Wireshark's own captures, and a capture of two of our devices talking (handshake, data both
 * ways, cookie path, rekey) decodes as WireGuard with handshake_ok = 1 and the inner packets we sent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interopPath, toolAvailable, tshark } from '../../testing/tools';
import { formatKeylog } from './keylog';
import { createPair, hostSend, runUntil, type Loopback } from './loopback';
import { A_IP, B_IP, S, T0, ipv4 } from './testPackets.test-helper';
import type { WgKeylogEntry } from './types';

const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const dir = mkdtempSync(join(tmpdir(), 'podlock-wg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = toolAvailable('tshark');

/** tshark -T fields rows, one array of columns per frame. */
function fields(pcap: string, keys: string, names: string[], extra: string[] = []): string[][] {
  const out = tshark(['-r', pcap, '-o', `wg.keylog_file:${keys}`, ...extra, '-T', 'fields', ...names.flatMap((n) => ['-e', n])]);
  return out.trimEnd().split('\n').map((l) => l.split('\t'));
}

/** A classic pcap, link type 101 (raw IPv4), of the loop's wire: IPv4/UDP between the two endpoints. */
function writeLoopPcap(loop: Loopback, file: string): void {
  const recs: Buffer[] = [];
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(101, 20);
  recs.push(head);
  for (const p of loop.log) {
    const from = loop.hosts[p.from].ep, to = loop.hosts[p.to].ep;
    const pkt = Buffer.alloc(28 + p.bytes.length);
    pkt[0] = 0x45;
    pkt.writeUInt16BE(pkt.length, 2);
    pkt[8] = 64;
    pkt[9] = 17;
    pkt.writeUInt32BE(from.ip, 12);
    pkt.writeUInt32BE(to.ip, 16);
    pkt.writeUInt16BE(from.port, 20);
    pkt.writeUInt16BE(to.port, 22);
    pkt.writeUInt16BE(8 + p.bytes.length, 24);
    pkt.set(p.bytes, 28);
    const rec = Buffer.alloc(16);
    const at = p.at - loop.latency; // when it left the sender
    rec.writeUInt32LE(Math.floor(at / S), 0);
    rec.writeUInt32LE(at % S, 4);
    rec.writeUInt32LE(pkt.length, 8);
    rec.writeUInt32LE(pkt.length, 12);
    recs.push(rec, pkt);
  }
  writeFileSync(file, Buffer.concat(recs));
}

describe.runIf(run)('tshark judges', () => {
  it('decrypts wireguard-ping-tcp.pcap and wireguard-psk.pcap with our formatKeylog output', () => {
    const sI = b64('AKeZaHwBxjiKLFnkY2unvEdOTtg4AL+M9dQXfopFVFk=');
    const pR = b64('YDCttCs9e1J52/g9vEnwJJa+2x6RqaayAYMpSVQfGEY=');
    const zero = new Uint8Array(32);
    const ping: WgKeylogEntry[] = ['sLGLJSOQfyz7JNJ5ZDzFf3Uz1rkiCMMjbWerNYcPFFU=', 'ULv83D+y3vA0t2mgmTmWz++lpVsrP7i4wNaUEK2oX0E=']
      .map((e) => ({ localStaticPrivate: sI, remoteStaticPublic: pR, localEphemeralPrivate: b64(e), presharedKey: zero }));
    writeFileSync(join(dir, 'ping.keys'), formatKeylog(ping));
    const rows = fields(interopPath('wireguard', 'wireguard-ping-tcp.pcap'), join(dir, 'ping.keys'),
      ['frame.number', 'wg.handshake_ok', 'icmp.type', 'tcp.dstport']);
    expect(rows[1]).toEqual(['2', '1', '', '']);
    expect(rows[13]).toEqual(['14', '1', '', '']);
    expect(rows[2]).toEqual(['3', '', '8', '']);
    expect(rows[3]).toEqual(['4', '', '0', '']);
    expect(rows[16][3]).toBe('443');
    expect(rows[17][3]).toBe('49472');

    // The psk capture from 10.9.0.2's side: its ephemeral key for handshake 1 (responder) and 2 (initiator).
    const sR = b64('cFIxTUyBs1Qil414hBwEgvasEax8CKJ5IS5ZougplWs='), pI = b64('Igge9KzRytKNwrgkzDE/8hrLu6Ly0OqVdvOPWhA5KR4=');
    const psk: WgKeylogEntry[] = [
      { localStaticPrivate: sR, remoteStaticPublic: pI, localEphemeralPrivate: b64('8G1N3LnEqYC7+NW/b6mqceVUIGBMAZSm+IpwG1U0j0w='),
        presharedKey: b64('//////////////////////////////////////////8=') },
      { localStaticPrivate: sR, remoteStaticPublic: pI, localEphemeralPrivate: b64('+MHo9sfkjPsjCx7lbVhRLDvMxYvTirOQFDSdzAW6kUQ='),
        presharedKey: b64('iIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIg=') },
    ];
    writeFileSync(join(dir, 'psk.keys'), formatKeylog(psk));
    const prow = fields(interopPath('wireguard', 'wireguard-psk.pcap'), join(dir, 'psk.keys'), ['frame.number', 'wg.handshake_ok']);
    expect(prow).toEqual([['1', ''], ['2', '1'], ['3', ''], ['4', '1']]);
  });

  it('decodes our own devices\' handshakes, cookie replies and transport packets', () => {
    const loop = createPair(41, { start: T0, loadThreshold: [64, 1], psk: new Uint8Array(32).fill(0x5a) });
    const sent: string[] = [];
    const say = (host: number, len: number, tag: number): void => {
      const p = host === 0 ? ipv4(A_IP, B_IP, len, tag) : ipv4(B_IP, A_IP, len, tag);
      sent.push(Buffer.from(p).toString('hex'));
      hostSend(loop, host, p);
    };
    say(0, 30, 1);
    runUntil(loop, T0 + 10 * S); // cookie, retry with mac2, response, data
    for (let t = 10; t < 145; t += 5) {
      say(0, 100 + t, t);
      say(1, 1400, t); // 1420 bytes inner: no padding
      runUntil(loop, T0 + (t + 5) * S);
    }
    const keys = loop.hosts[0].events.flatMap((e) => (e.action.kind === 'handshake' && e.action.keylog ? [e.action.keylog] : []));
    expect(keys).toHaveLength(4); // first try, retry with mac2 after the cookie; the same again for the rekey
    writeFileSync(join(dir, 'ours.keys'), formatKeylog(keys));
    writeLoopPcap(loop, join(dir, 'ours.pcap'));
    const rows = fields(join(dir, 'ours.pcap'), join(dir, 'ours.keys'),
      ['wg.type', 'wg.handshake_ok', 'wg.mac2', 'wg.decryption_error', '_ws.expert', 'ip.src'], ['-d', 'udp.port==51820,wg']);
    expect(rows).toHaveLength(loop.log.length);
    expect(rows.map((r) => r[0])).toEqual(loop.log.map((p) => String(p.bytes[0])));
    expect(rows.filter((r) => r[0] === '2').every((r) => r[1] === '1')).toBe(true);
    expect(rows.filter((r) => r[0] === '3')).toHaveLength(2);
    expect(rows.filter((r) => r[0] === '1').map((r) => r[2] !== '00000000000000000000000000000000')).toEqual([false, true, false, true]);
    expect(rows.filter((r) => r[3] || /Error|Warning/.test(r[4]))).toEqual([]);
    expect(rows.filter((r) => r[4].includes('Keepalive'))).toHaveLength(loop.log.filter((p) => p.message === 'keepalive').length);
    // Inner packets: tshark's decrypted IP layer shows inner 10.0.0.x sources.
    const inner = rows.filter((r) => r[0] === '4' && r[5].includes(','));
    expect(inner.length).toBe(sent.length);
    const payloads = tshark(['-r', join(dir, 'ours.pcap'), '-o', `wg.keylog_file:${join(dir, 'ours.keys')}`, '-d', 'udp.port==51820,wg',
      '-Y', 'wg.type == 4 && ip.src == 10.0.0.0/8', '-T', 'fields', '-e', 'data.data']).trim().split('\n');
    expect(payloads).toEqual(sent.map((h) => h.slice(40)));
  });
});
