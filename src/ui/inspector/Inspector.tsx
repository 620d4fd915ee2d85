/**
 * The packet inspector, Wireshark's three panes in one card: the packet list with its display filter, the details
 * tree of the selected frame beside its bytes, and, for WireGuard and ESP frames, the switch that decrypts them
 * with the lab's keys (in the worker) with the protocol trace below. The panes sit side by side when the card is
 * wide and stack in a narrow column (a container query, so an embed in a 768px docs column stacks too).
 */
import { useId } from 'react';
import { useLab, useLabStore } from '../LabContext';
import type { Inspection } from '../../worker/protocol';
import { fieldAt } from './fieldTree';
import { PacketList } from './PacketList';
import { DetailsTree } from './DetailsTree';
import { HexPane, type ByteView } from './HexPane';
import { DecryptToggle, TracePane } from './DecryptPanel';
import { useFieldSelection } from './useFieldSelection';
import './inspector.css';

const PROTO = { wireguard: 'WireGuard', esp: 'ESP', tls: 'TLS' } as const;

export function Inspector() {
  const inspection = useLab((s) => s.inspection);
  const error = useLab((s) => s.inspectError);
  const id = useId();
  return (
    <div className="inspector">
      <PacketList />
      {inspection ? (
        <Panes key={`${inspection.point}`} inspection={inspection} />
      ) : (
        <div className="inspector-panes">
          <section className="pane" aria-labelledby={`${id}-details`}>
            <h3 id={`${id}-details`}>Packet details</h3>
            {error ? <p className="hint field-error">Could not inspect this frame: {error}</p>
              : <p className="hint">Select a packet in the list: click it, or focus the list and press the Down arrow.</p>}
          </section>
        </div>
      )}
    </div>
  );
}

function Panes({ inspection }: { inspection: Inspection }) {
  const store = useLabStore();
  const decrypt = useLab((s) => s.decrypt);
  const id = useId();
  const decryption = decrypt ? inspection.decryption : undefined;
  const sel = useFieldSelection(inspection, decrypt);
  const views: ByteView[] = [{ source: 'frame', label: `Frame (${inspection.bytes.length} bytes)`, bytes: inspection.bytes }];
  if (decryption?.inner) {
    views.push({ source: 'decrypted', label: `Decrypted ${PROTO[decryption.protocol]} (${decryption.inner.bytes.length} bytes)`, bytes: decryption.inner.bytes });
  }
  const source = views.some((v) => v.source === sel.source) ? sel.source : 'frame';
  const under = sel.cursor !== null ? fieldAt(sel.tree, source, sel.cursor) : undefined;

  return (
    <>
      <div className="inspector-panes">
        <section className="pane pane-details" aria-labelledby={`${id}-details`}>
          <div className="pane-head">
            <h3 id={`${id}-details`}>Frame {inspection.no} details</h3>
            <DecryptToggle inspection={inspection} decrypt={decrypt} onChange={(on) => void store.getState().setDecrypt(on)} />
          </div>
          <div className="pane-scroll">
            <DetailsTree tree={sel.tree} expanded={sel.expanded} selected={sel.node?.id ?? null} no={inspection.no} onSelect={sel.select} onExpand={sel.expand} />
          </div>
          <p className="hint selected-field" aria-live="polite">
            {sel.node ? describe(sel.node.field.name, sel.node.source, sel.node.field.start, sel.node.field.length) : 'Select a field to see its bytes.'}
          </p>
        </section>
        <section className="pane pane-bytes" aria-labelledby={`${id}-bytes`}>
          <h3 id={`${id}-bytes`}>Frame {inspection.no} bytes</h3>
          <HexPane
            views={views}
            active={source}
            highlight={source === sel.source ? sel.highlight : null}
            cursor={sel.cursor}
            cursorField={under ? `${under.field.name || 'text'} (${under.field.label})` : undefined}
            onSource={sel.showSource}
            onCursor={sel.setCursor}
            onPick={sel.pick}
          />
        </section>
      </div>
      {decryption && <TracePane decryption={decryption} />}
    </>
  );
}

function describe(name: string, source: string, start: number, length: number): string {
  const where = source === 'decrypted' ? ' of the decrypted packet' : '';
  if (!length) return `${name || 'This item'}: computed, no bytes of its own${where}.`;
  return `${name || 'Text'}: ${length} byte${length === 1 ? '' : 's'} at offset ${start}${length > 1 ? `–${start + length - 1}` : ''}${where}.`;
}
