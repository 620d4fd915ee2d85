/**
 * The engine: builds a lab from (scenario, seed), runs its discrete-event loop on the virtual clock, applies
 * outside inputs (logged with the step they arrived at, so a run replays exactly) and takes or restores snapshots
 * of the whole state. Synchronous and deterministic: the same scenario, seed and input log give the same bytes.
 */
import { Sim } from './sim';
import type { SimEvent, SimState, Routing } from './state';
import type { Input, InputRecord } from './inputs';
import { isObjectInput, validateInput } from './inputs';
import { applyObjectInput, refOf, type ObjectInput } from './objects';
import { installScenario } from './scenarioSetup';
import { configuresEncryption } from '../datapath/encryptionConfig';
import { reconcileEncryption, RECONCILE_TIMER, scheduleReconcile } from '../datapath/encryption';
import { wireguardTimer } from '../datapath/wireguard';
import { ipsecReinject, retireKey } from '../datapath/ipsec';
import { ipsecAgent } from '../datapath/ipsecAgent';
import { renewCertificate, restartPod } from '../datapath/mesh';
import { createQueue, pop, peek, takeTimer } from './scheduler';
import { createRng } from './rng';
import { EPOCH_US } from './clock';
import { defaultCluster } from './defaultCluster';
import { buildTopology, applyRouting } from './topology';
import { scenarioInfo, scenarioScript } from './scenarios';
import { receiveFrame, arpTimer } from '../net/host';
import { tap, transmit } from '../net/link';
import { timer as tcpTimer } from '../net/tcp/conn';
import { appEvent } from '../net/apps/app';
import { execProgram, signalJob } from '../net/apps/exec';
import { startHttpApi } from '../net/apps/httpApi';
import { podKey } from './cluster';
import { observeFlows } from '../datapath/flowLog';

export interface EngineOptions {
  routing?: Routing;
}

/** Timers that recur for as long as the lab exists and do not make it busy. */
const BACKGROUND_TIMERS = ['mesh-renew:'];

/** 1500 less the largest encapsulation a mode adds (WireGuard 80 + VXLAN 50): one pod MTU for every mode. */
export const POD_MTU = 1370;

export class Engine extends Sim {
  static create(scenario: string, seed: string | number, opts: EngineOptions = {}): Engine {
    const info = scenarioInfo(scenario);
    const rng = createRng(seed);
    const cluster = defaultCluster(rng);
    const st: SimState = {
      version: 1, scenario: info.id, seed: String(seed), now: EPOCH_US, queue: createQueue<SimEvent>(), rng,
      config: { routing: opts.routing ?? 'native', cni: info.cni, podMtu: POD_MTU, underlayMtu: 1500 },
      cluster, hosts: {}, ifaces: {}, conns: {}, apps: {}, nat: {}, linkBusyUntil: {}, inputLog: [],
      nextId: 1, nextTrace: 1, eventsProcessed: 0,
    };
    const e = new Engine(st);
    observeFlows(e);
    buildTopology(e);
    for (const p of cluster.pods) if (p.app.kind === 'http-api') startHttpApi(e, podKey(p), p.app.port);
    installScenario(e, info);
    for (const s of scenarioScript(info.id, cluster)) e.schedule(s.after, { k: 'input', input: s.input, logged: false });
    return e;
  }

  /** Rebuilds a run from its description: scenario, seed, options and the input log. */
  static replay(scenario: string, seed: string | number, inputs: InputRecord[], opts: EngineOptions = {}): Engine {
    const e = Engine.create(scenario, seed, opts);
    for (const rec of inputs) {
      while (e.st.eventsProcessed < rec.step && e.step());
      e.st.now = Math.max(e.st.now, rec.at);
      e.input(rec.input);
    }
    return e;
  }

  /** Applies an outside input at the current time and logs it. Returns an error message for bad input (nothing changes). */
  input(input: Input): string | null {
    const err = validateInput(input);
    if (err) return err;
    if (input.kind === 'set-routing' && input.routing === 'tunnel' && this.st.ipsec) {
      return 'set-routing: this lab runs Cilium IPsec in native routing only (turn IPsec off first)';
    }
    const copy = structuredClone(input);
    this.st.inputLog.push({ at: this.st.now, step: this.st.eventsProcessed, input: copy });
    if (isObjectInput(copy)) {
      // An API call: done before kubectl prints its answer. Replay applies it at the same step, so it stays exact.
      this.emit('input', { t: this.now, input: copy });
      this.applyObject(copy);
    } else this.schedule(0, { k: 'input', input: copy, logged: true });
    return null;
  }

  /** Processes the next event. False when nothing is scheduled. */
  step(): boolean {
    const item = pop(this.st.queue);
    if (!item) return false;
    this.st.now = item.at;
    this.st.eventsProcessed++;
    this.dispatch(item.ev, item.seq);
    return true;
  }

  /** Processes every event up to and including time `t`, then sets the clock to `t`. */
  runUntil(t: number): void {
    for (let next = peek(this.st.queue); next && next.at <= t; next = peek(this.st.queue)) this.step();
    if (t > this.st.now) this.st.now = t;
  }

  runFor(us: number): void {
    this.runUntil(this.st.now + us);
  }

  /**
   * Runs until nothing is left to do (or `maxEvents` were processed): background timers alone (a mesh's certificate
   * renewal every 12 hours) do not keep the lab busy. Returns the number of events processed.
   */
  runToIdle(maxEvents = 1_000_000): number {
    let n = 0;
    while (n < maxEvents && this.nextEventAt() !== undefined && this.step()) n++;
    return n;
  }

  /** When the next event that does something happens: background and cancelled timers do not count. */
  nextEventAt(): number | undefined {
    const q = this.st.queue;
    const next = peek(q);
    if (!next || !this.idleEvent(next.ev, next.seq)) return next?.at;
    let at: number | undefined;
    for (const item of q.heap) if (!this.idleEvent(item.ev, item.seq) && (at === undefined || item.at < at)) at = item.at;
    return at;
  }

  private idleEvent(ev: SimEvent, seq: number): boolean {
    return ev.k === 'timer' && (this.st.queue.timers[ev.key] !== seq || BACKGROUND_TIMERS.some((p) => ev.key.startsWith(p)));
  }

  snapshot(): SimState {
    return structuredClone(this.st);
  }

  restore(snap: SimState): void {
    this.st = structuredClone(snap);
  }

  private dispatch(ev: SimEvent, seq: number): void {
    switch (ev.k) {
      case 'deliver': {
        const iface = this.st.ifaces[ev.iface];
        if (!iface) return;
        // A loopback packet is captured once, on its way out (as tcpdump -i lo shows it), not again on arrival.
        if (iface.link.kind !== 'loopback') tap(this, iface, 'in', ev.frame, ev.trace);
        return receiveFrame(this, ev.iface, ev.frame, ev.trace);
      }
      case 'xmit':
        return transmit(this, ev.iface, ev.frame, ev.trace);
      case 'reinject':
        return ipsecReinject(this, ev.iface, ev.pkt, ev.trace);
      case 'timer':
        if (takeTimer(this.st.queue, ev.key, seq)) this.fire(ev.key);
        return;
      case 'input':
        this.emit('input', { t: this.now, input: ev.input });
        return this.apply(ev.input);
    }
  }

  private fire(key: string): void {
    const [kind, id, tag] = key.split(':');
    if (kind.startsWith('tcp-')) tcpTimer(this, kind.slice(4), id);
    else if (kind === 'wg') wireguardTimer(this, id, key.slice(kind.length + id.length + 2));
    else if (key === RECONCILE_TIMER) reconcileEncryption(this);
    else if (kind === 'ipsec-agent') ipsecAgent(this, id);
    else if (kind === 'mesh-renew') renewCertificate(this, id);
    else if (kind === 'ipsec') retireKey(this, id, Number(tag));
    else if (kind === 'app') appEvent(this, id, { type: 'wake', tag: key.slice(kind.length + id.length + 2) });
    else if (kind === 'arp') arpTimer(this, id, Number(key.slice(key.lastIndexOf(':') + 1)));
    void tag;
  }

  private apply(input: Input): void {
    switch (input.kind) {
      case 'exec':
        return execProgram(this, input.target, input.argv, input.job);
      case 'signal':
        return signalJob(this, input.job, input.signal);
      case 'restart-pod': {
        const pod = this.st.cluster.pods.find((p) => podKey(p) === input.target);
        return pod ? restartPod(this, pod) : undefined;
      }
      case 'set-routing':
        this.st.config.routing = input.routing;
        return applyRouting(this);
      default:
        return this.applyObject(input);
    }
  }

  /** An API change; the node agents react to the ones that configure encryption. */
  private applyObject(input: ObjectInput): void {
    applyObjectInput(this, input);
    const ref = input.kind === 'apply' ? refOf(input.object) : input;
    if (configuresEncryption(ref)) scheduleReconcile(this);
  }
}
