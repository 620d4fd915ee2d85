/**
 * Test support for the service-mesh commands: a mesh lab run past its scripted traffic, and a headless shell that
 * runs a whole command line (pipes, redirections) at a place, as the terminal would.
 */
import { Engine } from '../../sim/engine';
import { SECOND } from '../../sim/clock';
import { ShellSession } from '../session';
import type { Place } from '../types';
import { defaultRegistry } from './index';

/** A mesh scenario after `seconds` of virtual time (the scripted requests are over after about 3 s). */
export function meshLab(scenario: 'istio-strict' | 'istio-permissive' | 'linkerd', seconds = 5, seed = 7): Engine {
  const e = Engine.create(scenario, seed);
  e.runFor(seconds * SECOND);
  return e;
}

/** Runs a command line through the shell at `place` until it ends (at most `maxUs` of virtual time). */
export function line(e: Engine, text: string, place: Place = { kind: 'node', node: 'node-1' }, maxUs = 30 * SECOND): { out: string; err: string; code: number } {
  let out = '', err = '';
  const sh = new ShellSession(e, {
    place, registry: defaultRegistry(), headless: true, name: 'test',
    write: (t) => (out += t), writeErr: (t) => (err += t),
  });
  sh.runLine(text);
  const limit = e.now + maxUs;
  while (sh.busy && e.now <= limit && e.step());
  if (sh.busy) sh.interrupt();
  return { out, err, code: sh.exitCode };
}
