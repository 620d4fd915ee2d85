/** What the map's marks mean: one entry per kind of packet (shape, lock and word, never colour alone) and drops. */
import { HOP_KINDS } from '../../worker/topologyProtocol';
import { InlineGlyph } from './Glyph';
import { KIND_STYLES } from './kinds';

export function Legend({ labelId }: { labelId: string }) {
  return (
    <ul className="topo-legend" aria-labelledby={labelId}>
      {HOP_KINDS.filter((k) => k !== 'other').map((k) => (
        <li key={k}>
          <InlineGlyph kind={k} />
          {KIND_STYLES[k].legend}
        </li>
      ))}
      <li>
        <InlineGlyph kind="drop" />
        dropped, with the reason
      </li>
    </ul>
  );
}
