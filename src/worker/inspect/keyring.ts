/**
 * What the inspector needs to open WireGuard packets after the fact, gathered while the lab runs: every transport
 * keypair the nodes' devices derive (copied when its `keypair-*` crypto event fires, because a device zeroes its
 * keys once they expire, WireGuard whitepaper §6.3 Reject-After-Time × 3), and the Noise trace (chaining key C and
 * hash H after each token) of every handshake message the crypto events report.
 *
 * Keys live here, beside the engine rather than in its state: they are a copy of what the devices held, kept for the
 * learner, the way Wireshark keeps what a key log taught it.
 */
import type { Sim } from '../../sim/sim';
import type { CryptoEvent } from '../../sim/events';
import type { WgKeypair } from '../../crypto/wireguard';

/** One side's view of a WireGuard session: the device's keypair fields, plus which nodes it joins. */
export type WgSession = Pick<WgKeypair, 'localIndex' | 'remoteIndex' | 'sendKey' | 'recvKey' | 'created' | 'isInitiator'> & {
  node: string;
  /** The node at the other end (from the peer's public key), when the lab knows it. */
  peerNode?: string;
};

export type HandshakeRecord = Pick<CryptoEvent, 't' | 'host' | 'what' | 'peer' | 'steps'>;

const allZero = (b: Uint8Array) => b.every((x) => x === 0);

export class WgKeyring {
  readonly sessions: WgSession[] = [];
  readonly handshakes: HandshakeRecord[] = [];
  private seen = new Set<string>();

  /** Starts listening to a freshly created engine; returns the unsubscribe function. */
  attach(sim: Sim): () => void {
    return sim.events.on('crypto', (e) => {
      if (e.protocol !== 'wireguard') return;
      if (e.steps.length > 0) this.handshakes.push({ t: e.t, host: e.host, what: e.what, peer: e.peer, steps: e.steps });
      this.harvest(sim, e.host);
    });
  }

  /** Copies every live keypair of `node`'s device not seen yet. */
  private harvest(sim: Sim, node: string): void {
    const dev = sim.st.wg?.[node]?.device;
    if (!dev) return;
    for (const peer of dev.peers) {
      if (peer.removed) continue;
      const peerNode = Object.entries(sim.st.wg ?? {}).find(([, w]) => equal(w.device.publicKey, peer.publicKey))?.[0];
      for (const kp of [peer.previous, peer.current, peer.next]) if (kp) this.add(node, peerNode, kp);
    }
  }

  private add(node: string, peerNode: string | undefined, kp: WgKeypair): void {
    const key = `${node}/${kp.localIndex}/${kp.created}`;
    if (this.seen.has(key) || allZero(kp.sendKey)) return;
    this.seen.add(key);
    this.sessions.push({ node, peerNode, localIndex: kp.localIndex, remoteIndex: kp.remoteIndex, sendKey: kp.sendKey.slice(),
      recvKey: kp.recvKey.slice(), created: kp.created, isInitiator: kp.isInitiator });
  }

  /**
   * Sessions that can open a transport message sent to `receiverIndex`: the receiver's own (its receiving key),
   * then the sender's (whose sending key is the same key).
   */
  candidates(receiverIndex: number): { session: WgSession; key: Uint8Array; side: 'receiver' | 'sender' }[] {
    return [
      ...this.sessions.filter((s) => s.localIndex === receiverIndex).map((session) => ({ session, key: session.recvKey, side: 'receiver' as const })),
      ...this.sessions.filter((s) => s.remoteIndex === receiverIndex).map((session) => ({ session, key: session.sendKey, side: 'sender' as const })),
    ];
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
