/**
 * `wg` (wireguard-tools, wg(8)) on a node: `show [<interface>|all|interfaces] [<field>]`, `showconf <interface>`,
 * `pubkey` (a private key on stdin, its public key out), `help`. The devices are the node's WireGuard devices in
 * the engine (`cilium_wg0` or `wireguard.cali`); the tool only reads them. Changing them (`set`, `setconf`,
 * `addconf`, `syncconf`) belongs to the CNI agent here, and key generation needs randomness the lab does not
 * hand to terminal tools, so those are refused with a lab message.
 */
import { readAllStdin } from '../stdin';
import { x25519 } from '@noble/curves/ed25519.js';
import type { Command, CommandCtx, CommandResult } from '../types';
import { fromBase64, toBase64 } from '../../sim/base64';
import { prettyShow, showConf, showField, SHOW_FIELDS, type ShowField, type WgIface } from './wgFormat';
import { wgIfacesOn } from './wgState';

const USAGE = `Usage: wg <cmd> [<args>]

Available subcommands:
  show: Shows the current configuration and device information
  showconf: Shows the current configuration of a given WireGuard interface, for use with \`setconf'
  set: Change the current configuration, add peers, remove peers, or change peers
  setconf: Applies a configuration file to a WireGuard interface
  addconf: Appends a configuration file to a WireGuard interface
  syncconf: Synchronizes a configuration file to a WireGuard interface
  genkey: Generates a new private key and writes it to stdout
  genpsk: Generates a new preshared key and writes it to stdout
  pubkey: Reads a private key from stdin and writes a public key to stdout
You may pass \`--help' to any of these subcommands to view usage.
`;
const SHOW_USAGE = `Usage: wg show { <interface> | all | interfaces } [${SHOW_FIELDS.join(' | ')}]\n`;
const SUBCOMMANDS = ['show', 'showconf', 'set', 'setconf', 'addconf', 'syncconf', 'genkey', 'genpsk', 'pubkey'];
const CHANGES = ['set', 'setconf', 'addconf', 'syncconf'];
const HELP = ['help', '--help', '-h'];

function fail(ctx: CommandCtx, msg: string): number {
  ctx.err(msg);
  return 1;
}

/** The node's devices, or why there are none to show here. */
function devicesOf(ctx: CommandCtx): WgIface[] {
  return ctx.place.kind === 'node' ? wgIfacesOn(ctx.st, ctx.place.node) : [];
}

/** The one device named `name`, or the kernel's answer for a name that is not a WireGuard device. */
function lookup(ctx: CommandCtx, name: string): WgIface | string {
  const dev = devicesOf(ctx).find((d) => d.name === name);
  if (dev) return dev;
  const host = ctx.place.kind === 'node' ? ctx.st.hosts[ctx.place.node] : undefined;
  const exists = name === 'lo' || !!host?.ifaces.some((id) => ctx.st.ifaces[id]?.name === name);
  return `Unable to access interface: ${exists ? 'Operation not supported' : 'No such device'}\n`;
}

function show(args: string[], ctx: CommandCtx): number {
  if (args.length > 2 || (args.length && HELP.includes(args[0]))) return fail(ctx, SHOW_USAGE);
  const which = args[0] ?? 'all';
  const field = args[1];
  if (field !== undefined && !(SHOW_FIELDS as readonly string[]).includes(field)) return fail(ctx, SHOW_USAGE);
  if (which === 'interfaces') {
    if (field !== undefined) return fail(ctx, SHOW_USAGE);
    ctx.out(devicesOf(ctx).map((d) => `${d.name}\n`).join(''));
    return 0;
  }
  let ifaces: WgIface[];
  if (which === 'all') ifaces = devicesOf(ctx);
  else {
    const dev = lookup(ctx, which);
    if (typeof dev === 'string') return fail(ctx, dev);
    ifaces = [dev];
  }
  ctx.out(field === undefined ? prettyShow(ifaces, ctx.now) : showField(ifaces, field as ShowField, which === 'all'));
  return 0;
}

function showconf(args: string[], ctx: CommandCtx): number {
  if (args.length !== 1 || HELP.includes(args[0])) return fail(ctx, 'Usage: wg showconf <interface>\n');
  const dev = lookup(ctx, args[0]);
  if (typeof dev === 'string') return fail(ctx, dev);
  ctx.out(showConf(dev.device));
  return 0;
}

/** `wg pubkey`: the Curve25519 public key of the base64 private key on stdin. */
function pubkey(args: string[], ctx: CommandCtx): CommandResult {
  if (args.length) return fail(ctx, 'Usage: wg pubkey\n');
  return readAllStdin(ctx, (input) => {
    const t = input.trim();
    const key = t.length === 44 && t.endsWith('=') ? fromBase64(t) : undefined;
    if (!key || key.length !== 32) return fail(ctx, 'wg: Key is not the correct length or format\n');
    ctx.out(`${toBase64(x25519.getPublicKey(key))}\n`);
    return 0;
  });
}

export const wg: Command = {
  name: 'wg',
  summary: 'show the WireGuard devices of this node: keys, peers, handshakes, transfer (wireguard-tools)',
  man: `WG(8)

NAME
  wg - set and retrieve configuration of WireGuard interfaces (read-only in this lab)

SYNOPSIS
  wg [show [<interface> | all | interfaces] [public-key | private-key | listen-port | fwmark | peers |
     preshared-keys | endpoints | allowed-ips | latest-handshakes | persistent-keepalive | transfer | dump]]
  wg showconf <interface>
  wg pubkey < private.key

  Without a field, show prints each device and its peers for the terminal: private and preshared keys are
  (hidden), peers with the most recent handshake first. With a field, it prints that field for scripts (tabs and
  newlines; with all, the interface name first). dump prints every field: first the device (private key, public
  key, port, fwmark), then one line per peer (public key, preshared key, endpoint, allowed ips, latest handshake
  in Unix seconds, bytes received, bytes sent, persistent keepalive).
  On a Cilium node the device is cilium_wg0 (UDP 51871), on a Calico node wireguard.cali (UDP 51820); the CNI
  agent owns it, so set, setconf, addconf and syncconf are not available here.
`,
  where: 'node',
  run(argv, ctx) {
    const sub = argv[1];
    const args = argv.slice(2);
    if (sub === undefined) return show([], ctx);
    if (HELP.includes(sub)) return (ctx.out(USAGE), 0);
    switch (sub) {
      case 'show': return show(args, ctx);
      case 'showconf': return showconf(args, ctx);
      case 'pubkey': return pubkey(args, ctx);
      case 'genkey': case 'genpsk':
        return fail(ctx, `wg ${sub}: not available in this lab (the agents generate the node keys; see wg show ... private-key)\n`);
    }
    if (CHANGES.includes(sub)) return fail(ctx, `wg ${sub}: not available in this lab (the CNI agent manages the WireGuard devices)\n`);
    return fail(ctx, `Invalid subcommand: \`${sub}'\n${USAGE}`);
  },
  complete(argv, index, st, place) {
    const ifaces = place.kind === 'node' ? wgIfacesOn(st, place.node).map((d) => d.name) : [];
    if (index === 1) return SUBCOMMANDS;
    if (index === 2 && argv[1] === 'show') return [...ifaces, 'all', 'interfaces'];
    if (index === 2 && argv[1] === 'showconf') return ifaces;
    if (index === 3 && argv[1] === 'show' && argv[2] !== 'interfaces') return [...SHOW_FIELDS];
    return [];
  },
};
