/**
 * The network programs of the terminal, for the lead to register: `ip`, `curl`, `ping`, `hubble`, `cilium-dbg`, `wg`,
 * and the CNIs' cluster CLIs `cilium` and `calicoctl`.
 */
import type { Command } from '../types';
import { ip } from './ip';
import { curl } from './curl';
import { ping } from './ping';
import { hubble } from './hubble';
import { ciliumDbg } from './ciliumDbg';
import { wg } from './wg';
import { cilium } from './cilium';
import { calicoctl } from './calicoctl';

export const PROGRAM_COMMANDS: Command[] = [ip, curl, ping, hubble, ciliumDbg, wg, cilium, calicoctl];
