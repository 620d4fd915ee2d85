/**
 * npm run -s capture -- --scenario <id> --seed <n> --out <file.pcapng> [--point node-1:eth0] [--routing native|tunnel]
 * Runs a scenario headless and writes the capture of one point. WireGuard and TLS key logs go inside the pcapng
 * (Decryption Secrets Blocks); for IPsec, `<file>.esp_sa` gets one tshark `uat:esp_sa` line per xfrm state.
 */
import { writeFileSync } from 'node:fs';
import { captureScenario, DEFAULT_POINT } from '../capture/run';
import { SCENARIO_IDS } from '../sim/scenarios';
import { parseFlags, UsageError } from './args';

const USAGE = `usage: npm run -s capture -- --scenario <id> --seed <n> --out <file.pcapng> [--point <node>:<iface>|<ns>/<pod>:<iface>] [--routing native|tunnel]
  scenarios: ${SCENARIO_IDS.join(', ')}
  default point: ${DEFAULT_POINT}`;

function main(argv: string[]): number {
  try {
    const { flags, rest } = parseFlags(argv, { scenario: 'value', seed: 'value', out: 'value', point: 'value', routing: 'value', help: 'bool' });
    if (flags.help) {
      console.log(USAGE);
      return 0;
    }
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    for (const f of ['scenario', 'seed', 'out']) if (!flags[f]) throw new UsageError(`missing --${f}`);
    if (flags.routing && flags.routing !== 'native' && flags.routing !== 'tunnel') throw new UsageError(`--routing must be native or tunnel, not '${flags.routing}'`);
    const { pcapng, frames, engine } = captureScenario({
      scenario: flags.scenario, seed: flags.seed, point: flags.point, routing: flags.routing as 'native' | 'tunnel' | undefined,
    });
    writeFileSync(flags.out, pcapng);
    console.error(`capture: ${frames} packets at ${flags.point ?? DEFAULT_POINT} written to ${flags.out}`);
    const sas = engine.st.keylog?.esp ?? [];
    if (sas.length) {
      writeFileSync(`${flags.out}.esp_sa`, sas.map((l) => `${l}\n`).join(''));
      console.error(`capture: ${sas.length} ESP SAs written to ${flags.out}.esp_sa (tshark: -o esp.enable_encryption_decode:TRUE -o 'uat:esp_sa:<line>' per line)`);
    }
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`capture: ${msg}`);
    if (e instanceof UsageError) console.error(USAGE);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
