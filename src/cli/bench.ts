/**
 * npm run -s bench [-- --json] [--quick] [--reps <n>]
 * Performance figures for the README and issue notes (figures come from here, never from timed test assertions):
 * the plaintext scenario run to idle (native and tunnel) and each encrypted scenario run to idle, the dissector over
 * every frame of every capture point, the pcapng export of node-1:eth0, Engine.snapshot()/restore(), and the
 * protocols' crypto next to the raw primitives (src/cli/benchCrypto.ts). Each figure: warmup runs, then `reps`
 * timed runs; median and min are reported.
 */
import { cpus } from 'node:os';
import { serialize } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { Engine } from '../sim/engine';
import type { Routing } from '../sim/state';
import { record, toPcapng } from '../capture/recorder';
import { dissect, type LinkType } from '../net/dissect/index';
import { parseFlags, UsageError } from './args';
import { benchCrypto, type CryptoBench } from './benchCrypto';

const USAGE = `usage: npm run -s bench -- [--json] [--quick] [--reps <n>]
  --json     print the figures as JSON instead of a table
  --quick    one repetition, no warmup (a smoke run: the figures are not meaningful)
  --reps n   timed repetitions per figure (default 40, after >= 10 warmup runs and 400 ms)`;

const SCENARIO = 'plaintext';
const ENCRYPTED = ['cilium-wireguard', 'calico-wireguard', 'cilium-ipsec', 'cilium-ipsec-pertunnel', 'istio-permissive', 'istio-strict', 'linkerd'];
const SEED = 'bench';
const PCAP_POINT = 'node-1:eth0';
/** Dissector passes over all frames per timed repetition, so one repetition lasts long enough to time. */
const DISSECT_PASSES = 4;
const WARMUP_MS = 400;

/** Times in ms: the median and the fastest repetition. */
export interface Stat {
  median: number;
  min: number;
}

/** Rates: the median and the best repetition's. */
export interface Rate {
  median: number;
  max: number;
}

export interface BenchResult {
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  scenario: string;
  seed: string;
  reps: number;
  warmup: number;
  run: Record<Routing, { wallMs: Stat; events: number; frames: number; eventsPerSec: Rate }>;
  /** The encrypted scenarios run to idle (native routing). */
  modes: Record<string, { wallMs: Stat; events: number; frames: number }>;
  crypto: CryptoBench;
  dissect: { points: number; frames: number; bytes: number; passMs: Stat; framesPerSec: Rate; mbPerSec: Rate };
  pcapng: { point: string; frames: number; bytes: number; writeMs: Stat };
  snapshot: {
    atEvent: number;
    /** JSON.stringify length with byte arrays as base64: a stable size of what a saved lab holds. */
    jsonChars: number;
    /** v8.serialize length: about what structuredClone/postMessage carry (varies by a few bytes with V8's string forms). */
    v8Bytes: number;
    snapshotMs: Stat;
    restoreMs: Stat;
  };
}

/**
 * Runs `fn` untimed at least `warmup` times and, when warming up at all, for at least WARMUP_MS (the JIT needs
 * hundreds of runs of a millisecond-long scenario), then `reps` times timed (ms each).
 */
function time(warmup: number, reps: number, fn: () => void): number[] {
  const until = performance.now() + (warmup > 0 ? WARMUP_MS : 0);
  for (let i = 0; i < warmup || performance.now() < until; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Four significant digits: enough for figures this noisy. */
const sig = (n: number): number => Number(n.toPrecision(4));

function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: sig(s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2), min: sig(s[0]) };
}

/** A rate from per-repetition times: the median rate from the median time, the best from the fastest. */
const rate = (amount: number, ms: Stat): Rate => ({ median: sig(amount / (ms.median / 1000)), max: sig(amount / (ms.min / 1000)) });

function countFrames(e: Engine): () => number {
  let n = 0;
  const off = e.events.on('frame', () => void n++);
  return () => {
    off();
    return n;
  };
}

async function bench(reps: number, warmup: number): Promise<BenchResult> {
  const run = {} as BenchResult['run'];
  for (const routing of ['native', 'tunnel'] as const) {
    let events = 0;
    let frames = 0;
    const ms = stat(time(warmup, reps, () => {
      const e = Engine.create(SCENARIO, SEED, { routing });
      const stop = countFrames(e);
      events = e.runToIdle();
      frames = stop();
    }));
    run[routing] = { wallMs: ms, events, frames, eventsPerSec: rate(events, ms) };
  }

  const modes: BenchResult['modes'] = {};
  for (const id of ENCRYPTED) {
    let events = 0, frames = 0;
    const ms = stat(time(warmup, reps, () => {
      const e = Engine.create(id, SEED);
      const stop = countFrames(e);
      events = e.runToIdle();
      frames = stop();
    }));
    modes[id] = { wallMs: ms, events, frames };
  }

  // every frame at every capture point, both routing modes (VXLAN included)
  const all: { frame: Uint8Array; linkType: LinkType }[] = [];
  let points = 0;
  for (const routing of ['native', 'tunnel'] as const) {
    const e = Engine.create(SCENARIO, SEED, { routing });
    points += Object.keys(e.st.ifaces).length;
    e.events.on('frame', (f) => void all.push({ frame: f.frame, linkType: f.linkType as LinkType }));
    e.runToIdle();
  }
  const bytes = all.reduce((n, f) => n + f.frame.length, 0);
  let sink = 0;
  const passMs = stat(time(warmup, reps, () => {
    for (let p = 0; p < DISSECT_PASSES; p++) for (const f of all) sink += dissect(f.frame, f.linkType).layers.length;
  }).map((ms) => ms / DISSECT_PASSES));
  if (sink === 0) throw new Error('the dissector returned nothing');
  const dissectResult = {
    points, frames: all.length, bytes, passMs, framesPerSec: rate(all.length, passMs),
    mbPerSec: rate(bytes / 1e6, passMs),
  };

  const e = Engine.create(SCENARIO, SEED);
  const rec = record(e, PCAP_POINT);
  e.runToIdle();
  rec.stop();
  let pcapBytes = 0;
  const writeMs = stat(time(warmup, reps, () => void (pcapBytes = toPcapng(rec).length)));

  // a snapshot mid-run: connections open, frames in flight, timers armed
  const total = Engine.create(SCENARIO, SEED).runToIdle();
  const mid = Engine.create(SCENARIO, SEED);
  mid.runToIdle(Math.floor(total / 2));
  let snap = mid.snapshot();
  const snapshotMs = stat(time(warmup, reps, () => void (snap = mid.snapshot())));
  const restoreMs = stat(time(warmup, reps, () => mid.restore(snap)));

  return {
    node: process.version, cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, platform: `${process.platform}-${process.arch}`,
    scenario: SCENARIO, seed: SEED, reps, warmup,
    run,
    modes,
    crypto: await benchCrypto(warmup ? 9 : 1, warmup ? 300 : 20),
    dissect: dissectResult,
    pcapng: { point: PCAP_POINT, frames: rec.frames.length, bytes: pcapBytes, writeMs },
    snapshot: {
      atEvent: mid.st.eventsProcessed, snapshotMs, restoreMs, v8Bytes: serialize(snap).length,
      jsonChars: JSON.stringify(snap, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)).length,
    },
  };
}

const fmt = (n: number): string => {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return Math.round(n).toLocaleString('en-US');
  if (n >= 100) return n.toFixed(0);
  if (n >= 1) return n.toFixed(2);
  return n.toFixed(3);
};

function table(r: BenchResult): string {
  const rows: [string, string, string, string][] = [];
  const timed = (what: string, s: Stat | Rate, unit: string) => rows.push([what, fmt(s.median), fmt('min' in s ? s.min : s.max), unit]);
  const fact = (what: string, v: number, unit: string) => rows.push([what, fmt(v), '', unit]);
  for (const m of ['native', 'tunnel'] as const) {
    const x = r.run[m];
    timed(`${r.scenario} ${m}: run to idle`, x.wallMs, 'ms');
    timed(`${r.scenario} ${m}: sim events/s`, x.eventsPerSec, 'events/s');
    fact(`${r.scenario} ${m}: events processed`, x.events, 'events');
    fact(`${r.scenario} ${m}: frames emitted`, x.frames, 'frames');
  }
  for (const [id, x] of Object.entries(r.modes)) {
    timed(`${id}: run to idle`, x.wallMs, 'ms');
    fact(`${id}: events / frames`, x.events, `events, ${x.frames} frames`);
  }
  const c = r.crypto;
  fact('WireGuard: full handshakes/s (Noise IKpsk2)', c.wireguard.handshakesPerSec, 'handshakes/s');
  fact(`WireGuard: transport packets/s (${c.payloadBytes} B, seal+open)`, c.wireguard.transportPacketsPerSec, 'packets/s');
  fact(`raw ChaCha20-Poly1305 (${c.payloadBytes} B, seal+open)`, c.wireguard.rawChachaPerSec, 'ops/s');
  fact(`ESP rfc4106 packets/s (${c.payloadBytes} B, encrypt+decrypt)`, c.esp.packetsPerSec, 'packets/s');
  fact(`raw AES-128-GCM, noble (${c.payloadBytes} B, seal+open)`, c.esp.rawNobleGcmPerSec, 'ops/s');
  fact(`raw AES-128-GCM, WebCrypto (${c.payloadBytes} B, awaited)`, c.esp.rawWebCryptoGcmPerSec, 'ops/s');
  fact('mTLS 1.3: full mutual handshakes/s (P-256, x25519)', c.mtls.handshakesPerSec, 'handshakes/s');
  fact(`mTLS 1.3: records/s (${c.payloadBytes} B, AES-128-GCM, seal+open)`, c.mtls.recordsPerSec, 'records/s');
  timed(`dissect: all ${r.dissect.frames} frames, ${r.dissect.points} points`, r.dissect.passMs, 'ms');
  timed('dissect: frames/s', r.dissect.framesPerSec, 'frames/s');
  timed('dissect: throughput', r.dissect.mbPerSec, 'MB/s');
  timed(`pcapng ${r.pcapng.point}: write`, r.pcapng.writeMs, 'ms');
  fact(`pcapng ${r.pcapng.point}: size`, r.pcapng.bytes, `bytes (${r.pcapng.frames} frames)`);
  timed('Engine.snapshot()', r.snapshot.snapshotMs, 'ms');
  timed('Engine.restore()', r.snapshot.restoreMs, 'ms');
  fact(`snapshot at event ${r.snapshot.atEvent}: JSON size`, r.snapshot.jsonChars, 'chars (bytes as base64)');
  fact(`snapshot at event ${r.snapshot.atEvent}: v8 serialize`, r.snapshot.v8Bytes, 'bytes');
  const head: [string, string, string, string] = ['figure', 'median', 'best', 'unit'];
  const w = [0, 1, 2, 3].map((i) => Math.max(...[head, ...rows].map((row) => row[i].length)));
  const line = (row: string[]) => `${row[0].padEnd(w[0])}  ${row[1].padStart(w[1])}  ${row[2].padStart(w[2])}  ${row[3]}`.trimEnd();
  return [
    `podlock bench: Node ${r.node}, ${r.cpu} (${r.cores} cores, ${r.platform})`,
    `scenario ${r.scenario}, seed '${r.seed}', ${r.reps} timed repetitions after ${r.warmup ? `>= ${r.warmup} runs and ${WARMUP_MS} ms of` : 'no'} warmup; best = min time / max rate`,
    '',
    line(head),
    line(w.map((n) => '-'.repeat(n))),
    ...rows.map(line),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  try {
    const { flags, rest } = parseFlags(argv, { json: 'bool', quick: 'bool', reps: 'value', help: 'bool' });
    if (flags.help) {
      console.log(USAGE);
      return 0;
    }
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    if (flags.quick && flags.reps) throw new UsageError('--quick and --reps do not go together');
    let reps = 40;
    if (flags.reps) {
      reps = Number(flags.reps);
      if (!Number.isInteger(reps) || reps < 1 || reps > 1000) throw new UsageError(`--reps must be an integer from 1 to 1000, not '${flags.reps}'`);
    }
    if (flags.quick) reps = 1;
    const r = await bench(reps, flags.quick ? 0 : 10);
    console.log(flags.json ? JSON.stringify(r, null, 2) : table(r));
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`bench: ${msg}`);
    if (e instanceof UsageError) {
      console.error(USAGE);
      return 2;
    }
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
