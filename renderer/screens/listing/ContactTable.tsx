import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ContactView } from '../../../src/api/contract';
import { MenuButton } from '../../components/MenuButton';
import { contactName, primaryValue, secondaryValue } from '../../format/contactLabel';
import { CHANNEL_LABELS, formatInstant } from '../../format/display';
import { useApp } from '../../state/appStore';
import { useContactDialog } from '../../state/contactDialogStore';
import { useListing } from '../../state/listingStore';
import { LISTING_CHANNELS, type ChannelName } from '../../state/vocabulary';

const ROW_HEIGHT = 36;
/** Start fetching the next page this many rows before the loaded end comes into view. */
const PREFETCH_ROWS = 60;

type PrimaryKey = 'email' | 'customer_id';

function StatusCell({ contact, channel, name }: { contact: ContactView; channel: ChannelName; name: string }) {
  const show = useContactDialog((s) => s.show);
  const view = contact.channels[channel];
  if (view.status === 'none') return <span className="status-no">No</span>;
  const whitelisted = view.status === 'whitelisted';
  const text = whitelisted ? 'Whitelisted' : 'Yes';
  return (
    <button
      type="button"
      className={whitelisted ? 'status-yes status-white' : 'status-yes'}
      aria-label={`${text}: ${CHANNEL_LABELS[channel]} ${whitelisted ? 'whitelist' : 'block'} details for ${name}`}
      onClick={() => show({ kind: 'details', contact, channel })}
    >
      {text}
    </button>
  );
}

interface ContactRowProps {
  contact: ContactView;
  primaryKey: PrimaryKey;
  index: number;
  start: number;
  /** The anonymous tab: nobody there has a customer ID or email, so that column is left out. */
  mobileOnly: boolean;
}

function ContactRow({ contact, primaryKey, index, start, mobileOnly }: ContactRowProps) {
  const show = useContactDialog((s) => s.show);
  const name = contactName(contact, primaryKey);
  const primary = primaryValue(contact, primaryKey);
  const secondary = secondaryValue(contact, primaryKey);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`grid-row ${mobileOnly ? 'contacts-grid-anonymous' : 'contacts-grid'} grid-body-row`}
      style={{ transform: `translateY(${start}px)` }}
      data-contact-id={contact.id}
    >
      <div role="cell" className="cell-key" title={primary ?? undefined}>
        {primary ?? <span className="cell-na">N/A</span>}
      </div>
      {mobileOnly ? null : (
        <div role="cell" title={secondary ?? undefined}>
          {secondary ?? <span className="cell-na">N/A</span>}
        </div>
      )}
      <div role="cell" className="cell-mobile">
        {contact.mobile ?? <span className="cell-na">N/A</span>}
      </div>
      {LISTING_CHANNELS.map((channel) => (
        <div role="cell" key={channel}>
          <StatusCell contact={contact} channel={channel} name={name} />
        </div>
      ))}
      <div role="cell" className="subtle">
        {formatInstant(contact.changed_at)}
      </div>
      <div role="cell" style={{ padding: '0 6px' }}>
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

/**
 * Every contact of the listing (or the search's results), virtualised: only the rows in
 * view are in the DOM, and the next keyset page is fetched as the end comes near.
 */
export function ContactTable({ total }: { total: number | null }) {
  const contacts = useListing((s) => s.contacts);
  const complete = useListing((s) => s.complete);
  const loading = useListing((s) => s.loading);
  const mode = useListing((s) => s.mode);
  const error = useListing((s) => s.error);
  const loadMore = useListing((s) => s.loadMore);
  const retry = useListing((s) => s.retry);
  const primaryKey = useApp((s) => s.settings?.primary_key ?? 'email');
  const tab = useListing((s) => s.tab);
  const mobileOnly = mode === 'listing' && tab === 'anonymous';
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
            <div role="row" aria-rowindex={1} className={`grid-row ${mobileOnly ? 'contacts-grid-anonymous' : 'contacts-grid'} grid-head`}>
              <div role="columnheader">{primaryKey === 'email' ? 'Email' : 'Customer ID'}</div>
              {mobileOnly ? null : <div role="columnheader">{primaryKey === 'email' ? 'Customer ID' : 'Email ID'}</div>}
              <div role="columnheader">Mobile</div>
              {LISTING_CHANNELS.map((channel) => (
                <div role="columnheader" key={channel}>
                  {CHANNEL_LABELS[channel]}
                </div>
              ))}
              <div role="columnheader">Last change</div>
              <div role="columnheader">
                <span className="visually-hidden">Actions</span>
              </div>
            </div>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: 900 }}>
            {items.map((item) => {
              const contact = contacts[item.index];
              if (!contact) return null;
              return (
                <ContactRow key={contact.id} contact={contact} primaryKey={primaryKey} index={item.index} start={item.start} mobileOnly={mobileOnly} />
              );
            })}
          </div>
        </div>
        {state === 'empty' ? (
          <p className="table-empty">{mode === 'search' ? 'No contact matches this search.' : 'No contacts match these filters.'}</p>
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
          {loading ? 'Loading…' : mode === 'search' ? `${contacts.length} result${contacts.length === 1 ? '' : 's'}` : listingFoot(contacts.length, complete, total)}
        </span>
        <span>{mode === 'search' ? 'Exact matches first' : 'Newest change first'}</span>
      </div>
    </div>
  );
}

function listingFoot(loaded: number, complete: boolean, total: number | null): string {
  if (complete) return `${loaded.toLocaleString()} contact${loaded === 1 ? '' : 's'}`;
  if (total !== null) return `${loaded.toLocaleString()} of ${total.toLocaleString()} loaded — scroll for more`;
  return `${loaded.toLocaleString()} loaded — scroll for more`;
}
