/**
 * The network programs of the terminal, for the lead to register: `ip`, `curl`, `ping`, `hubble`, `cilium-dbg`, `wg`,
 * the CNIs' cluster CLIs `cilium` and `calicoctl`, the service meshes' `istioctl` and `linkerd`, and `openssl` for their certificates.
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
import { istioctl } from './istioctl';
import { linkerd } from './linkerd';
import { openssl } from './openssl';

export const PROGRAM_COMMANDS: Command[] = [ip, curl, ping, hubble, ciliumDbg, wg, cilium, calicoctl, istioctl, linkerd, openssl];
