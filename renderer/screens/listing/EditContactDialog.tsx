import { useId, useState } from 'react';
import type { ContactView } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { contactName } from '../../format/contactLabel';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useContactDialog } from '../../state/contactDialogStore';
import { useListing } from '../../state/listingStore';
import type { IdentifierName } from '../../state/vocabulary';

const FIELDS: { name: IdentifierName; label: string; hint: string }[] = [
  { name: 'customer_id', label: 'Customer ID', hint: 'Case-sensitive, up to 128 characters.' },
  { name: 'email', label: 'Email ID', hint: 'Matched in any case; kept as you write it.' },
  { name: 'mobile', label: 'Mobile', hint: 'Any format; national numbers use the default country.' },
];

/** Edit a contact's identifiers; a refusal about one field is shown beside that field. */
export function EditContactDialog({ contact }: { contact: ContactView }) {
  const close = useContactDialog((s) => s.close);
  const primaryKey = useApp((s) => s.settings?.primary_key ?? 'email');
  const [values, setValues] = useState<Record<IdentifierName, string>>({
    customer_id: contact.customer_id ?? '',
    email: contact.email ?? '',
    mobile: contact.mobile ?? '',
  });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<IdentifierName, string>>>({});
  /** A value another contact holds: the field and the value as typed, to find that contact. */
  const [heldBy, setHeldBy] = useState<{ field: IdentifierName; value: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const formId = `${id}-form`;

  const original: Record<IdentifierName, string> = { customer_id: contact.customer_id ?? '', email: contact.email ?? '', mobile: contact.mobile ?? '' };
  const changed = FIELDS.filter((f) => values[f.name].trim() !== original[f.name]);
  const emptied = FIELDS.every((f) => values[f.name].trim() === '');

  /** Leaves the edit for the contact that holds the value: the search finds it however it is written. */
  function showHolder(value: string) {
    close();
    void useListing.getState().search(value);
  }

  async function save() {
    setFieldErrors({});
    setHeldBy(null);
    setFormError(null);
    if (changed.length === 0) {
      close();
      return;
    }
    setBusy(true);
    const input: { contactId: number; customer_id?: string | null; email?: string | null; mobile?: string | null } = { contactId: contact.id };
    for (const f of changed) input[f.name] = values[f.name].trim() === '' ? null : values[f.name].trim();
    const result = await desk().contacts.edit(input);
    setBusy(false);
    if (!result.ok) {
      const field = result.error.field as IdentifierName | undefined;
      if (field && FIELDS.some((f) => f.name === field)) {
        setFieldErrors({ [field]: errorText(result.error) });
        if (result.error.code === 'conflict') setHeldBy({ field, value: values[field].trim() });
      }
      else setFormError(errorText(result.error));
      return;
    }
    useListing.getState().replaceContact(result.value.contact);
    void useApp.getState().refreshCounts();
    useApp.getState().toast('ok', `Saved ${contactName(result.value.contact, primaryKey)}.`);
    emitAppEvent('desk:contact-changed', { id: contact.id, action: 'edit' });
    close();
  }

  return (
    <Dialog
      title={`Edit ${contactName(contact, primaryKey)}`}
      onClose={close}
      testId="edit-contact"
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button button-primary" disabled={busy || emptied}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {FIELDS.map((f) => {
          const error = fieldErrors[f.name];
          return (
            <div className="field" key={f.name}>
              <label htmlFor={`${id}-${f.name}`}>{f.label}</label>
              <input
                id={`${id}-${f.name}`}
                className="input"
                name={f.name}
                value={values[f.name]}
                autoComplete="off"
                spellCheck={false}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-${f.name}-error` : `${id}-${f.name}-hint`}
                onChange={(e) => {
                  setValues({ ...values, [f.name]: e.target.value });
                  if (error) setFieldErrors({ ...fieldErrors, [f.name]: undefined });
                  if (heldBy?.field === f.name) setHeldBy(null);
                }}
              />
              {error ? (
                <span id={`${id}-${f.name}-error`} className="field-error" role="alert">
                  {error}
                  {heldBy?.field === f.name ? (
                    <>
                      <br />
                      <button type="button" className="link-button" onClick={() => showHolder(heldBy.value)}>
                        Show the contact that holds {heldBy.value}
                      </button>
                    </>
                  ) : null}
                </span>
              ) : (
                <span id={`${id}-${f.name}-hint`} className="field-hint">
                  {f.hint} Leave empty to remove.
                </span>
              )}
            </div>
          );
        })}
        {emptied ? <p className="field-error">A contact keeps at least one identifier; to remove it, use Delete.</p> : null}
        <ErrorNotice message={formError} />
      </form>
    </Dialog>
  );
}
