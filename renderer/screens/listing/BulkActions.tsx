import { useId, useState } from 'react';
import type { ContactView } from '../../../src/api/contract';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ReasonField } from '../../components/ReasonField';
import { CategoryOptions } from '../../components/VocabularyOptions';
import { categoryLabel, CHANNEL_LABELS, formatCount } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useJobs } from '../../state/jobsStore';
import { filtersSet, TAB_CHANNELS, useListing } from '../../state/listingStore';
import { isProtected, withChannel, type CategoryName, type ChannelName } from '../../state/vocabulary';

type BulkKind = 'block' | 'unblock' | 'delete';

const TITLES: Record<BulkKind, string> = { block: 'Block', unblock: 'Unblock', delete: 'Delete' };

function plural(n: number, one: string): string {
  return `${formatCount(n)} ${one}${n === 1 ? '' : 's'}`;
}

/** How many contacts the selection stands for: the ticked rows, or the filter's exact count (null while counting). */
function useSelectionSize(): number | null {
  const allOfFilter = useListing((s) => s.allOfFilter);
  const selected = useListing((s) => s.selected.size);
  const filters = useListing((s) => s.filters);
  const filteredCount = useListing((s) => s.filteredCount);
  const tab = useListing((s) => s.tab);
  const tabCount = useApp((s) => (s.counts ? s.counts[tab] : null));
  if (!allOfFilter) return selected;
  return filtersSet(filters) ? filteredCount : tabCount;
}

/**
 * Shown once a row is ticked: how many are selected, the offer to take every contact of
 * the filter, and the three actions, each confirmed in a dialog and run as one job.
 */
export function BulkBar() {
  const mode = useListing((s) => s.mode);
  const selected = useListing((s) => s.selected.size);
  const allOfFilter = useListing((s) => s.allOfFilter);
  const complete = useListing((s) => s.complete);
  const filters = useListing((s) => s.filters);
  const selectAllOfFilter = useListing((s) => s.selectAllOfFilter);
  const clearSelection = useListing((s) => s.clearSelection);
  const size = useSelectionSize();
  const [open, setOpen] = useState<BulkKind | null>(null);
  if (selected === 0 && !allOfFilter) return null;
  const scope = filtersSet(filters) ? 'matching these filters' : 'in this tab';
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions" data-testid="bulk-bar">
      <strong aria-live="polite">
        {allOfFilter ? (size === null ? `Every contact ${scope} (counting…)` : `All ${plural(size, 'contact')} ${scope}`) : `${plural(selected, 'contact')} selected`}
      </strong>
      {mode === 'listing' && !allOfFilter && !complete ? (
        <button type="button" className="link-button" onClick={() => selectAllOfFilter(true)}>
          Select every contact {scope}
        </button>
      ) : null}
      <span className="grow" />
      <button type="button" className="button button-small" onClick={() => setOpen('block')}>
        Block…
      </button>
      <button type="button" className="button button-small" onClick={() => setOpen('unblock')}>
        Unblock…
      </button>
      <button type="button" className="button button-small button-danger" onClick={() => setOpen('delete')}>
        Delete…
      </button>
      <button type="button" className="button button-small" onClick={clearSelection}>
        Clear selection
      </button>
      {open ? <BulkActionDialog kind={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

/** Protected statuses among the loaded, ticked rows that the action would lift, by category. */
function protectedAmong(contacts: readonly ContactView[], kind: BulkKind, channels: readonly ChannelName[]): Record<string, number> {
  const found: Record<string, number> = {};
  if (kind === 'block') return found;
  for (const contact of contacts) {
    for (const channel of kind === 'delete' ? (Object.keys(contact.channels) as ChannelName[]) : channels) {
      const view = contact.channels[channel];
      const lifted = kind === 'delete' ? view.status !== 'none' : view.status === 'blocked';
      if (lifted && isProtected(view.category)) found[view.category ?? ''] = (found[view.category ?? ''] ?? 0) + 1;
    }
  }
  return found;
}

/**
 * The confirmation of a bulk action: what it does and to how many, the channels (and
 * category) it asks for, and the reason. Lifting a protected block (unsubscribe, opt-out,
 * hard bounce, spam complaint) needs the reason, as it does for one contact. For a whole
 * filter the rows are not all loaded, so the reason is asked for whenever the filter may
 * hold one; the job checks again and changes nothing if one is lifted without it.
 */
function BulkActionDialog({ kind, onClose }: { kind: BulkKind; onClose: () => void }) {
  const id = useId();
  const tab = useListing((s) => s.tab);
  const filters = useListing((s) => s.filters);
  const allOfFilter = useListing((s) => s.allOfFilter);
  const selectedIds = useListing((s) => s.selected);
  const contacts = useListing((s) => s.contacts);
  const size = useSelectionSize();
  const offered = TAB_CHANNELS[tab];
  const [channels, setChannels] = useState<ChannelName[]>(() => (filters.channel ? [filters.channel] : kind === 'block' ? [] : [...offered]));
  const [category, setCategory] = useState<CategoryName>('manual');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // A whole filter's rows are not all loaded: what the loaded ones hold would mislead.
  const selectedRows = allOfFilter ? [] : contacts.filter((c) => selectedIds.has(c.id));
  const found = protectedAmong(selectedRows, kind, channels);
  const foundText = Object.entries(found)
    .map(([c, n]) => `${formatCount(n)} ${categoryLabel(c)}`)
    .join(', ');
  // A whole filter: its rows are not all here. Only a filter on an unprotected category is known to hold none.
  const mayHoldProtected = allOfFilter && kind !== 'block' && !(filters.category !== undefined && !isProtected(filters.category));
  const reasonRequired = kind !== 'block' && (foundText !== '' || mayHoldProtected);
  const whom = size === null ? 'every contact matching these filters' : plural(size, 'contact');
  const channelText = channels.map((ch) => CHANNEL_LABELS[ch]).join(', ');

  async function run() {
    if (kind !== 'delete' && channels.length === 0) {
      setError('Choose at least one channel.');
      return;
    }
    const given = reason.trim();
    if (reasonRequired && given === '') {
      setReasonError('Say what evidence of consent you have: the reason is kept in the audit log with every change.');
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const target = allOfFilter ? { kind: 'filter' as const, filter: { ...filters, tab } } : { kind: 'contacts' as const, ids: [...selectedIds] };
    const why = given === '' ? null : given;
    const action =
      kind === 'block' ? { kind, channels, category, reason: why } : kind === 'unblock' ? { kind, channels, reason: why } : { kind, reason: why };
    // The dialog names the protected categories, so answering it is the confirmation.
    const result = await desk().contacts.startBulk({ target, action, confirm: true });
    setBusy(false);
    if (!result.ok) {
      setError(errorText(result.error));
      return;
    }
    useJobs.getState().queued(result.value.job);
    useListing.getState().clearSelection();
    useApp.getState().toast('info', `${TITLES[kind]} of ${whom} queued as one job; the listing updates when it is done.`);
    onClose();
  }

  return (
    <Dialog
      title={`${TITLES[kind]} ${whom}?`}
      role="alertdialog"
      onClose={onClose}
      testId="bulk-confirm"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="button" className={kind === 'block' ? 'button button-primary' : 'button button-danger'} disabled={busy} onClick={() => void run()}>
            {busy ? 'Queuing…' : kind === 'delete' ? `Delete ${whom}` : `${TITLES[kind]} ${channelText || '…'}`}
          </button>
        </>
      }
    >
      <p>
        {kind === 'block'
          ? `Blocks ${whom} on the channels below. A channel already blocked keeps its status and history; a contact with no identifier for a channel is left as it is.`
          : kind === 'unblock'
            ? `Lifts the blocks of ${whom} on the channels below.`
            : `Removes ${whom} from the blocklist, lifting every block they carry.`}{' '}
        It runs as one job: all or nothing, every change in the audit log as a single edit is{kind === 'delete' ? '' : ', and revertible from Jobs'}.
      </p>
      {kind !== 'delete' ? (
        <fieldset className="field">
          <legend className="field-label">Channels</legend>
          <div className="choice-row">
            {offered.map((channel) => (
              <label className="check" key={channel}>
                <input type="checkbox" checked={channels.includes(channel)} onChange={(e) => setChannels(withChannel(channels, channel, e.target.checked))} />
                {CHANNEL_LABELS[channel]}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {kind === 'block' ? (
        <div className="field">
          <label htmlFor={`${id}-category`}>Category</label>
          <select id={`${id}-category`} className="select" style={{ width: 220 }} value={category} onChange={(e) => setCategory(e.target.value as CategoryName)}>
            <CategoryOptions />
          </select>
        </div>
      ) : null}
      {foundText !== '' ? (
        <p className="notice notice-warn">
          Among the selected contacts, blocks for {foundText}. These record the contact&apos;s own wish or the network&apos;s verdict; lift them only with evidence of consent.
        </p>
      ) : mayHoldProtected ? (
        <p className="notice notice-warn">
          The filter may hold blocks for unsubscribe, opt-out, hard bounce or spam complaint: the contact&apos;s own wish or the network&apos;s verdict. Lifting
          them needs evidence of consent.
        </p>
      ) : null}
      <ReasonField
        id={id}
        required={reasonRequired}
        value={reason}
        error={reasonError}
        onChange={(value) => {
          setReason(value);
          if (reasonError) setReasonError(null);
        }}
      />
      <ErrorNotice message={error} />
    </Dialog>
  );
}
