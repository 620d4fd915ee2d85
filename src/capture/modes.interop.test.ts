/**
 * Every encrypted mode's captures, judged by tshark without any keys (what a learner or an attacker without the
 * secrets sees): nothing malformed, and our dissector's fields (WireGuard, ESP, TLS records and handshakes, and
 * everything under them) at the same positions, sizes and values as tshark's PDML, at the points the request
 * crosses: the underlay, the encryption device, the pods' eth0 and their loopback where the sidecar hands the
 * app its plaintext. Runs when tshark is installed; REQUIRE_TSHARK=1 makes a missing tshark a failure.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolAvailable, tshark } from '../testing/tools';
import { compareWithPdmlReport, formatMismatches, type PdmlIo } from '../net/dissect/pdml.test-helper';
import { Engine } from '../sim/engine';
import { record, toPcapng, type Recording } from './recorder';

const haveTshark = toolAvailable('tshark');
const io: PdmlIo = { readFile: (p) => new Uint8Array(readFileSync(p)), tshark: (args) => tshark(args) };
const dir = mkdtempSync(join(tmpdir(), 'podlock-modes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODES: { scenario: string; points: string[]; judged: string[]; extra?: string[] }[] = [
  { scenario: 'cilium-wireguard', points: ['node-1:eth0', 'node-2:eth0', 'node-1:cilium_wg0', 'web/frontend:eth0'], judged: ['wg.type', 'wg.receiver', 'wg.counter'] },
  { scenario: 'calico-wireguard', points: ['node-1:eth0', 'node-2:wireguard.cali'], judged: ['wg.type', 'wg.sender'] },
  { scenario: 'cilium-ipsec', points: ['node-1:eth0', 'node-2:eth0'], judged: ['esp.spi', 'esp.sequence'] },
  { scenario: 'cilium-ipsec-pertunnel', points: ['node-1:eth0'], judged: ['esp.spi', 'esp.sequence'] },
  { scenario: 'istio-permissive', points: ['node-1:eth0', 'web/frontend:eth0', 'web/frontend:lo', 'bank/backend:lo'], judged: ['tls.record.content_type', 'tls.handshake.type'], extra: ['-d', 'tcp.port==8080,tls'] },
  { scenario: 'istio-strict', points: ['node-2:eth0'], judged: ['tls.handshake.extensions_server_name', 'http.request.method'], extra: ['-d', 'tcp.port==8080,tls'] },
  { scenario: 'linkerd', points: ['node-1:eth0', 'bank/backend:lo'], judged: ['tls.handshake.type'], extra: ['-d', 'tcp.port==8080,tls'] },
];

describe.skipIf(!haveTshark)('encrypted modes, dissected as tshark dissects them (no keys)', () => {
  for (const m of MODES) {
    it(`${m.scenario}: ${m.points.join(', ')}`, () => {
      const e = Engine.create(m.scenario, '5');
      const recs = new Map<string, Recording>(m.points.map((p) => [p, record(e, p)]));
      e.runToIdle();
      const judged = new Set<string>();
      for (const [point, rec] of recs) {
        rec.stop();
        expect(rec.frames.length, `${point} saw nothing`).toBeGreaterThan(4);
        const path = join(dir, `${m.scenario}-${point.replace(/[/:]/g, '_')}.pcapng`);
        writeFileSync(path, toPcapng(rec));
        const malformed = tshark(['-r', path, ...(m.extra ?? []), '-Y', '_ws.malformed || _ws.expert.severity >= 8388608']);
        expect(malformed, `${point}: malformed or expert errors`).toBe('');
        const r = compareWithPdmlReport(path, io, m.extra ?? []);
        expect(r.mismatches, `${point}\n${formatMismatches(r.mismatches)}`).toEqual([]);
        expect(r.packets).toBe(rec.frames.length);
        for (const n of r.names) judged.add(n);
      }
      for (const n of m.judged) expect(judged.has(n), `${n} was never judged`).toBe(true);
    });
  }
});
