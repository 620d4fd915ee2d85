/** Standard base64 (RFC 4648 §4, padded) for the engine, which has neither btoa nor Buffer. */
const ABC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += ABC[n >> 18] + ABC[(n >> 12) & 63] + (i + 1 < b.length ? ABC[(n >> 6) & 63] : '=') + (i + 2 < b.length ? ABC[n & 63] : '=');
  }
  return s;
}

/** Decodes base64 (padding optional); undefined when the text is not base64. */
export function fromBase64(s: string): Uint8Array | undefined {
  const t = s.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(t) || t.length % 4 === 1) return undefined;
  const out: number[] = [];
  let acc = 0, bits = 0;
  for (const c of t) {
    acc = (acc << 6) | ABC.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

export const textToBase64 = (t: string): string => toBase64(new TextEncoder().encode(t));
