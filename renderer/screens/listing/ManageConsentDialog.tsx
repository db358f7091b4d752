import { useId, useState } from 'react';
import type { ContactView } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CategoryOptions } from '../../components/VocabularyOptions';
import { contactName } from '../../format/contactLabel';
import { categoryLabel, CHANNEL_LABELS, formatInstant, sourceLabel } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useContactDialog } from '../../state/contactDialogStore';
import { useListing } from '../../state/listingStore';
import { ALL_CHANNELS, isProtected, type CategoryName, type ChannelName } from '../../state/vocabulary';

type Status = 'none' | 'blocked' | 'whitelisted';

interface Draft {
  status: Status;
  category: CategoryName;
  reason: string;
}

function draftOf(contact: ContactView, channel: ChannelName): Draft {
  const view = contact.channels[channel];
  return { status: view.status, category: (view.category as CategoryName | null) ?? 'manual', reason: view.reason ?? '' };
}

function differs(contact: ContactView, channel: ChannelName, draft: Draft): boolean {
  const before = draftOf(contact, channel);
  if (draft.status !== before.status) return true;
  if (draft.status === 'none') return false;
  return draft.category !== before.category || draft.reason.trim() !== before.reason;
}

/** A change that lifts or rewrites a protected block (unsubscribe, opt-out, …): asks first. */
function liftsProtected(contact: ContactView, channel: ChannelName, draft: Draft): boolean {
  const view = contact.channels[channel];
  if (view.status === 'none' || !isProtected(view.category)) return false;
  return draft.status !== view.status || draft.category !== view.category;
}

/** Per-channel status with category and reason (CE's Manage Consent). */
export function ManageConsentDialog({ contact: initial }: { contact: ContactView }) {
  const close = useContactDialog((s) => s.close);
  const primaryKey = useApp((s) => s.settings?.primary_key ?? 'email');
  const [contact] = useState(initial);
  const [drafts, setDrafts] = useState<Record<ChannelName, Draft>>(
    () => Object.fromEntries(ALL_CHANNELS.map((ch) => [ch, draftOf(initial, ch)])) as Record<ChannelName, Draft>,
  );
  const [confirming, setConfirming] = useState<ChannelName[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const name = contactName(contact, primaryKey);

  const changes = ALL_CHANNELS.filter((ch) => differs(contact, ch, drafts[ch]));
  const protectedLifts = changes.filter((ch) => liftsProtected(contact, ch, drafts[ch]));

  async function apply(confirm: boolean) {
    setBusy(true);
    setError(null);
    // One call for every changed channel: the server applies them all or none.
    const result = await desk().contacts.setStatuses({
      contactId: contact.id,
      changes: changes.map((channel) => {
        const draft = drafts[channel];
        return {
          channel,
          status: draft.status,
          ...(draft.status === 'none' ? {} : { category: draft.category, reason: draft.reason.trim() === '' ? null : draft.reason.trim() }),
        };
      }),
      confirm,
    });
    setBusy(false);
    if (!result.ok) {
      if (result.error.code === 'confirm_required' && !confirm) {
        setConfirming(protectedLifts.length > 0 ? protectedLifts : changes);
        return;
      }
      setError(errorText(result.error));
      return;
    }
    const latest = result.value.contact;
    useListing.getState().replaceContact(latest);
    void useApp.getState().refreshCounts();
    emitAppEvent('desk:contact-changed', { id: contact.id, action: 'consent' });
    useApp.getState().toast('ok', `Consent updated for ${contactName(latest, primaryKey)}.`);
    close();
  }

  function save() {
    if (changes.length === 0) {
      close();
      return;
    }
    if (protectedLifts.length > 0) setConfirming(protectedLifts);
    else void apply(false);
  }

  const setDraft = (channel: ChannelName, patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [channel]: { ...d[channel], ...patch } }));

  return (
    <Dialog
      title={`Manage Consent: ${name}`}
      onClose={close}
      wide
      testId="manage-consent"
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="button" className="button button-primary" onClick={save} disabled={busy}>
            {busy ? 'Saving…' : changes.length > 0 ? `Save ${changes.length} change${changes.length === 1 ? '' : 's'}` : 'Save'}
          </button>
        </>
      }
    >
      <table className="plain consent-table">
        <colgroup>
          <col style={{ width: '31%' }} />
          <col style={{ width: 140 }} />
          <col style={{ width: 160 }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Status</th>
            <th scope="col">Category</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {ALL_CHANNELS.map((channel) => {
            const view = contact.channels[channel];
            const draft = drafts[channel];
            const label = CHANNEL_LABELS[channel];
            return (
              <tr key={channel} data-channel={channel}>
                <th scope="row" style={{ position: 'static', background: 'none', color: 'var(--text)' }}>
                  {label}
                  <div className="subtle small" style={{ fontWeight: 400 }}>
                    {view.status === 'none' ? 'Not blocked' : `${view.status === 'blocked' ? 'Blocked' : 'Whitelisted'} · ${categoryLabel(view.category)}`}
                  </div>
                  {view.status !== 'none' ? (
                    <div className="subtle small" style={{ fontWeight: 400 }} title={view.source ?? undefined}>
                      {formatInstant(view.at)} · {sourceLabel(view.source?.split(':')[0])}
                    </div>
                  ) : null}
                </th>
                <td>
                  <select
                    className="select"
                    style={{ width: '100%' }}
                    aria-label={`${label} status`}
                    value={draft.status}
                    onChange={(e) => setDraft(channel, { status: e.target.value as Status })}
                  >
                    <option value="none">Not blocked</option>
                    <option value="blocked">Blocked</option>
                    {channel === 'email' ? <option value="whitelisted">Whitelisted</option> : null}
                  </select>
                </td>
                <td>
                  <select
                    className="select"
                    style={{ width: '100%' }}
                    aria-label={`${label} category`}
                    value={draft.category}
                    disabled={draft.status === 'none'}
                    onChange={(e) => setDraft(channel, { category: e.target.value as CategoryName })}
                  >
                    <CategoryOptions />
                  </select>
                </td>
                <td>
                  <input
                    className="input"
                    style={{ width: '100%' }}
                    aria-label={`${label} reason`}
                    value={draft.reason}
                    maxLength={500}
                    disabled={draft.status === 'none'}
                    onChange={(e) => setDraft(channel, { reason: e.target.value })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="subtle small" id={`${id}-note`}>
        Lifting an Unsubscribe, Opt-out, Hard bounce or Spam complaint asks for confirmation: those record the contact&apos;s own wish or the
        network&apos;s verdict.
      </p>
      <ErrorNotice message={error} />
      {confirming ? (
        <ConfirmDialog
          title="Lift a protected block?"
          confirmLabel="Yes, lift it"
          danger
          busy={busy}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            void apply(true);
          }}
        >
          <p>
            {confirming
              .map((ch) => `${CHANNEL_LABELS[ch]} (${categoryLabel(contact.channels[ch].category)})`)
              .join(', ')}{' '}
            {confirming.length === 1 ? 'records' : 'record'} {name}&apos;s own wish or the network&apos;s verdict.
          </p>
          <p>Lifting {confirming.length === 1 ? 'it' : 'them'} lets messages reach this contact again. The change is kept in the audit log.</p>
        </ConfirmDialog>
      ) : null}
    </Dialog>
  );
}
