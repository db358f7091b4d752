import { useId } from 'react';
import { CategoryOptions } from '../../components/VocabularyOptions';
import { CHANNEL_LABELS } from '../../format/display';
import { TAB_CHANNELS, useListing, type ListingFilters } from '../../state/listingStore';
import type { CategoryName, ChannelName } from '../../state/vocabulary';

export const SOURCE_OPTIONS: { value: string; label: string }[] = [
  { value: 'ui', label: 'Desk UI' },
  { value: 'paste', label: 'Multiple input' },
  { value: 'import:', label: 'Any import' },
  { value: 'cli', label: 'Command line' },
  { value: 'sync:', label: 'CE sync' },
  { value: 'keywords:', label: 'Keyword capture' },
];

/** `YYYY-MM-DD` from a date input → the first or last instant of that local day. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function dayOf(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function hasFilters(filters: ListingFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined);
}

export function FilterBar() {
  const filters = useListing((s) => s.filters);
  const tab = useListing((s) => s.tab);
  const channels = TAB_CHANNELS[tab];
  const whitelisting = channels.includes('email') && (filters.channel === undefined || filters.channel === 'email');
  const setFilters = useListing((s) => s.setFilters);
  const id = useId();
  const update = (patch: Partial<ListingFilters>) => {
    const next: ListingFilters = { ...filters, ...patch };
    for (const key of Object.keys(next) as (keyof ListingFilters)[]) if (next[key] === undefined || next[key] === '') delete next[key];
    // Whitelisting exists on email only.
    if (next.status === 'whitelisted' && next.channel !== undefined && next.channel !== 'email') delete next.status;
    setFilters(next);
  };

  return (
    <div className="filters listing-filters" role="group" aria-label="Filters">
      <div className="field">
        <label htmlFor={`${id}-channel`}>Channel</label>
        <select id={`${id}-channel`} className="select" value={filters.channel ?? ''} onChange={(e) => update({ channel: (e.target.value || undefined) as ChannelName | undefined })}>
          <option value="">Any channel</option>
          {channels.map((ch) => (
            <option key={ch} value={ch}>
              {CHANNEL_LABELS[ch]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          className="select"
          value={filters.status ?? ''}
          onChange={(e) => update({ status: (e.target.value || undefined) as ListingFilters['status'] })}
        >
          <option value="">Any status</option>
          <option value="blocked">Blocked</option>
          <option value="whitelisted" disabled={!whitelisting}>
            Whitelisted (email)
          </option>
        </select>
      </div>
      <div className="field field-wide">
        <label htmlFor={`${id}-category`}>Category</label>
        <select
          id={`${id}-category`}
          className="select"
          value={filters.category ?? ''}
          onChange={(e) => update({ category: (e.target.value || undefined) as CategoryName | undefined })}
        >
          <option value="">Any category</option>
          <CategoryOptions />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-source`}>Source</label>
        <select id={`${id}-source`} className="select" value={filters.source ?? ''} onChange={(e) => update({ source: e.target.value || undefined })}>
          <option value="">Any source</option>
          {SOURCE_OPTIONS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-date">
        <label htmlFor={`${id}-from`}>Changed from</label>
        <input id={`${id}-from`} type="date" className="input" value={dayOf(filters.changedFrom)} onChange={(e) => update({ changedFrom: dayBound(e.target.value, false) })} />
      </div>
      <div className="field field-date">
        <label htmlFor={`${id}-to`}>Changed to</label>
        <input id={`${id}-to`} type="date" className="input" value={dayOf(filters.changedTo)} onChange={(e) => update({ changedTo: dayBound(e.target.value, true) })} />
      </div>
      <button type="button" className="button button-small" disabled={!hasFilters(filters)} onClick={() => setFilters({})}>
        Clear filters
      </button>
    </div>
  );
}
