/** Every scenario the engine knows is offered by the mode switcher, once, in the engine's order. */
import { describe, expect, it } from 'vitest';
import { MODES, modeOf } from './modes';
import { SCENARIO_IDS } from '../../sim/scenarios';

describe('modes', () => {
  it('names every scenario once, in order', () => {
    expect(MODES.map((m) => m.id)).toEqual([...SCENARIO_IDS]);
    expect(new Set(MODES.map((m) => m.name)).size).toBe(MODES.length);
    expect(modeOf('istio-strict')?.name).toBe('Istio strict');
    expect(modeOf('plaintext')).toMatchObject({ name: 'None', encrypted: false });
    expect(modeOf('nope')).toBeUndefined();
  });
});
