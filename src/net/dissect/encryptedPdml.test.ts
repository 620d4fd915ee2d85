/**
 * tshark 4.0 judges the WireGuard, ESP and TLS dissectors: every field range (and key values) on the hand-built
 * frames of encryptedFrames.test-helper.ts, on every truncation and on seeded mutations of them; and the
 * packet-list columns (protocol, info) on those frames and on the shared interop captures. Runs when tshark is
 * installed; REQUIRE_TSHARK=1 makes a missing tshark a failure.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCapture } from '../../capture/pcapRead';
import { interopPath, toolAvailable, tshark } from '../../testing/tools';
import { ENCRYPTED_FRAMES } from './encryptedFrames.test-helper';
import { prng, writePcap, type TestFrame } from './frames.test-helper';
import { dissect, findField } from './index';
import { INTEROP_CAPTURES, compareWithPdmlReport, formatMismatches, type PdmlIo, type PdmlMismatch, type PdmlReport } from './pdml.test-helper';
import { LinkType } from './tree';

const io: PdmlIo = { readFile: (p) => new Uint8Array(readFileSync(p)), tshark: (args) => tshark(args) };
const dir = mkdtempSync(join(tmpdir(), 'podlock-encrypted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frames = Object.values(ENCRYPTED_FRAMES) as TestFrame[];
const LINK_TYPES = [LinkType.ETHERNET, LinkType.RAW];
/** The options the PDML judge uses, for the column runs. */
const SAME_AS_JUDGE = [
  '-o', 'tcp.desegment_tcp_streams:FALSE', '-o', 'tcp.relative_sequence_numbers:FALSE', '-o', 'tcp.analyze_sequence_numbers:FALSE',
  '-o', 'wg.dissect_packet:FALSE', // a pcapng's embedded keys would have tshark name the decrypted packet
];

function judge(name: string, list: TestFrame[]): PdmlReport {
  const total: PdmlReport = { mismatches: [], packets: 0, compared: 0, names: new Set() };
  for (const lt of LINK_TYPES) {
    const mine = list.filter((f) => f.linkType === lt).map((f) => f.bytes);
    if (mine.length === 0) continue;
    const path = join(dir, `${name}-${lt}.pcap`);
    writeFileSync(path, writePcap(mine, lt));
    const r = compareWithPdmlReport(path, io);
    total.mismatches.push(...r.mismatches.map((m) => ({ ...m, name: `${m.name} (${name}, link type ${lt})` })));
    total.packets += r.packets;
    total.compared += r.compared;
    r.names.forEach((n) => total.names.add(n));
  }
  return total;
}

/** tshark's packet-list columns for a capture file, one [protocol, info] per packet. */
function columns(path: string, extra: string[] = []): [string, string][] {
  const out = tshark(['-r', path, '-T', 'fields', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info', ...SAME_AS_JUDGE, ...extra]);
  return out.trimEnd().split('\n').map((l) => l.split('\t') as [string, string]);
}

const expectAgreement = (list: PdmlMismatch[]): void => expect(list, formatMismatches(list)).toEqual([]);

describe.runIf(toolAvailable('tshark'))('tshark judges the WireGuard, ESP and TLS dissectors', () => {
  it('on the hand-built frames, down to the extension fields', () => {
    const r = judge('frames', frames);
    expectAgreement(r.mismatches);
    for (const n of ['wg.sender', 'wg.receiver', 'wg.ephemeral', 'wg.encrypted_empty', 'wg.nonce', 'wg.encrypted_cookie', 'wg.counter',
      'wg.keepalive', 'esp.spi', 'esp.sequence', 'tls.record.content_type', 'tls.record.opaque_type', 'tls.handshake.extensions_server_name',
      'tls.handshake.extensions_alpn_str', 'tls.handshake.extensions_key_share_selected_group', 'tls.handshake.extensions.cookie',
      'tls.handshake.extensions_status_request_exts_len', 'tls.compress_certificate.algorithm', 'tls.handshake.extensions_alps_alpn_str',
      'tls.handshake.extensions_padding_data', 'tls.handshake.extension.data', 'tls.alert_message.desc', 'tls.change_cipher_spec',
      'tls.app_data', 'tls.handshake.random_time']) {
      expect(r.names.has(n) || (n === 'tls.record.opaque_type' && r.names.has('tls.record.content_type')), `${n} was not judged`).toBe(true);
    }
  });

  it('on every truncation of the hand-built frames', () => {
    const cut = frames.flatMap((f) => Array.from({ length: f.bytes.length }, (_, n) => ({ ...f, bytes: f.bytes.slice(0, n) })));
    const r = judge('truncated', cut);
    expectAgreement(r.mismatches);
    expect(r.packets).toBe(cut.length);
  });

  it('on seeded mutations of the hand-built frames', () => {
    const rnd = prng(11);
    const pick = (n: number): number => Math.floor(rnd() * n);
    const mutated: TestFrame[] = [];
    for (let i = 0; i < 400; i++) {
      const f = frames[pick(frames.length)];
      const b = isolate(f, i);
      for (let k = 1 + pick(3); k > 0; k--) b[pick(b.length)] = pick(256);
      mutated.push({ ...f, bytes: b });
    }
    const r = judge('mutated', mutated);
    expectAgreement(r.mismatches);
    expect(r.compared).toBeGreaterThan(10000);
  });

  it('packet-list columns match tshark for the hand-built frames', () => {
    for (const lt of LINK_TYPES) {
      const mine = frames.filter((f) => f.linkType === lt);
      const path = join(dir, `columns-${lt}.pcap`);
      writeFileSync(path, writePcap(mine.map((f) => f.bytes), lt));
      columns(path).forEach(([protocol, info], i) => {
        const ours = dissect(mine[i].bytes, lt).summary;
        expect([ours.protocol, ours.info], `frame ${i + 1} of link type ${lt}`).toEqual([protocol, info]);
      });
    }
  });

  for (const [c, extra] of INTEROP_CAPTURES) {
    it(`packet-list columns match tshark on ${c}`, () => {
      const path = interopPath(...c.split('/'));
      const cap = readCapture(readFileSync(path));
      columns(path, extra).forEach(([protocol, info], i) => {
        const p = cap.packets[i];
        const x = dissect(p.data, cap.interfaces[p.ifIndex].linkType as LinkType);
        // tshark knows the session is TLS 1.3 from the ServerHello of an earlier packet; one packet alone cannot
        // (the next test shows tshark saying TLSv1.2 too when it sees the packet alone)
        const lone = protocol === 'TLSv1.3' && x.summary.protocol === 'TLSv1.2' && !findField(x, 'tls.handshake');
        expect([lone ? 'TLSv1.3' : x.summary.protocol, normalize(x.summary.info, info)], `${c} packet ${i + 1}`).toEqual([protocol, info]);
      });
    });
  }

  it('a TLS 1.3 packet without its ServerHello is TLSv1.2 to tshark as well', () => {
    const cap = readCapture(readFileSync(interopPath('tls13', 'wireshark-tls13-rfc8446', 'tls13-rfc8446.pcap')));
    const lone = [2, 3, 10].map((i) => cap.packets[i].data); // CCS + application data, then application data only
    const path = join(dir, 'lone.pcap');
    writeFileSync(path, writePcap(lone, LinkType.ETHERNET));
    const ours = lone.map((b) => dissect(b, LinkType.ETHERNET).summary);
    expect(columns(path).map(([p]) => p)).toEqual(['TLSv1.2', 'TLSv1.2', 'TLSv1.2']);
    expect(ours.map((s) => s.protocol)).toEqual(['TLSv1.2', 'TLSv1.2', 'TLSv1.2']);
  });
});

/**
 * A copy of the frame in a conversation of its own: its higher port becomes 30000 + i (the transport checksum
 * updated as RFC 1624 §3 does). tshark carries TLS state from packet to packet of one conversation (the session's
 * version, a handshake message begun in an earlier record), which one packet alone cannot know.
 */
function isolate(f: TestFrame, i: number): Uint8Array {
  const b = f.bytes.slice();
  const ip = f.linkType === LinkType.ETHERNET ? 14 : 0;
  const t = ip + (b[ip] & 0x0f) * 4;
  const csumAt = b[ip + 9] === 6 ? t + 16 : b[ip + 9] === 17 ? t + 6 : -1;
  if (csumAt < 0) return b;
  const at = (b[t] << 8 | b[t + 1]) >= (b[t + 2] << 8 | b[t + 3]) ? t : t + 2;
  const old = b[at] << 8 | b[at + 1];
  const port = 30000 + i;
  b[at] = port >> 8;
  b[at + 1] = port & 0xff;
  const csum = b[csumAt] << 8 | b[csumAt + 1];
  if (csum === 0 && csumAt === t + 6) return b; // UDP without a checksum
  let sum = (~csum & 0xffff) + (~old & 0xffff) + port;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  const next = ~sum & 0xffff;
  b[csumAt] = next >> 8;
  b[csumAt + 1] = next & 0xff;
  return b;
}

/** tshark scales a TCP window by the factor its SYN announced: a capture-level fact the lone packet does not have. */
function normalize(ours: string, theirs: string): string {
  const w = /Win=(\d+)/.exec(theirs);
  return w ? ours.replace(/Win=\d+/, `Win=${w[1]}`) : ours;
}
