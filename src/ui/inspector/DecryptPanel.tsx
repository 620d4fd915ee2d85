/**
 * The "Decrypt with the lab's keys" switch for WireGuard and ESP frames, what decrypting found (one sentence, with
 * an open or closed lock drawn and said in words), and the protocol trace the worker computed: ESP's SPI, sequence
 * number, key, salt, IV, nonce, AAD and ICV; WireGuard's receiver index, counter, nonce and keypair, or a
 * handshake's Noise C and H after each token. Long hex values wrap; each value can be selected and copied.
 */
import { useId } from 'react';
import type { Decryption, Inspection } from '../../worker/protocol';

const NAMES = { wireguard: 'WireGuard', esp: 'ESP', tls: 'TLS' } as const;

function Lock({ open }: { open: boolean }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="3" y="7" width="10" height="7.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d={open ? 'M5.5 7V4.8a2.5 2.5 0 0 1 4.9-.7' : 'M5.5 7V4.8a2.5 2.5 0 0 1 5 0V7'} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

export function DecryptToggle({ inspection, decrypt, onChange }: { inspection: Inspection; decrypt: boolean; onChange(on: boolean): void }) {
  const id = useId();
  const kind = inspection.decryptable;
  if (!kind) return <p className="hint decrypt-none">Not encrypted by WireGuard or IPsec: nothing to decrypt.</p>;
  const d = decrypt ? inspection.decryption : undefined;
  return (
    <div className="decrypt">
      <label className="switch" htmlFor={`${id}-decrypt`}>
        <input id={`${id}-decrypt`} type="checkbox" role="switch" checked={decrypt} aria-describedby={`${id}-what`} onChange={(e) => onChange(e.target.checked)} />
        <span>Decrypt with the lab&rsquo;s keys</span>
      </label>
      <p id={`${id}-what`} className={`decrypt-result ${d ? (d.ok ? 'ok' : 'failed') : ''}`}>
        <Lock open={!!d?.ok} />
        {d ? (
          <span>{!d.ok && <strong>Not decrypted: </strong>}{d.summary}</span>
        ) : (
          <span>{NAMES[kind]}: encrypted on the wire. Turn this on to open it as Wireshark would with the lab&rsquo;s key log.</span>
        )}
      </p>
    </div>
  );
}

export function TracePane({ decryption }: { decryption: Decryption }) {
  const id = useId();
  if (!decryption.trace.length) return null;
  return (
    <section className="trace" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Protocol trace ({NAMES[decryption.protocol]})</h3>
      {decryption.trace.map((g, gi) => (
        <div className="trace-group" key={gi}>
          <h4>{g.title}</h4>
          <dl>
            {g.items.map((it, i) => (
              <div className="trace-item" key={i}>
                <dt>{it.name}</dt>
                <dd className={it.hex ? 'hex' : undefined}>
                  {it.hex ? <>{it.value}<span className="sr-only"> ({it.value.length / 2} bytes, hex)</span></> : it.value}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}
