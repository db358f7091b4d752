import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import type { ContactView } from '../../../src/api/contract';
import { MenuButton } from '../../components/MenuButton';
import { BlocklistThisButton } from './BlocklistThisDialog';
import { contactName, primaryValue, secondaryValue } from '../../format/contactLabel';
import { categoryLabel, CHANNEL_LABELS, CHANNEL_ORDER, formatCount, formatDay, formatInstant } from '../../format/display';
import { useApp } from '../../state/appStore';
import { useContactDialog } from '../../state/contactDialogStore';
import { filtersSet, TAB_CHANNELS, useListing, type ListingOrder } from '../../state/listingStore';
import type { ChannelName } from '../../state/vocabulary';

const ROW_HEIGHT = 36;
/** Start fetching the next page this many rows before the loaded end comes into view. */
const PREFETCH_ROWS = 60;

type PrimaryKey = 'email' | 'customer_id';

/**
 * The table's columns for one view. Widths are CSS variables (styles.css narrows them
 * on a small window); the row's minimum width is their sum, so below it the table
 * scrolls inside its pane with the actions column pinned, never clipped.
 */
interface Layout {
  identifiers: ('primary' | 'secondary' | 'mobile')[];
  channels: readonly ChannelName[];
  style: CSSProperties;
}

function layoutFor(mobileOnly: boolean): Layout {
  const identifiers: Layout['identifiers'] = mobileOnly ? ['mobile'] : ['primary', 'secondary', 'mobile'];
  const channels = mobileOnly ? TAB_CHANNELS.anonymous : CHANNEL_ORDER;
  const identifierTracks = mobileOnly
    ? ['minmax(var(--col-mobile), 1.6fr)']
    : ['minmax(var(--col-key), 2.4fr)', 'minmax(var(--col-key2), 1.2fr)', 'minmax(var(--col-mobile), 1fr)'];
  const mins = [...identifiers.map((c) => (c === 'primary' ? 'var(--col-key)' : c === 'secondary' ? 'var(--col-key2)' : 'var(--col-mobile)')), ...channels.map((ch) => `var(--col-${ch})`), 'var(--col-changed)', 'var(--col-actions)'];
  const tracks = [...identifierTracks, ...channels.map((ch) => `minmax(var(--col-${ch}), 0.5fr)`), 'minmax(var(--col-changed), 0.7fr)', 'var(--col-actions)'];
  return { identifiers, channels, style: { gridTemplateColumns: tracks.join(' '), minWidth: `calc(${mins.join(' + ')})` } };
}

const EVERY_CONTACT = layoutFor(false);
const MOBILE_ONLY = layoutFor(true);

function StatusCell({ contact, channel, name }: { contact: ContactView; channel: ChannelName; name: string }) {
  const show = useContactDialog((s) => s.show);
  const view = contact.channels[channel];
  if (view.status === 'none') return <span className="status-no">No</span>;
  const whitelisted = view.status === 'whitelisted';
  const text = whitelisted ? 'Whitelisted' : 'Yes';
  // The block's own date (a file's blocked_at, or when it was made here), not the contact's last change.
  const on = formatDay(view.at);
  return (
    <button
      type="button"
      className={whitelisted ? 'status-yes status-white' : 'status-yes'}
      aria-label={`${text}: ${CHANNEL_LABELS[channel]} ${whitelisted ? 'whitelist' : 'block'} details for ${name}, ${whitelisted ? 'whitelisted' : 'blocked'} on ${on}`}
      title={`${whitelisted ? 'Whitelisted' : 'Blocked'} on ${on} · ${categoryLabel(view.category)}`}
      onClick={() => show({ kind: 'details', contact, channel })}
    >
      {text}
    </button>
  );
}

/** The row's first cell also holds its selection box (no column of its own: the table stays as narrow as it was). */
function IdentifierCell({ value, column, first, children }: { value: string | null; column: string; first: boolean; children?: ReactNode }) {
  const className = [first ? 'cell-key' : '', column === 'mobile' ? 'cell-mobile' : ''].join(' ').trim();
  return (
    <div role="cell" className={className || undefined} data-column={column} title={value ?? undefined}>
      {children}
      {value ?? <span className="cell-na">N/A</span>}
    </div>
  );
}

interface ContactRowProps {
  contact: ContactView;
  primaryKey: PrimaryKey;
  index: number;
  start: number;
  layout: Layout;
}

function ContactRow({ contact, primaryKey, index, start, layout }: ContactRowProps) {
  const show = useContactDialog((s) => s.show);
  const name = contactName(contact, primaryKey);
  const values = { primary: primaryValue(contact, primaryKey), secondary: secondaryValue(contact, primaryKey), mobile: contact.mobile };
  return (
    <div role="row" aria-rowindex={index + 2} className="grid-row grid-body-row" style={{ ...layout.style, transform: `translateY(${start}px)` }} data-contact-id={contact.id}>
      {layout.identifiers.map((column, i) => (
        <IdentifierCell key={column} column={column} value={values[column]} first={i === 0}>
          {i === 0 ? <SelectBox id={contact.id} name={name} /> : null}
        </IdentifierCell>
      ))}
      {layout.channels.map((channel) => (
        <div role="cell" key={channel} data-column={channel}>
          <StatusCell contact={contact} channel={channel} name={name} />
        </div>
      ))}
      <div role="cell" className="subtle" data-column="changed" title={`Last change to this contact: ${formatInstant(contact.changed_at, true)}`}>
        <ChangedAt iso={contact.changed_at} />
      </div>
      <div role="cell" className="cell-actions">
        <MenuButton
          label={`Actions for ${name}`}
          items={[
            { label: 'Edit', onSelect: () => show({ kind: 'edit', contact }) },
            { label: 'Manage Consent', onSelect: () => show({ kind: 'consent', contact }) },
            { label: 'Delete', danger: true, onSelect: () => show({ kind: 'delete', contact }) },
          ]}
        />
      </div>
    </div>
  );
}

function SelectBox({ id, name }: { id: number; name: string }) {
  const checked = useListing((s) => s.allOfFilter || s.selected.has(id));
  const toggle = useListing((s) => s.toggleSelected);
  return <input type="checkbox" aria-label={`Select ${name}`} checked={checked} onChange={(e) => toggle(id, e.target.checked)} />;
}

/** Ticks every loaded row; shows mixed when some are. */
function SelectLoadedBox() {
  const loaded = useListing((s) => s.contacts.length);
  const selected = useListing((s) => (s.allOfFilter ? s.contacts.length : s.selected.size));
  const selectLoaded = useListing((s) => s.selectLoaded);
  const ref = useRef<HTMLInputElement>(null);
  const all = loaded > 0 && selected >= loaded;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = selected > 0 && !all;
  }, [selected, all]);
  return <input ref={ref} type="checkbox" aria-label="Select every loaded row" disabled={loaded === 0} checked={all} onChange={(e) => selectLoaded(e.target.checked)} />;
}

/**
 * A column header that sorts: only the orders an index serves are offered (the last
 * change either way; the mobile on the anonymous tab, where every contact has one).
 */
function SortHeader({ label, column, orders, select = false }: { label: string; column: string; orders: [ListingOrder, ListingOrder]; select?: boolean }) {
  const order = useListing((s) => s.order);
  const setOrder = useListing((s) => s.setOrder);
  const mode = useListing((s) => s.mode);
  const [first, second] = orders;
  const active = order === first || order === second;
  const ascending = order === 'oldest' || order === 'mobile_asc';
  const next = order === first ? second : first;
  if (mode !== 'listing') {
    return (
      <div role="columnheader" data-column={column}>
        {select ? <SelectLoadedBox /> : null}
        {label}
      </div>
    );
  }
  // The arrow is drawn by CSS (data-sort): the header's text and name stay the column's name.
  return (
    <div role="columnheader" data-column={column} aria-sort={active ? (ascending ? 'ascending' : 'descending') : 'none'}>
      {select ? <SelectLoadedBox /> : null}
      <button type="button" className="sort-button" data-sort={active ? (ascending ? 'ascending' : 'descending') : 'none'} onClick={() => setOrder(next)} title={`Sort: ${ORDER_LABELS[next].toLowerCase()}`}>
        {label}
      </button>
    </div>
  );
}

export const ORDER_LABELS: Record<ListingOrder, string> = {
  newest: 'Newest change first',
  oldest: 'Oldest change first',
  mobile_asc: 'Mobile, ascending',
  mobile_desc: 'Mobile, descending',
};

/** `6 Dec 2026 14:05`; on a narrow window the time gives way (it stays in the cell's title). */
function ChangedAt({ iso }: { iso: string }) {
  const full = formatInstant(iso);
  const day = formatDay(iso);
  return (
    <>
      {day}
      <span className="cell-time">{full.slice(day.length)}</span>
    </>
  );
}

/**
 * The column headers: the identifiers under the account's primary key's name, then the
 * channels grouped under "Blocked on" (a channel called Email is never confused with the
 * Email identifier: its header reads "Blocked on Email" to assistive technology too).
 */
function HeaderRows({ layout, primaryKey }: { layout: Layout; primaryKey: PrimaryKey }) {
  const titles: Record<Layout['identifiers'][number], string> = {
    primary: primaryKey === 'email' ? 'Email' : 'Customer ID',
    secondary: primaryKey === 'email' ? 'Customer ID' : 'Email ID',
    mobile: 'Mobile',
  };
  const group = (span: number, text: ReactNode, className = '') => <div className={`grid-group-cell ${className}`} style={{ gridColumn: `span ${span}` }}>{text}</div>;
  return (
    <>
      {/* The grouping is drawn for the eye; each channel's header below already says "Blocked on …". */}
      <div className="grid-row grid-group" style={layout.style} aria-hidden="true">
        {group(layout.identifiers.length, 'Contact')}
        {group(layout.channels.length, 'Blocked on', 'grid-group-channels')}
        {group(2, '')}
      </div>
      <div role="row" aria-rowindex={1} className="grid-row grid-head" style={layout.style}>
        {layout.identifiers.map((column, i) =>
          column === 'mobile' && layout === MOBILE_ONLY ? (
            <SortHeader key={column} label="Mobile" column="mobile" orders={['mobile_asc', 'mobile_desc']} select={i === 0} />
          ) : (
            <div role="columnheader" key={column} data-column={column}>
              {i === 0 ? <SelectLoadedBox /> : null}
              {titles[column]}
            </div>
          ),
        )}
        {layout.channels.map((channel) => (
          <div role="columnheader" key={channel} data-column={channel}>
            <span className="visually-hidden">Blocked on </span>
            {CHANNEL_LABELS[channel]}
          </div>
        ))}
        <SortHeader label="Last change" column="changed" orders={['newest', 'oldest']} />
        <div role="columnheader" className="cell-actions">
          <span className="visually-hidden">Actions</span>
        </div>
      </div>
    </>
  );
}

/**
 * Every contact of the listing (or the search's results), virtualised: only the rows in
 * view are in the DOM, and the next keyset page is fetched as the end comes near.
 */
export function ContactTable({ total, counting = false }: { total: number | null; counting?: boolean }) {
  const contacts = useListing((s) => s.contacts);
  const complete = useListing((s) => s.complete);
  const loading = useListing((s) => s.loading);
  const mode = useListing((s) => s.mode);
  const error = useListing((s) => s.error);
  const loadMore = useListing((s) => s.loadMore);
  const retry = useListing((s) => s.retry);
  const primaryKey = useApp((s) => s.settings?.primary_key ?? 'email');
  const tab = useListing((s) => s.tab);
  const order = useListing((s) => s.order);
  const searchedFor = useListing((s) => s.searchedFor);
  const filtered = useListing((s) => filtersSet(s.filters));
  const layout = mode === 'listing' && tab === 'anonymous' ? MOBILE_ONLY : EVERY_CONTACT;
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: contacts.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : -1;

  useEffect(() => {
    if (!complete && !loading && !error && mode === 'listing' && contacts.length > 0 && lastIndex >= contacts.length - PREFETCH_ROWS) void loadMore();
  }, [lastIndex, contacts.length, complete, loading, error, mode, loadMore]);

  // A new query starts at the top.
  const generation = useListing((s) => s.generation);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [generation]);

  const state = error ? 'error' : loading && contacts.length === 0 ? 'loading' : contacts.length === 0 ? 'empty' : complete ? 'complete' : 'partial';
  const rowCount = complete ? contacts.length : (total ?? -1);

  return (
    <div className="table-wrap" data-state={state} data-rows={contacts.length}>
      <div className="table-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={mode === 'search' ? 'Search results (scrollable)' : 'Contacts (scrollable)'}>
        <div role="table" aria-label={mode === 'search' ? 'Search results' : 'Contacts'} aria-rowcount={rowCount === -1 ? -1 : rowCount + 1} aria-busy={loading}>
          {/* The header's row group is what sticks: a sticky row inside a group of its own height would scroll away with it. */}
          <div role="rowgroup" className="grid-head-group">
            <HeaderRows layout={layout} primaryKey={primaryKey} />
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: layout.style.minWidth }}>
            {items.map((item) => {
              const contact = contacts[item.index];
              if (!contact) return null;
              return <ContactRow key={contact.id} contact={contact} primaryKey={primaryKey} index={item.index} start={item.start} layout={layout} />;
            })}
          </div>
        </div>
        {state === 'empty' ? (
          mode === 'search' ? (
            <div className="table-empty">
              <p>No contact matches “{searchedFor}”.</p>
              <BlocklistThisButton value={searchedFor} />
            </div>
          ) : (
            <p className="table-empty">No contacts match these filters.</p>
          )
        ) : null}
        {error ? (
          <div className="table-empty" role="alert">
            <p className="field-error">{error}</p>
            <button type="button" className="button button-small" onClick={() => void retry()}>
              Retry
            </button>
          </div>
        ) : null}
      </div>
      <div className="table-foot">
        <span aria-live="polite">
          {loading && contacts.length === 0
            ? 'Loading…'
            : mode === 'search'
              ? `${formatCount(contacts.length)} result${contacts.length === 1 ? '' : 's'}`
              : listingFoot(contacts.length, complete, total, counting, filtered)}
        </span>
        <span>{mode === 'search' ? 'Exact matches first' : ORDER_LABELS[order]}</span>
      </div>
    </div>
  );
}

function listingFoot(loaded: number, complete: boolean, total: number | null, counting: boolean, filtered: boolean): string {
  if (complete) return `${formatCount(loaded)} contact${loaded === 1 ? '' : 's'}${filtered ? ' match these filters' : ''}`;
  if (total !== null && filtered) return `${formatCount(total)} contacts match these filters · ${formatCount(loaded)} loaded — scroll for more`;
  if (total !== null) return `${formatCount(loaded)} of ${formatCount(total)} loaded — scroll for more`;
  return `${formatCount(loaded)} loaded${counting ? ' (counting all matches…)' : ''} — scroll for more`;
}
