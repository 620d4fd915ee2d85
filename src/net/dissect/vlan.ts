/**
 * IEEE 802.1Q VLAN tag (IEEE Std 802.1Q-2018 §9.6): priority (PCP), drop eligible (DEI), VLAN ID, then the inner
 * Ethertype, dispatched like Ethernet's. Padding and trailer stay with the Ethernet layer.
 */
import { u16 } from '../bytes';
import { bits, clip, dissectData, field, hex, view, type Dissector } from './context';
import { ethertypeName } from './ethernet';
import { dispatchEthertype } from './registry';

const PRIORITIES = [
  'Best Effort (default)', 'Background', 'Excellent Effort', 'Critical Applications', 'Video, < 100ms latency and jitter',
  'Voice, < 10ms latency and jitter', 'Internetwork Control', 'Network Control',
];

export const dissectVlan: Dissector = (ctx, start, end) => {
  const { b, short } = view(ctx.frame, start, end, 4);
  const tci = u16(b, start);
  const pri = tci >> 13;
  const dei = (tci >> 12) & 1;
  const id = tci & 0xfff;
  const type = u16(b, start + 2);
  const layer = field('vlan', `802.1Q Virtual LAN, PRI: ${pri}, DEI: ${dei}, ID: ${id}`, start, 4, undefined, [
    field('vlan.priority', `${bits(tci, 0xe000, 16)}Priority: ${PRIORITIES[pri]} (${pri})`, start, 2, pri),
    field('vlan.dei', `${bits(tci, 0x1000, 16)}DEI: ${dei ? 'Eligible' : 'Ineligible'}`, start, 2, dei),
    field('vlan.id', `${bits(tci, 0x0fff, 16)}ID: ${id}`, start, 2, id),
    field('vlan.etype', `Type: ${ethertypeName(type)} (${hex(type, 4)})`, start + 2, 2, type),
  ]);
  ctx.layers.push(layer);
  ctx.summary.protocol = 'VLAN';
  if (short) {
    clip(ctx, layer, end);
    return;
  }
  const used = dispatchEthertype(type, ctx, start + 4, end);
  if (used === undefined) {
    dissectData(ctx, start + 4, end);
    return;
  }
  return 4 + used;
};
