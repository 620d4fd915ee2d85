/**
 * Small formatters kubectl uses everywhere: AGE (apimachinery's `duration.HumanDuration`), Go's RFC1123Z time,
 * label sets, and stable fake identifiers (uids, container ids) derived from names by hashing, so they are the same
 * on every run with the same seed and never consume the engine's random generator.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../../net/bytes';
import { SECOND, toCivil } from '../../sim/clock';

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(us: number): string {
  const seconds = Math.trunc(us / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in UTC: `Mon, 02 Mar 2026 09:00:00 +0000`. */
export function rfc1123z(us: number): string {
  const c = toCivil(us);
  return `${DAYS[c.weekday]}, ${p2(c.day)} ${MONTHS[c.month - 1]} ${c.year} ${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)} +0000`;
}

/** Go's RFC3339Nano as kubectl logs --timestamps prints it: `2026-03-02T09:00:01.412305000Z`. */
export function rfc3339Nano(us: number): string {
  const c = toCivil(us);
  return `${c.year}-${p2(c.month)}-${p2(c.day)}T${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}.${String(c.micro).padStart(6, '0')}000Z`;
}

/** `labels.FormatLabels`: sorted `k=v` joined by commas, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

function hashBytes(text: string): Uint8Array {
  return sha256(utf8(`podlock-kubectl:${text}`));
}

export function stableHex(text: string, chars: number): string {
  let s = '';
  for (let i = 0; s.length < chars; i++) {
    s += [...hashBytes(`${text}#${i}`)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return s.slice(0, chars);
}

/** A version-4-shaped UUID derived from `text`. */
export function stableUuid(text: string): string {
  const h = stableHex(text, 32).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16], 16) & 3];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A number in [lo, hi] derived from `text`. */
export function stableInt(text: string, lo: number, hi: number): number {
  const b = hashBytes(text);
  const v = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  return lo + (v % (hi - lo + 1));
}

/** The 5-character suffix Kubernetes' name generator uses (`kube-api-access-8c8gr`). */
export function stableSuffix(text: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...hashBytes(text).slice(0, 5)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Parses the RFC 3339 times the API objects carry (`2026-03-02T09:00:00Z`, optional fraction) back to µs. */
export function parseIsoUs(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) return undefined;
  const [y0, mo, d, h, mi, se] = m.slice(1, 7).map(Number);
  const y = mo <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  const frac = m[7] ? Math.floor(Number(m[7].padEnd(9, '0')) / 1000) : 0;
  return ((days * 86400 + h * 3600 + mi * 60 + se) * SECOND) + frac;
}
