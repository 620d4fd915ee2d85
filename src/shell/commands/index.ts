/** Every command of the lab's terminal, in one registry (each protocol issue adds its tools here). */
import { Registry } from '../registry';
import { TEXT_COMMANDS } from './textFilters';
import { PROGRAM_COMMANDS } from './programs';
import { kubectl } from './kubectl';
import { tcpdump } from './tcpdump';
import { base64 } from './base64';
import { jq } from './jq';

export function defaultRegistry(): Registry {
  return new Registry([...TEXT_COMMANDS, ...PROGRAM_COMMANDS, kubectl, tcpdump, base64, jq]);
}
