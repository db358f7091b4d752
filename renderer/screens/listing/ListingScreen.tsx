import { useEffect, useRef } from 'react';
import { formatCount } from '../../format/display';
import { useApp } from '../../state/appStore';
import { useContactDialog } from '../../state/contactDialogStore';
import { useListing, type ListingTab } from '../../state/listingStore';
import { BlockDetailsDialog } from './BlockDetailsDialog';
import { BulkBar } from './BulkActions';
import { ContactTable } from './ContactTable';
import { DeleteContactDialog } from './DeleteContactDialog';
import { EditContactDialog } from './EditContactDialog';
import { FilterBar, hasFilters } from './FilterBar';
import { FirstRun } from './FirstRun';
import { ManageConsentDialog } from './ManageConsentDialog';
import { SearchBox } from './SearchBox';

const TABS: { tab: ListingTab; label: string }[] = [
  { tab: 'identified', label: 'Identified' },
  { tab: 'anonymous', label: 'Anonymous' },
];

function ContactDialogs() {
  const open = useContactDialog((s) => s.open);
  if (!open) return null;
  switch (open.kind) {
    case 'details':
      return <BlockDetailsDialog key={`${open.contact.id}-${open.channel}`} contact={open.contact} channel={open.channel} />;
    case 'edit':
      return <EditContactDialog key={open.contact.id} contact={open.contact} />;
    case 'consent':
      return <ManageConsentDialog key={open.contact.id} contact={open.contact} />;
    case 'delete':
      return <DeleteContactDialog key={open.contact.id} contact={open.contact} />;
  }
}

/** CE's "Blocklist Contacts": tabs with live counts, search, filters, the whole list. */
export function ListingScreen() {
  const tab = useListing((s) => s.tab);
  const setTab = useListing((s) => s.setTab);
  const mode = useListing((s) => s.mode);
  const searchedFor = useListing((s) => s.searchedFor);
  const filters = useListing((s) => s.filters);
  const clearSearch = useListing((s) => s.clearSearch);
  const counts = useApp((s) => s.counts);
  const go = useApp((s) => s.go);
  const tabRefs = useRef<Record<ListingTab, HTMLButtonElement | null>>({ identified: null, anonymous: null });

  useEffect(() => {
    void useListing.getState().reload();
    void useApp.getState().refreshCounts();
  }, []);

  const countOf = (t: ListingTab) => (counts ? counts[t] : null);
  const empty = counts !== null && counts.identified + counts.anonymous === 0;
  const showFirstRun = empty && mode === 'listing' && !hasFilters(filters);
  const filteredCount = useListing((s) => s.filteredCount);
  const counting = useListing((s) => s.counting);
  // With a filter, the exact count of its matches (counted apart from the rows); without, the tab's own count.
  const total = mode !== 'listing' ? null : hasFilters(filters) ? filteredCount : countOf(tab);

  const onTabKey = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const next: ListingTab = event.key === 'Home' ? 'identified' : event.key === 'End' ? 'anonymous' : tab === 'identified' ? 'anonymous' : 'identified';
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <section className="screen screen-fixed" aria-labelledby="listing-title">
      <div className="screen-header">
        <h1 id="listing-title">Blocklist Contacts</h1>
        <button type="button" className="button" onClick={() => go('download')}>
          Download
        </button>
        <button type="button" className="button button-primary" onClick={() => go('block')}>
          Blocklist Contact
        </button>
      </div>
      {/* Tabs and search share a line, so the list starts high enough on a 700-pixel-tall window. */}
      <div className="listing-bar">
        <div className="tabs" role="tablist" aria-label="Contact kind" onKeyDown={onTabKey}>
          {TABS.map(({ tab: t, label }) => {
            const n = countOf(t);
            const selected = tab === t && mode === 'listing';
            return (
              <button
                key={t}
                ref={(el) => {
                  tabRefs.current[t] = el;
                }}
                type="button"
                role="tab"
                id={`tab-${t}`}
                className="tab"
                aria-selected={tab === t}
                aria-controls="listing-panel"
                tabIndex={tab === t ? 0 : -1}
                data-count={n ?? ''}
                onClick={() => (selected ? undefined : setTab(t))}
              >
                {label} ({n === null ? '…' : formatCount(n)})
              </button>
            );
          })}
        </div>
        {showFirstRun ? null : <SearchBox />}
      </div>
      <div id="listing-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="listing-panel">
        {showFirstRun ? (
          <FirstRun />
        ) : (
          <>
            {mode === 'search' ? (
              <p className="result-note" data-testid="search-note">
                Results for “{searchedFor}” in both tabs ·{' '}
                <button type="button" className="link-button" onClick={clearSearch}>
                  Back to the listing
                </button>
              </p>
            ) : (
              <FilterBar />
            )}
            <BulkBar />
            <ContactTable total={total} counting={counting} />
          </>
        )}
      </div>
      <ContactDialogs />
    </section>
  );
}
