import { create } from 'zustand';
import type { ContactView, ListingFilter } from '../../src/api/contract';
import type { ListingOrderName } from '../../src/api/contactsOperations';
import { emitAppEvent } from '../bridge/appEvents';
import { CHANNEL_ORDER } from '../format/display';
import { desk, errorText } from './desk';
import { allowedChannels, type ChannelName } from './vocabulary';

export type ListingTab = ListingFilter['tab'];
/** The filters besides the tab, as the filter bar edits them. */
export type ListingFilters = Omit<ListingFilter, 'tab'>;

type Cursor = { changed_at: number; id: number; mobile?: string | null };
export type ListingOrder = ListingOrderName;

/** Whether any filter besides the tab is set (then the tab's kept count is not the listing's count). */
export function filtersSet(filters: ListingFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined);
}

/**
 * The channels each tab shows and filters on: an anonymous contact has only a mobile, so
 * only the mobile's channels (no Email, no whitelisting) apply there.
 */
export const TAB_CHANNELS: Record<ListingTab, readonly ChannelName[]> = {
  identified: CHANNEL_ORDER,
  anonymous: CHANNEL_ORDER.filter((ch) => allowedChannels('mobile').includes(ch)),
};

/** `filters` without what cannot apply on `tab` (an email filter on the anonymous tab). */
function filtersFor(tab: ListingTab, filters: ListingFilters): ListingFilters {
  const next = { ...filters };
  if (next.channel !== undefined && !TAB_CHANNELS[tab].includes(next.channel)) delete next.channel;
  if (next.status === 'whitelisted' && !TAB_CHANNELS[tab].includes('email')) delete next.status;
  return next;
}

export const PAGE_SIZE = 200;

/** This window's listing count: a newer one cancels it, another window's does not. */
const COUNT_KEY = `listing:${Math.random().toString(36).slice(2, 12)}`;

interface ListingState {
  tab: ListingTab;
  filters: ListingFilters;
  mode: 'listing' | 'search';
  /** The query the results on screen are for (search mode). */
  searchedFor: string;
  prefix: boolean;
  contacts: ContactView[];
  next: Cursor | null;
  /** Whether every row of the listing (or every search result) is loaded. */
  complete: boolean;
  loading: boolean;
  error: string | null;
  /** Bumped on every fresh load, so a slow page for an old query is dropped. */
  generation: number;
  order: ListingOrder;
  /**
   * The exact number of contacts the filter matches (null while counting, or with no
   * filter: the tab's own count says it). Counted off the serving thread; a newer filter
   * cancels the count and this one is dropped.
   */
  filteredCount: number | null;
  counting: boolean;
  /** Rows ticked for a bulk action (ids), or every contact of the filter. */
  selected: ReadonlySet<number>;
  allOfFilter: boolean;
  setTab(tab: ListingTab): void;
  setOrder(order: ListingOrder): void;
  toggleSelected(id: number, on: boolean): void;
  /** Ticks every loaded row (on) or none. */
  selectLoaded(on: boolean): void;
  /** Selects every contact of the current filter, loaded or not. */
  selectAllOfFilter(on: boolean): void;
  clearSelection(): void;
  setFilters(filters: ListingFilters): void;
  setPrefix(prefix: boolean): void;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  /** After a failed page: try that page again. */
  retry(): Promise<void>;
  search(query: string): Promise<void>;
  clearSearch(): void;
  /** A contact changed through a dialog: show its new state in place. */
  replaceContact(contact: ContactView): void;
  removeContact(id: number): void;
}

export const useListing = create<ListingState>((set, get) => {
  function announce(): void {
    const s = get();
    emitAppEvent('desk:listing-loaded', { mode: s.mode, tab: s.tab, rows: s.contacts.length, total: null, complete: s.complete });
  }

  async function fetchPage(after: Cursor | null, generation: number): Promise<void> {
    const { tab, filters, order } = get();
    set({ loading: true, error: null });
    const result = await desk().contacts.list({ ...filters, tab, order, after, limit: PAGE_SIZE });
    if (get().generation !== generation || get().mode !== 'listing') return;
    if (!result.ok) {
      set({ loading: false, error: errorText(result.error) });
      return;
    }
    const known = after === null ? [] : get().contacts;
    set({
      contacts: [...known, ...result.value.contacts],
      next: result.value.next,
      complete: result.value.next === null,
      loading: false,
    });
    announce();
  }

  async function countFiltered(generation: number): Promise<void> {
    const { tab, filters } = get();
    if (!filtersSet(filters)) {
      set({ filteredCount: null, counting: false });
      return;
    }
    set({ filteredCount: null, counting: true });
    const result = await desk().contacts.count({ ...filters, tab, key: COUNT_KEY });
    if (get().generation !== generation || get().mode !== 'listing') return;
    // A failed count leaves the listing as it is, with "counting" gone: it never blocks the rows.
    set({ filteredCount: result.ok ? result.value.count : null, counting: false });
    emitAppEvent('desk:listing-counted', { count: result.ok ? result.value.count : null });
  }

  return {
    tab: 'identified',
    filters: {},
    mode: 'listing',
    searchedFor: '',
    prefix: false,
    contacts: [],
    next: null,
    complete: false,
    loading: false,
    error: null,
    generation: 0,
    order: 'newest',
    filteredCount: null,
    counting: false,
    selected: new Set(),
    allOfFilter: false,
    setTab(tab) {
      // The mobile order is the anonymous tab's only.
      const order = tab === 'identified' && get().order.startsWith('mobile') ? 'newest' : get().order;
      set({ tab, order, filters: filtersFor(tab, get().filters), mode: 'listing', searchedFor: '' });
      void get().reload();
    },
    setOrder(order) {
      set({ order });
      void get().reload();
    },
    toggleSelected(id, on) {
      const selected = new Set(get().selected);
      if (on) selected.add(id);
      else selected.delete(id);
      set({ selected, allOfFilter: false });
    },
    selectLoaded(on) {
      set({ selected: on ? new Set(get().contacts.map((c) => c.id)) : new Set(), allOfFilter: false });
    },
    selectAllOfFilter(on) {
      set({ allOfFilter: on, selected: on ? new Set(get().contacts.map((c) => c.id)) : new Set() });
    },
    clearSelection() {
      set({ selected: new Set(), allOfFilter: false });
    },
    setFilters(filters) {
      set({ filters, mode: 'listing', searchedFor: '' });
      void get().reload();
    },
    setPrefix(prefix) {
      set({ prefix });
    },
    async reload() {
      const state = get();
      if (state.mode === 'search') return state.search(state.searchedFor);
      const generation = state.generation + 1;
      set({ generation, contacts: [], next: null, complete: false, selected: new Set(), allOfFilter: false });
      await Promise.all([fetchPage(null, generation), countFiltered(generation)]);
    },
    async loadMore() {
      const { loading, next, complete, mode, generation, error } = get();
      // After a failure, scrolling does not retry by itself (it would hammer a server that
      // is down); the table offers Retry.
      if (loading || complete || error !== null || mode !== 'listing' || next === null) return;
      await fetchPage(next, generation);
    },
    async retry() {
      const { mode, next, contacts, generation } = get();
      if (mode === 'search' || contacts.length === 0) return get().reload();
      set({ error: null });
      if (next !== null) await fetchPage(next, generation);
    },
    async search(query) {
      const text = query.trim();
      if (text === '') {
        get().clearSearch();
        return;
      }
      const generation = get().generation + 1;
      set({ generation, mode: 'search', searchedFor: text, loading: true, error: null, contacts: [], next: null, complete: false, selected: new Set(), allOfFilter: false, filteredCount: null, counting: false });
      const result = await desk().contacts.search({ query: text, prefix: get().prefix });
      if (get().generation !== generation) return;
      if (!result.ok) {
        set({ loading: false, error: errorText(result.error), complete: true });
      } else {
        set({ loading: false, contacts: result.value.contacts, complete: true });
      }
      announce();
    },
    clearSearch() {
      if (get().mode === 'listing' && get().searchedFor === '') return;
      set({ mode: 'listing', searchedFor: '' });
      void get().reload();
    },
    replaceContact(contact) {
      // An edit can move a contact to the other tab (its last identifier removed).
      if (get().mode === 'listing' && contact.kind !== get().tab) {
        get().removeContact(contact.id);
        return;
      }
      set((s) => ({ contacts: s.contacts.map((c) => (c.id === contact.id ? contact : c)) }));
    },
    removeContact(id) {
      set((s) => {
        const selected = new Set(s.selected);
        selected.delete(id);
        return { contacts: s.contacts.filter((c) => c.id !== id), selected };
      });
    },
  };
});
