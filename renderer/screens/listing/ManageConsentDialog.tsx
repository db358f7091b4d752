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
import { ALL_CHANNELS, allowedChannels, isProtected, type CategoryName, type ChannelName, type IdentifierName } from '../../state/vocabulary';

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

/**
 * A change that lifts a protected block (unsubscribe, opt-out, …), as the core counts one:
 * to none, blocked → whitelisted, or its category replaced by an unprotected one. It asks
 * first, with the officer's evidence of consent.
 */
function liftsProtected(contact: ContactView, channel: ChannelName, draft: Draft): boolean {
  const view = contact.channels[channel];
  if (view.status === 'none' || !isProtected(view.category)) return false;
  if (draft.status === 'none') return true;
  if (view.status === 'blocked' && draft.status === 'whitelisted') return true;
  return draft.status === view.status && !isProtected(draft.category);
}

const IDENTIFIER_WORDS: Record<IdentifierName, string> = { customer_id: 'customer ID', email: 'email', mobile: 'mobile' };

/** The channels the contact's identifiers can carry a status on (the core's Blocklisting rule). */
function carriedChannels(contact: ContactView): Set<ChannelName> {
  const held = (['customer_id', 'email', 'mobile'] as const).filter((type) => contact[type] !== null);
  return new Set(held.flatMap((type) => allowedChannels(type)));
}

/** "an email or a customer ID": the identifiers that could carry `channel`. */
function neededFor(channel: ChannelName): string {
  const types = (['email', 'mobile', 'customer_id'] as const).filter((type) => allowedChannels(type).includes(channel));
  return types.map((type) => `${type === 'email' ? 'an' : 'a'} ${IDENTIFIER_WORDS[type]}`).join(' or ');
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
  const [evidence, setEvidence] = useState('');
  const [evidenceError, setEvidenceError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const name = contactName(contact, primaryKey);
  const carried = carriedChannels(contact);

  const changes = ALL_CHANNELS.filter((ch) => differs(contact, ch, drafts[ch]));
  const protectedLifts = changes.filter((ch) => liftsProtected(contact, ch, drafts[ch]));

  /** Sends every change; each lift confirmed carries `liftReason` as its reason (kept in the audit log). */
  async function apply(confirm: boolean, liftReason: string | null) {
    setBusy(true);
    setError(null);
    const lifted = liftReason === null ? [] : (confirming ?? protectedLifts);
    // One call for every changed channel: the server applies them all or none.
    const result = await desk().contacts.setStatuses({
      contactId: contact.id,
      changes: changes.map((channel) => {
        const draft = drafts[channel];
        const lift = lifted.includes(channel) ? liftReason : null;
        // To none, the row's reason field is the old block's (disabled): only a lift's evidence goes with it.
        if (draft.status === 'none') return lift === null ? { channel, status: draft.status } : { channel, status: draft.status, reason: lift };
        return { channel, status: draft.status, category: draft.category, reason: lift ?? (draft.reason.trim() === '' ? null : draft.reason.trim()) };
      }),
      confirm,
    });
    setBusy(false);
    if (!result.ok) {
      if (result.error.code === 'confirm_required' && !confirm) {
        openConfirmation(protectedLifts.length > 0 ? protectedLifts : changes);
        return;
      }
      // A reason the core refused is the confirmation's field: say so there.
      if (confirming !== null && result.error.field !== undefined && /(^|\.)reason$/.test(result.error.field)) {
        setEvidenceError(errorText(result.error));
        return;
      }
      setConfirming(null);
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

  function openConfirmation(channels: ChannelName[]) {
    // A new status's own reason typed in its row is offered as the evidence.
    const typed = [
      ...new Set(
        channels
          .filter((ch) => drafts[ch].status !== 'none' && drafts[ch].reason.trim() !== (contact.channels[ch].reason ?? ''))
          .map((ch) => drafts[ch].reason.trim())
          .filter((reason) => reason !== ''),
      ),
    ];
    setEvidence(typed.length === 1 ? (typed[0] ?? '') : '');
    setEvidenceError(null);
    setConfirming(channels);
  }

  function save() {
    if (changes.length === 0) {
      close();
      return;
    }
    if (protectedLifts.length > 0) openConfirmation(protectedLifts);
    else void apply(false, null);
  }

  function confirmLift() {
    const reason = evidence.trim();
    if (reason === '') {
      setEvidenceError('Say what evidence of consent you have: the reason is kept in the audit log.');
      document.getElementById(`${id}-evidence`)?.focus();
      return;
    }
    void apply(true, reason);
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
            // A status this contact's identifiers cannot carry is not offered (the core would refuse it).
            const uncarried = !carried.has(channel);
            const noteId = `${id}-${channel}-uncarried`;
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
                  {uncarried ? (
                    <div id={noteId} className="small" style={{ fontWeight: 400, color: 'var(--muted)' }}>
                      Needs {neededFor(channel)} to block on {label}: add one with Edit.
                    </div>
                  ) : null}
                </th>
                <td>
                  <select
                    className="select"
                    style={{ width: '100%' }}
                    aria-label={`${label} status`}
                    aria-describedby={uncarried ? noteId : undefined}
                    value={draft.status}
                    disabled={uncarried && view.status === 'none'}
                    onChange={(e) => setDraft(channel, { status: e.target.value as Status })}
                  >
                    <option value="none">Not blocked</option>
                    {!uncarried || view.status === 'blocked' ? <option value="blocked">Blocked</option> : null}
                    {channel === 'email' && (!uncarried || view.status === 'whitelisted') ? <option value="whitelisted">Whitelisted</option> : null}
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
        Lifting an Unsubscribe, Opt-out, Hard bounce or Spam complaint asks for confirmation and a written reason (what evidence of consent you
        have): those record the contact&apos;s own wish or the network&apos;s verdict.
      </p>
      <ErrorNotice message={error} />
      {confirming ? (
        <ConfirmDialog
          title="Lift a protected block?"
          confirmLabel={busy ? 'Lifting…' : 'Yes, lift it'}
          danger
          busy={busy}
          onCancel={() => setConfirming(null)}
          onConfirm={confirmLift}
        >
          <p>
            {confirming
              .map((ch) => `${CHANNEL_LABELS[ch]} (${categoryLabel(contact.channels[ch].category)})`)
              .join(', ')}{' '}
            {confirming.length === 1 ? 'records' : 'record'} {name}&apos;s own wish or the network&apos;s verdict.
          </p>
          <p>Lifting {confirming.length === 1 ? 'it' : 'them'} lets messages reach this contact again.</p>
          <div className="field">
            <label htmlFor={`${id}-evidence`}>Evidence of consent (required)</label>
            <textarea
              id={`${id}-evidence`}
              className="textarea"
              style={{ fontFamily: 'inherit', fontSize: 'inherit' }}
              rows={3}
              maxLength={500}
              data-autofocus
              required
              aria-required="true"
              aria-invalid={evidenceError !== null}
              aria-describedby={`${id}-evidence-hint${evidenceError ? ` ${id}-evidence-error` : ''}`}
              value={evidence}
              onChange={(e) => {
                setEvidence(e.target.value);
                if (evidenceError) setEvidenceError(null);
              }}
            />
            <span id={`${id}-evidence-hint`} className="field-hint">
              What shows the contact agreed again (a signed form, a recorded call, a START message), kept with the change in the audit log.
            </span>
            {evidenceError ? (
              <span id={`${id}-evidence-error`} className="field-error" role="alert">
                {evidenceError}
              </span>
            ) : null}
          </div>
        </ConfirmDialog>
      ) : null}
    </Dialog>
  );
}
