/**
 * Thousands of random and mutated command lines, typed key by key into a shell with every registered command,
 * with the clock running: nothing throws, every failure is a message, and the shell always comes back to a prompt.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../sim/engine';
import { createRng, randomInt, randomPick } from '../sim/rng';
import { SECOND } from '../sim/clock';
import { ShellSession } from './session';
import { defaultRegistry } from './commands';

const SEEDS = [
  'kubectl get pods -A -o wide', 'tcpdump -nn -i eth0 -c 5 tcp port 8080', "curl -s http://backend.bank:8080/api/accounts | grep -c '\"id\"'",
  'ping -c 2 10.244.2.9', 'ip addr show eth0', 'ip route get 10.244.2.1', 'hubble observe --last 5', 'cilium-dbg status',
  'kubectl exec -it frontend -n web -- sh', 'echo "a|b" | grep -E "a|c" && echo ok || echo no; history',
  "cat <<'EOF' | wc -l\nx\ny\nEOF", 'man tcpdump', 'help', 'exit', "kubectl get pods -o jsonpath='{.items[*].status.podIP}'",
  'tcpdump -r cap.pcap -nn -X', 'tcpdump -w cap.pcap -c 3', 'head -n 3 < missing', 'echo x > f; cat f >> g; cat g 2>&1 | head',
];
const KEYS = ['\t', '\t\t', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x7f', '\x03', '\x04', '\x15', '\x17', '\x0c', '\x01', '\x05', '\x1b[3~', '\x1b[H', '\x1b[F', '\x1b[15~'];
const CHARS = ' \t|&;<>()$`\'"\\*?[]{}#=~!-/.:,@%^+0123456789abcdefghijklmnopqrstuvwxyzABCXYZéλ\u0000\u007f';

describe('shell fuzz', () => {
  it('random and mutated command lines never throw and always end at a prompt', () => {
    const r = createRng('shell-fuzz');
    const engine = Engine.create('plaintext', 'fuzz');
    let screen = '';
    const sh = new ShellSession(engine, { place: { kind: 'node', node: 'node-1' }, registry: defaultRegistry(), write: (t) => (screen += t) });
    sh.start();
    for (let i = 0; i < 3000; i++) {
      let line: string;
      const pick = randomInt(r, 0, 9);
      if (pick < 4) {
        // A known command line with a few characters changed, inserted or deleted.
        line = randomPick(r, SEEDS);
        for (let m = randomInt(r, 1, 4); m > 0; m--) {
          const at = randomInt(r, 0, line.length);
          const op = randomInt(r, 0, 2);
          const ch = CHARS[randomInt(r, 0, CHARS.length - 1)];
          line = op === 0 ? line.slice(0, at) + ch + line.slice(at + 1) : op === 1 ? line.slice(0, at) + ch + line.slice(at) : line.slice(0, at) + line.slice(at + 1);
        }
      } else if (pick < 7) {
        line = Array.from({ length: randomInt(r, 0, 40) }, () => CHARS[randomInt(r, 0, CHARS.length - 1)]).join('');
      } else {
        // Words that are real commands and flags, in random order.
        const words = randomPick(r, SEEDS).split(' ');
        line = Array.from({ length: randomInt(r, 1, 6) }, () => randomPick(r, words)).join(' ');
      }
      const keys = randomInt(r, 0, 4) === 0 ? randomPick(r, KEYS) : '';
      expect(() => {
        sh.key(keys + line + '\r');
        engine.runFor(randomInt(r, 0, 3) * SECOND);
        if (sh.busy) sh.key('\x03');
        if (sh.busy) engine.runToIdle(200_000);
      }, `line ${i}: ${JSON.stringify(line)}`).not.toThrow();
      expect(screen, `line ${i}: ${JSON.stringify(line)}`).not.toContain('internal error');
      expect(sh.busy, `line ${i} left the shell busy: ${JSON.stringify(line)}`).toBe(false);
      // Leave any pod the line entered, so most lines run on the node.
      if (sh.host !== 'node-1' && randomInt(r, 0, 1)) sh.type('exit');
      if (screen.length > 200_000) screen = screen.slice(-1000);
    }
  });
});
