/** Paging through the event list: which rows are shown, and Older / Newer / Newest. */
import { useLab, useLabStore } from '../LabContext';

export function EventPager() {
  const store = useLabStore();
  const page = useLab((s) => s.timelinePage);
  const anchored = useLab((s) => s.timelineAnchor !== null);
  if (!page || page.total === 0) return null;
  const first = page.from + 1;
  const last = page.from + page.rows.length;
  const go = (to: 'older' | 'newer' | 'newest', can: boolean) => {
    if (can) void store.getState().pageTimeline(to);
  };
  return (
    <div className="tl-pager">
      <p className="tl-range">
        Rows {first.toLocaleString('en')}–{last.toLocaleString('en')} of {page.total.toLocaleString('en')}
        {anchored ? '' : ', following the lab'}
      </p>
      <div className="tl-pager-buttons" role="group" aria-label="Event pages">
        <button type="button" className="button tl-small" aria-disabled={!page.older || undefined} onClick={() => go('older', page.older)}>Older</button>
        <button type="button" className="button tl-small" aria-disabled={!page.newer || undefined} onClick={() => go('newer', page.newer)}>Newer</button>
        <button type="button" className="button tl-small" aria-disabled={!anchored || undefined} onClick={() => go('newest', anchored)}>Newest</button>
      </div>
    </div>
  );
}
