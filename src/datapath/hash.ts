/** FNV-1a over 32-bit words: a stable, non-cryptographic hash for flow-based choices (backend pick, VXLAN source port). */
export function fnv1a(words: number[]): number {
  let h = 0x811c9dc5;
  for (const w of words) {
    for (let i = 0; i < 4; i++) {
      h ^= (w >>> (i * 8)) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}
