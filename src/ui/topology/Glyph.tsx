/** A hop kind's glyph (shape and lock) or the drop octagon, drawn at a point: the same marks as the moving markers. */
import type { HopKind } from '../../worker/topologyProtocol';
import { DROP_CROSS, DROP_SHAPE, KIND_STYLES, LOCK_BODY, LOCK_SHACKLE } from './kinds';

interface At {
  x?: number;
  y?: number;
  scale?: number;
}

const place = ({ x = 0, y = 0, scale = 1 }: At) => `translate(${x},${y})${scale === 1 ? '' : ` scale(${scale})`}`;

export function Glyph({ kind, ...at }: { kind: HopKind } & At) {
  const style = KIND_STYLES[kind];
  return (
    <g className={`glyph kind-${kind}`} transform={place(at)} aria-hidden="true">
      <path className="glyph-shape" d={style.shape} />
      {style.lock !== 'none' && (
        <>
          <path className="glyph-lock" d={LOCK_BODY} />
          <path className="glyph-shackle" d={LOCK_SHACKLE[style.lock]} />
        </>
      )}
    </g>
  );
}

export function DropGlyph(at: At) {
  return (
    <g className="glyph glyph-drop" transform={place(at)} aria-hidden="true">
      <path className="glyph-shape" d={DROP_SHAPE} />
      <path className="glyph-cross" d={DROP_CROSS} />
    </g>
  );
}

/** A glyph as a small inline SVG for HTML text (the legend, the drop list). */
export function InlineGlyph({ kind }: { kind: HopKind | 'drop' }) {
  return (
    <svg className="topo-inline-glyph" viewBox="-13 -13 26 26" width="22" height="22" aria-hidden="true" focusable="false">
      {kind === 'drop' ? <DropGlyph /> : <Glyph kind={kind} />}
    </svg>
  );
}
