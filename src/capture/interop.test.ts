/**
 * tshark judges the simulator's own captures: the plaintext scenario's HTTP exchange (handshake, GET, a 200 OK whose
 * body spans several TCP segments and equals the JSON the backend served), clean bytes (no malformed packets, no
 * expert warnings, no TCP analysis flags, every IP/TCP/ICMP checksum verified Good) and field-by-field agreement of
 * our dissector with tshark's PDML, at every capture point the request crosses, in native and VXLAN tunnel routing.
 * Runs when tshark is installed; REQUIRE_TSHARK=1 makes a missing tshark a failure.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolAvailable, tshark } from '../testing/tools';
import { compareWithPdmlReport, formatMismatches, type PdmlIo } from '../net/dissect/pdml.test-helper';
import { Engine } from '../sim/engine';
import type { Routing } from '../sim/state';
import { captureScenario } from './run';
import { readCapture } from './pcapRead';
import { writePcapng } from './pcapng';

const SEED = '7';
const URI = '/api/accounts/1042/transactions';
const HOST = 'backend.bank.svc.cluster.local:8080';
const CLIENT = 'web/frontend';

/** Every point the frontend -> backend request crosses, per routing mode. */
const POINTS: Record<Routing, string[]> = {
  native: ['web/frontend:eth0', 'node-1:lxc-frontend', 'node-1:eth0', 'node-2:eth0', 'node-2:lxc-backend', 'bank/backend:eth0'],
  tunnel: ['web/frontend:eth0', 'node-1:lxc-frontend', 'node-1:cilium_vxlan', 'node-1:eth0', 'node-2:eth0', 'node-2:cilium_vxlan',
    'node-2:lxc-backend', 'bank/backend:eth0'],
};
/** Points on the underlay, where tunnel mode carries the pod traffic in VXLAN. */
const UNDERLAY = new Set(['node-1:eth0', 'node-2:eth0']);

const io: PdmlIo = { readFile: (p) => new Uint8Array(readFileSync(p)), tshark: (args) => tshark(args) };
const dir = mkdtempSync(join(tmpdir(), 'podlock-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Checksums verified (tshark does not by default), VXLAN decoded on Linux's port 8472 (Cilium's tunnel port).
const JUDGE = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-d', 'udp.port==8472,vxlan'];

/** One dissected frame: every field tshark shows, by name, each occurrence in tree order (outer headers first). */
type Row = Map<string, string[]>;
const get = (r: Row, name: string): string[] => r.get(name) ?? [];

/** What tshark makes of a capture, in one pass: every frame's fields, and the HTTP objects it reassembled. */
interface Verdict {
  rows: Row[];
  /** `--export-objects http`: the reassembled, decoded bodies, by file name (file_data escapes UTF-8; these are the bytes). */
  objects: Map<string, Uint8Array>;
}

function judge(path: string, objectsDir: string): Verdict {
  mkdirSync(objectsDir, { recursive: true });
  const json = tshark(['-r', path, ...JUDGE, '--export-objects', `http,${objectsDir}`, '-T', 'json', '--no-duplicate-keys']);
  const rows = (JSON.parse(json) as { _source: { layers: unknown } }[]).map((p) => {
    const row: Row = new Map();
    const add = (k: string, v: string) => row.set(k, [...get(row, k), v]);
    const walk = (o: unknown, key: string): void => {
      if (Array.isArray(o)) o.forEach((x) => walk(x, key));
      else if (o !== null && typeof o === 'object') {
        add(key, ''); // a subtree or a valueless item (tcp.analysis.flags, _ws.malformed): present
        for (const [k, v] of Object.entries(o)) walk(v, k);
      } else add(key, String(o));
    };
    walk(p._source.layers, '');
    return row;
  });
  const objects = new Map(readdirSync(objectsDir).map((f) => [f, new Uint8Array(readFileSync(join(objectsDir, f)))]));
  return { rows, objects };
}

/** tshark's packet list, for failure messages. */
function listing(path: string): string {
  return tshark(['-r', path, ...JUDGE]);
}

const WARNING = 0x00600000; // expert severities: chat 0x00200000, note 0x00400000, warning 0x00600000, error 0x00800000

/** Frames that must not exist: malformed, expert warnings/errors, TCP analysis flags, any bad checksum. */
function problems(rows: Row[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const why: string[] = [];
    if (r.has('_ws.malformed')) why.push('_ws.malformed');
    if (r.has('tcp.analysis.flags')) why.push('tcp.analysis.flags');
    const sev = get(r, '_ws.expert.severity');
    get(r, '_ws.expert.message').forEach((m, i) => Number(sev[i]) >= WARNING && why.push(`expert ${Number(sev[i]) >= 0x00800000 ? 'error' : 'warning'}: ${m}`));
    for (const p of ['ip', 'tcp', 'udp', 'icmp']) if (get(r, `${p}.checksum.status`).includes('0')) why.push(`${p}.checksum.status Bad`);
    if (why.length) out.push(`#${get(r, 'frame.number')[0]}: ${why.join('; ')}`);
  }
  return out;
}

/** Checksum verdicts, occurrence by occurrence: every IP, TCP and ICMP checksum Good; a UDP checksum Good or zero (VXLAN). */
function checksumIssues(rows: Row[]): { issues: string[]; good: { ip: number; tcp: number; icmp: number; tcpFrames: number } } {
  const issues: string[] = [];
  const good = { ip: 0, tcp: 0, icmp: 0, tcpFrames: 0 };
  for (const r of rows) {
    const n = get(r, 'frame.number')[0];
    const ipStatus = get(r, 'ip.checksum.status');
    if (ipStatus.length !== get(r, 'ip.src').length) issues.push(`#${n}: ${get(r, 'ip.src').length} IP headers, ${ipStatus.length} verified`);
    for (const s of ipStatus) {
      if (s === '1') good.ip++;
      else issues.push(`#${n}: ip.checksum.status ${s}`);
    }
    if (r.has('tcp.srcport')) {
      good.tcpFrames++;
      if (get(r, 'tcp.checksum.status').join() === '1') good.tcp++;
      else issues.push(`#${n}: tcp.checksum.status ${get(r, 'tcp.checksum.status').join() || 'missing'}`);
    }
    get(r, 'udp.checksum.status').forEach((s, i) => {
      const zeroVxlan = s === '3' && get(r, 'udp.checksum')[i] === '0x0000' && get(r, 'udp.dstport')[i] === '8472';
      if (s !== '1' && !zeroVxlan) issues.push(`#${n}: udp.checksum.status ${s} (udp.checksum ${get(r, 'udp.checksum')[i]})`);
    });
    const icmpStatus = get(r, 'icmp.checksum.status');
    if (get(r, 'icmp.type').length !== icmpStatus.length) issues.push(`#${n}: ICMP checksum not verified`);
    for (const s of icmpStatus) {
      if (s === '1') good.icmp++;
      else issues.push(`#${n}: icmp.checksum.status ${s}`);
    }
  }
  return { issues, good };
}

function firstDiff(a: Uint8Array, b: Uint8Array): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (x: Uint8Array) => JSON.stringify(Buffer.from(x.subarray(Math.max(0, i - 20), i + 20)).toString('latin1'));
  return `lengths ${a.length} vs ${b.length}, first difference at byte ${i}: ${show(a)} vs ${show(b)}`;
}

interface Served {
  /** The body curl in web/frontend received and printed (stdout), as bytes. */
  body: Uint8Array;
  /** The byte count in the backend's access-log line for the request. */
  logged: number;
  exitCode: number | undefined;
}

/** Runs the scenario (same seed and options as the capture) and takes the response from the apps themselves. */
function served(routing: Routing): Served {
  const e = Engine.create('plaintext', SEED, { routing });
  let text = '';
  let logged = NaN;
  let exitCode: number | undefined;
  const curls = new Set<string>();
  e.events.on('output', (o) => {
    const kind = e.st.apps[o.app]?.kind;
    if (kind === 'curl' && o.host === CLIENT && o.stream === 'stdout') {
      curls.add(o.app);
      text += o.text;
    }
    const m = new RegExp(`"GET ${URI} HTTP/1.1" 200 (\\d+)`).exec(o.text);
    if (kind === 'http-api' && m) logged = Number(m[1]);
  });
  e.events.on('exit', (x) => {
    if (curls.has(x.app)) exitCode = x.code;
  });
  e.runToIdle();
  return { body: new TextEncoder().encode(text), logged, exitCode };
}

interface Capture {
  routing: Routing;
  point: string;
  path: string;
  frames: number;
}

const slug = (routing: Routing, point: string): string => `${routing}-${point.replace(/[/:]/g, '_')}`;

function capture(routing: Routing, point: string, name = slug(routing, point)): Capture & Verdict {
  const { pcapng, frames } = captureScenario({ scenario: 'plaintext', seed: SEED, point, routing });
  const path = join(dir, `${name}.pcapng`);
  writeFileSync(path, pcapng);
  return { routing, point, path, frames, ...judge(path, join(dir, `objects-${name}`)) };
}

const once = <T>(f: () => T): (() => T) => {
  let v: { value: T } | undefined;
  return () => (v ??= { value: f() }).value;
};

/**
 * Assertions on one capture whose failure message names the capture and carries tshark's packet list (built
 * only on failure: each tshark run costs a few hundred ms).
 */
function on(c: Capture) {
  const why = (what: string, detail: unknown): string =>
    `${what} (${c.routing} routing, ${c.point}, ${c.path})\n${typeof detail === 'string' ? detail : JSON.stringify(detail, null, 1)}` +
    `\n\ntshark -r ${c.path}:\n${listing(c.path)}`;
  return {
    equal<T>(what: string, actual: T, expected: T, detail: unknown = ''): void {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual, why(what, detail)).toEqual(expected);
    },
    atLeast(what: string, actual: number, min: number, detail: unknown = ''): void {
      if (!(actual >= min)) expect(actual, why(what, detail)).toBeGreaterThanOrEqual(min);
    },
    none(what: string, list: string[]): void {
      if (list.length) expect.fail(why(`${what}: ${list.length}`, list.join('\n')));
    },
  };
}

describe.runIf(toolAvailable('tshark'))('tshark reads the simulator captures', () => {
  for (const routing of ['native', 'tunnel'] as const) {
    describe(`plaintext scenario, ${routing} routing, seed ${SEED}`, () => {
      const body = once(() => served(routing));

      it('the backend served a JSON body curl received whole (the reference for the captures)', () => {
        const s = body();
        expect(s.exitCode, 'curl exit code').toBe(0);
        expect(s.body.length, 'curl printed the body the access log counted').toBe(s.logged);
        expect(s.body.length).toBeGreaterThan(2 * 1330); // more than two full segments at the pod MSS
        expect(() => JSON.parse(new TextDecoder().decode(s.body))).not.toThrow();
      });

      for (const point of POINTS[routing]) {
        describe(`at ${point}`, () => {
          const cap = once(() => capture(routing, point));

          it('shows the handshake, the GET and the 200 OK with the served body over >= 3 segments', () => {
            const c = cap();
            const t = on(c);
            const one = (name: string) => c.rows.filter((r) => r.has(name));
            const num = (r: Row) => Number(get(r, 'frame.number')[0]);
            const requests = one('http.request.method');
            t.equal('HTTP requests', requests.length, 1);
            const req = requests[0];
            t.equal('request line', ['http.request.method', 'http.request.uri', 'http.host'].map((f) => get(req, f)), [['GET'], [URI], [HOST]]);

            const stream = get(req, 'tcp.stream')[0];
            const client = get(req, 'tcp.srcport')[0];
            const conn = c.rows.filter((r) => get(r, 'tcp.stream')[0] === stream);
            const hs = conn.slice(0, 3).map((r) => ({
              frame: num(r), flags: get(r, 'tcp.flags')[0], fromClient: get(r, 'tcp.srcport')[0] === client, seq: get(r, 'tcp.seq')[0], ack: get(r, 'tcp.ack')[0],
            }));
            t.equal(`SYN, SYN-ACK, ACK opening TCP stream ${stream} (relative seq/ack)`, hs.map(({ frame: _, ...h }) => h), [
              { flags: '0x0002', fromClient: true, seq: '0', ack: '0' },
              { flags: '0x0012', fromClient: false, seq: '0', ack: '1' },
              { flags: '0x0010', fromClient: true, seq: '1', ack: '1' },
            ], hs);
            t.atLeast('the GET follows the handshake', num(req), hs[2].frame + 1);

            const responses = one('http.response.code');
            t.equal('HTTP responses', responses.length, 1);
            const res = responses[0];
            const s = body();
            t.equal('response', {
              stream: get(res, 'tcp.stream')[0], code: get(res, 'http.response.code')[0], phrase: get(res, 'http.response.phrase')[0],
              contentLength: get(res, 'http.content_length')[0], afterRequest: num(res) > num(req),
            }, { stream, code: '200', phrase: 'OK', contentLength: String(s.body.length), afterRequest: true });
            t.atLeast('tcp.segment.count of the reassembled response', Number(get(res, 'tcp.segment.count')[0]), 3);
            t.atLeast('tcp.reassembled.length', Number(get(res, 'tcp.reassembled.length')[0]), s.body.length + 1);
            const dataSegments = conn.filter((r) => get(r, 'tcp.srcport')[0] !== client && Number(get(r, 'tcp.len')[0]) > 0);
            t.atLeast('server data segments', dataSegments.length, 3);

            const got = c.objects.get('transactions');
            t.equal('tshark --export-objects http exported the response', [...c.objects.keys()], ['transactions']);
            if (!Buffer.from(got!).equals(Buffer.from(s.body))) t.none('the exported body differs from the served JSON', [firstDiff(got!, s.body)]);
          });

          it('has no malformed packets, expert warnings, TCP analysis flags or bad checksums', () => {
            const c = cap();
            const t = on(c);
            t.none('frames tshark flags', problems(c.rows));
            const { issues, good } = checksumIssues(c.rows);
            t.none('checksums not verified Good', issues);
            // not vacuous: tshark verified every header's checksum, and the capture has TCP, IP and ICMP
            t.equal('frames tshark read', c.rows.length, c.frames);
            t.equal('TCP checksums Good', good.tcp, good.tcpFrames, good);
            t.atLeast('TCP frames', good.tcp, 10, good);
            t.atLeast('IP checksums Good', good.ip, good.tcp + 4, good);
            t.equal('ICMP checksums Good (2 echo requests, 2 replies)', good.icmp, 4, good);
          });

          const vxlan = routing === 'tunnel' && UNDERLAY.has(point);
          it(vxlan ? 'carries every pod packet in VXLAN (VNI, port 8472, zero outer UDP checksum)' : 'has no VXLAN', () => {
            const c = cap();
            const pod = c.rows.filter((r) => r.has('tcp.srcport') || r.has('icmp.type'));
            const wrapped = pod.map((r) => ({
              frame: get(r, 'frame.number')[0], vni: get(r, 'vxlan.vni').length, udp: get(r, 'udp.dstport').join(),
              sum: get(r, 'udp.checksum').join(), ips: get(r, 'ip.src').length,
            }));
            const bad = wrapped.filter((w) => (vxlan ? !(w.vni === 1 && w.udp === '8472' && w.sum === '0x0000' && w.ips === 2) : w.vni > 0 || w.ips !== 1));
            on(c).none(vxlan ? 'pod packets not in VXLAN' : 'unexpected encapsulation', bad.map((b) => JSON.stringify(b)));
            expect(pod.length).toBeGreaterThanOrEqual(14);
          });

          it('is dissected as tshark dissects it, field by field (PDML)', () => {
            const c = cap();
            const r = compareWithPdmlReport(c.path, io);
            on(c).none('PDML mismatches', r.mismatches.length ? [formatMismatches(r.mismatches)] : []);
            expect(r.packets).toBe(c.frames);
            expect(r.compared / r.packets).toBeGreaterThan(15); // every packet had its headers judged
            for (const n of ['ip.checksum.status', 'tcp.checksum.status', 'tcp.seq', 'http.request.method', 'http.response.code', 'icmp.type',
              ...(vxlan ? ['vxlan.vni', 'udp.checksum'] : [])]) {
              expect(r.names.has(n), `${n} was not judged at ${point}`).toBe(true);
            }
          });
        });
      }
    });
  }

  describe('the other points (same-node traffic on node-3), native routing', () => {
    for (const point of ['node-3:eth0', 'node-3:lxc-app-a', 'node-3:lxc-app-b', 'default/app-a:eth0', 'default/app-b:eth0']) {
      it(`${point}: clean bytes and PDML agreement`, () => {
        const c = capture('native', point);
        const t = on(c);
        t.equal('frames tshark read', c.rows.length, c.frames);
        t.none('frames tshark flags', problems(c.rows));
        t.none('checksums not verified Good', checksumIssues(c.rows).issues);
        const r = compareWithPdmlReport(c.path, io);
        t.none('PDML mismatches', r.mismatches.length ? [formatMismatches(r.mismatches)] : []);
        expect(r.packets).toBe(c.frames);
      });
    }
  });

  it('the checks catch broken bytes (truncated ARP, bad checksums, a retransmission)', () => {
    const good = capture('native', 'node-1:eth0', 'sanity');
    const file = readCapture(readFileSync(good.path));
    const pkts = file.packets.map((p) => ({ ifIndex: p.ifIndex, tsUs: p.tsUs, data: p.data.slice() }));
    const at = (pred: (r: Row) => boolean): number => good.rows.findIndex(pred);
    const arp = at((r) => get(r, 'arp.opcode')[0] === '2');
    const req = at((r) => r.has('http.request.method'));
    const icmp = at((r) => r.has('icmp.type'));
    const data = at((r) => Number(get(r, 'tcp.len')[0]) > 1000);
    expect([arp, req, icmp, data].every((i) => i >= 0) && arp < data && req < data && data < icmp, 'frames to break were found').toBe(true);
    pkts[arp].data = pkts[arp].data.slice(0, 30);
    pkts[req].data[14 + 20 + 16] ^= 0xff; // TCP checksum
    pkts[icmp].data[14 + 10] ^= 0xff; // IPv4 header checksum
    pkts.splice(data + 1, 0, { ...pkts[data], tsUs: pkts[data].tsUs + 1 }); // the same segment again
    const path = join(dir, 'broken.pcapng');
    writeFileSync(path, writePcapng({ interfaces: [{ linkType: file.interfaces[0].linkType, name: 'eth0' }], secrets: [], packets: pkts }));

    const rows = judge(path, join(dir, 'objects-broken')).rows;
    const list = problems(rows).join('\n');
    expect(list).toMatch(new RegExp(`^#${arp + 1}: _ws.malformed`, 'm'));
    expect(list).toMatch(new RegExp(`^#${req + 1}: .*expert error: Bad checksum.*tcp.checksum.status Bad`, 'm'));
    expect(list).toMatch(new RegExp(`^#${data + 2}: tcp.analysis.flags`, 'm'));
    expect(list).toMatch(new RegExp(`^#${icmp + 2}: .*ip.checksum.status Bad`, 'm'));
    const { issues } = checksumIssues(rows);
    expect(issues.join('\n')).toMatch(new RegExp(`#${req + 1}: tcp.checksum.status 0`));
    expect(issues.join('\n')).toMatch(new RegExp(`#${icmp + 2}: ip.checksum.status 0`));
  });
});
