/**
 * Alerts (RFC 8446 §6): AlertDescription code points, the two-byte Alert body, and the error a handshake step
 * throws to end the connection with a specific alert and a human-readable reason. In TLS 1.3 every alert except
 * close_notify and user_canceled is fatal whatever its level (§6.2); we send those two as warning (1), the rest as
 * fatal (2).
 */

export const ALERT_CODES = {
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  record_overflow: 22,
  handshake_failure: 40,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_revoked: 44,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  access_denied: 49,
  decode_error: 50,
  decrypt_error: 51,
  protocol_version: 70,
  insufficient_security: 71,
  internal_error: 80,
  inappropriate_fallback: 86,
  user_canceled: 90,
  missing_extension: 109,
  unsupported_extension: 110,
  unrecognized_name: 112,
  bad_certificate_status_response: 113,
  unknown_psk_identity: 115,
  certificate_required: 116,
  no_application_protocol: 120,
} as const;

export type AlertName = keyof typeof ALERT_CODES;
export type AlertLevel = 'warning' | 'fatal';

export function alertName(code: number): string {
  for (const [name, c] of Object.entries(ALERT_CODES)) if (c === code) return name;
  return `unknown(${code})`;
}

export function alertLevelFor(name: AlertName): AlertLevel {
  return name === 'close_notify' || name === 'user_canceled' ? 'warning' : 'fatal';
}

/** struct { AlertLevel level; AlertDescription description; } Alert; — warning(1), fatal(2). */
export function encodeAlert(name: AlertName): Uint8Array {
  return new Uint8Array([alertLevelFor(name) === 'warning' ? 1 : 2, ALERT_CODES[name]]);
}

/** Thrown by any step that must end the connection; the connection turns it into an alert record and events. */
export class TlsAlertError extends Error {
  override name = 'TlsAlertError';
  constructor(readonly alert: AlertName, readonly reason: string) {
    super(reason);
  }
}
