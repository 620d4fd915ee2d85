/**
 * The bank API's data: accounts and their transactions, generated from the seeded RNG when a request arrives
 * (so each seed serves different but reproducible JSON). A transactions response spans several TCP segments.
 */
import type { Sim } from '../../sim/sim';
import { fmtIso, DAY, MINUTE } from '../../sim/clock';

const OWNERS = ['Camille Martin', 'Lucas Bernard', 'Léa Dubois', 'Hugo Thomas', 'Chloé Robert', 'Louis Richard', 'Emma Petit', 'Jules Durand'];
const MERCHANTS = ['Boulangerie Paul', 'SNCF Connect', 'Monoprix', 'Free Mobile', 'EDF', 'Decathlon', 'Fnac', 'Pharmacie du Centre', 'Uber', 'Spotify', 'Carrefour City', 'Leroy Merlin'];
const CATEGORIES = ['groceries', 'transport', 'utilities', 'leisure', 'health', 'shopping', 'subscriptions'];

function iban(sim: Sim): string {
  let digits = '';
  for (let i = 0; i < 23; i++) digits += String(sim.rand(0, 9));
  return `FR76${digits}`;
}

const amount = (cents: number): number => Math.round(cents) / 100;

export function account(sim: Sim, id: number): Record<string, unknown> {
  return {
    id,
    owner: OWNERS[id % OWNERS.length],
    iban: iban(sim),
    currency: 'EUR',
    balance: amount(sim.rand(20_000, 2_500_000)),
    status: 'active',
  };
}

export function transactions(sim: Sim, accountId: number, count: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let at = sim.now - 30 * DAY;
  for (let i = 0; i < count; i++) {
    at += sim.rand(30, 1200) * MINUTE;
    const debit = sim.rand(0, 9) < 8;
    out.push({
      id: `tx-${accountId}-${String(1000 + i)}`,
      date: fmtIso(Math.min(at, sim.now - MINUTE)),
      type: debit ? 'debit' : 'credit',
      amount: amount(debit ? -sim.rand(150, 25_000) : sim.rand(5_000, 320_000)),
      counterparty: debit ? MERCHANTS[sim.rand(0, MERCHANTS.length - 1)] : 'Virement SEPA',
      category: debit ? CATEGORIES[sim.rand(0, CATEGORIES.length - 1)] : 'income',
      reference: `REF${sim.rand(100000, 999999)}`,
    });
  }
  return out;
}

/** Routes a request path to a JSON document, or null for 404. */
export function bankApi(sim: Sim, path: string): unknown | null {
  const clean = path.split('?')[0].replace(/\/+$/, '') || '/';
  if (clean === '/healthz') return { status: 'ok' };
  if (clean === '/api/accounts') return { accounts: [1001, 1042, 1337, 2024].map((id) => account(sim, id)) };
  const m = /^\/api\/accounts\/(\d{1,9})(\/transactions)?$/.exec(clean);
  if (!m) return null;
  const id = Number(m[1]);
  if (!m[2]) return account(sim, id);
  return { account: account(sim, id), transactions: transactions(sim, id, 24) };
}
