/**
 * Fuzz: thousands of random and mutated filter expressions (seeded, so every run is the same), compiled for each
 * link type and run on the zoo and on random bytes. Nothing may throw; every refusal is one line of tcpdump's
 * form. Then the extremes: nesting and chains far past anything typed by hand.
 */
import { describe, expect, it } from 'vitest';
import { LinkType } from '../../net/dissect/tree';
import { createRng, randomBytes, randomInt } from '../../sim/rng';
import { compileFilter } from './filter';
import { zoo } from './filterFrames.test-helper';
import { expressions } from './filterGenerate.test-helper';

const LINKS = [LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL2];

describe('filter fuzz', () => {
  it('3000 generated and mutated expressions: a filter or a message, never an exception', () => {
    const exprs = expressions('filter-fuzz', 3000, 50);
    const r = createRng('filter-fuzz-frames');
    const junk = Array.from({ length: 20 }, () => ({ data: randomBytes(r, randomInt(r, 0, 90)), wireLength: randomInt(r, 0, 2000) }));
    const outcomes = { ok: 0, refused: 0 };
    for (const linkType of LINKS) {
      const frames = [...zoo(linkType), ...junk];
      for (const e of exprs) {
        const f = compileFilter(e, linkType, { savefile: linkType !== LinkType.ETHERNET });
        if (!f.ok) {
          expect(f.message).toMatch(/^tcpdump: [^\n]+$/);
          expect(f.message).not.toMatch(/internal error/);
          outcomes.refused++;
          continue;
        }
        outcomes.ok++;
        for (const fr of frames) expect(typeof f.match(fr)).toBe('boolean');
      }
    }
    // the generator must exercise both sides
    expect(outcomes.ok).toBeGreaterThan(2000);
    expect(outcomes.refused).toBeGreaterThan(2000);
  });

  it('random characters and tokens', () => {
    const r = createRng('filter-fuzz-chars');
    const alphabet = 'tcpudhosrnet0123456789abcdef.:/-[]()&|!=<>+*%^\\ $"\'#@~\t\né';
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = randomInt(r, 0, 40); n > 0; n--) s += alphabet[randomInt(r, 0, alphabet.length - 1)];
      const f = compileFilter(s, LINKS[i % 3]);
      if (!f.ok) expect(f.message).toMatch(/^tcpdump: /);
    }
  });

  it('deep nesting and long chains end in a message or a filter, not a crash', () => {
    const deep = compileFilter(`${'('.repeat(20000)}tcp${')'.repeat(20000)}`, LinkType.ETHERNET);
    expect(deep.ok || deep.message).toBeTruthy();
    const nots = compileFilter(`${'not '.repeat(20000)}tcp`, LinkType.ETHERNET);
    expect(nots.ok || nots.message).toBeTruthy();
    const chain = compileFilter(Array.from({ length: 3000 }, (_, i) => `port ${i}`).join(' or '), LinkType.ETHERNET);
    expect(chain.ok).toBe(true);
    if (chain.ok) expect(zoo(LinkType.ETHERNET).filter((z) => chain.match(z)).length).toBeGreaterThan(0);
  });
});
