/**
 * The attacker toggle's place: a switch that is present, labelled and reachable by keyboard, but marked as coming
 * with its own issue (the attacker: sniffing, tampering, replay and MITM on the wire). It is aria-disabled rather
 * than disabled, so keyboard and screen-reader users find it and hear why it does nothing yet; pressing it says so.
 */
import { useId, useState } from 'react';
import { AttackerIcon } from './icons';

export const ATTACKER_PENDING = 'Coming with the attacker issue: sniffing, tampering, replay and man-in-the-middle on the wire between nodes.';

export function AttackerToggle() {
  const id = useId();
  const [told, setTold] = useState(false);
  return (
    <div className="attacker">
      <button
        type="button"
        role="switch"
        aria-checked="false"
        aria-disabled="true"
        aria-describedby={`${id}-why`}
        className="button attacker-switch"
        onClick={() => setTold(true)}
      >
        <AttackerIcon />
        Attacker
        <span className="switch-track" aria-hidden="true"><span className="switch-thumb" /></span>
      </button>
      <p id={`${id}-why`} className={`hint attacker-why${told ? ' attacker-why-told' : ''}`}>
        <span className="soon-badge">Not yet</span> {ATTACKER_PENDING}
      </p>
    </div>
  );
}
