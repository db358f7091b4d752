import { useId, useState } from 'react';
import type { ContactView } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ReasonField } from '../../components/ReasonField';
import { contactName } from '../../format/contactLabel';
import { categoryLabel, CHANNEL_LABELS } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useContactDialog } from '../../state/contactDialogStore';
import { useListing } from '../../state/listingStore';
import { ALL_CHANNELS, isProtected } from '../../state/vocabulary';

/**
 * Removes a contact from the blocklist, after saying what that lifts. A protected block
 * (unsubscribe, opt-out, …) needs a written reason, kept in the audit log; any other
 * delete may give one.
 */
export function DeleteContactDialog({ contact }: { contact: ContactView }) {
  const close = useContactDialog((s) => s.close);
  const primaryKey = useApp((s) => s.settings?.primary_key ?? 'email');
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const name = contactName(contact, primaryKey);
  const active = ALL_CHANNELS.filter((ch) => contact.channels[ch].status !== 'none');
  const guarded = active.filter((ch) => isProtected(contact.channels[ch].category));

  async function remove() {
    const given = reason.trim();
    if (guarded.length > 0 && given === '') {
      setReasonError('Say what evidence of consent you have: the reason is kept in the audit log.');
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    // The question below names any protected category, so answering it is the confirmation.
    const result = await desk().contacts.delete({ contactId: contact.id, confirm: true, ...(given === '' ? {} : { reason: given }) });
    setBusy(false);
    if (!result.ok) {
      if (result.error.field === 'reason') setReasonError(errorText(result.error));
      else setError(errorText(result.error));
      return;
    }
    useListing.getState().removeContact(contact.id);
    void useApp.getState().refreshCounts();
    emitAppEvent('desk:contact-changed', { id: contact.id, action: 'delete' });
    useApp.getState().toast('ok', `Deleted ${name} from the blocklist.`);
    close();
  }

  return (
    <ConfirmDialog title={`Delete ${name}?`} confirmLabel={busy ? 'Deleting…' : 'Delete'} danger busy={busy} onCancel={close} onConfirm={() => void remove()}>
      <p>
        {name} will be removed from the blocklist
        {active.length > 0
          ? `, lifting ${active.map((ch) => `${CHANNEL_LABELS[ch]} (${categoryLabel(contact.channels[ch].category)})`).join(', ')}`
          : ''}
        . The audit log keeps a record.
      </p>
      {guarded.length > 0 ? (
        <p className="notice notice-warn">
          {guarded.map((ch) => CHANNEL_LABELS[ch]).join(', ')} {guarded.length === 1 ? 'records' : 'record'} the contact&apos;s own wish or the
          network&apos;s verdict. Delete only if you are sure it no longer applies.
        </p>
      ) : null}
      <ReasonField
        id={id}
        required={guarded.length > 0}
        rows={guarded.length > 0 ? 3 : 2}
        autoFocus={guarded.length > 0}
        hint={guarded.length > 0 ? 'What shows the contact agreed again (a signed form, a recorded call), kept with the deletion in the audit log.' : undefined}
        value={reason}
        error={reasonError}
        onChange={(value) => {
          setReason(value);
          if (reasonError) setReasonError(null);
        }}
      />
      <ErrorNotice message={error} />
    </ConfirmDialog>
  );
}
