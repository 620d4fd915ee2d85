/** The SHA-256 of the shown capture's pcapng: run the same scenario and seed anywhere and this hash repeats. */
import { useLab } from './LabContext';

export function CaptureDigest() {
  const sha = useLab((s) => s.captureSha256);
  return (
    <p className="digest">
      <span className="digest-label">pcapng SHA-256</span>{' '}
      <code data-testid="capture-sha256">{sha ?? '—'}</code>
    </p>
  );
}
