import { useId, useState } from 'react';
import { emitAppEvent } from '../../bridge/appEvents';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CategoryOptions } from '../../components/VocabularyOptions';
import { CHANNEL_LABELS, CHANNEL_ORDER } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useListing } from '../../state/listingStore';
import { allowedChannels, withChannel, type CategoryName, type ChannelName, type IdentifierName } from '../../state/vocabulary';

const USING_LABELS: Record<IdentifierName, string> = { customer_id: 'Customer ID', email: 'Email ID', mobile: 'Mobile' };

/** What a search text most likely is: an address with `@`, a number of 7+ digits, else a customer ID. */
export function guessIdentifier(text: string): IdentifierName {
  if (text.includes('@')) return 'email';
  if (/^[+\d\s().-]+$/.test(text) && text.replace(/\D/g, '').length >= 7) return 'mobile';
  return 'customer_id';
}

/** Offered where a search found nothing: block what was searched for, without retyping it. */
export function BlocklistThisButton({ value }: { value: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
        Blocklist this
      </button>
      {open ? <BlocklistThisDialog value={value} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** The Blocklist Contact page for one identifier, pre-filled with the search text; the change is immediate and audited. */
export function BlocklistThisDialog({ value, onClose }: { value: string; onClose: () => void }) {
  const id = useId();
  const [using, setUsing] = useState<IdentifierName>(() => guessIdentifier(value));
  const [text, setText] = useState(value);
  const [channels, setChannels] = useState<ChannelName[]>(() => [...allowedChannels(guessIdentifier(value))]);
  const [category, setCategory] = useState<CategoryName>('manual');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const allowed = allowedChannels(using);

  function chooseUsing(next: IdentifierName) {
    setUsing(next);
    setChannels([...allowedChannels(next)]);
  }

  async function submit() {
    if (channels.length === 0) {
      setError('Choose at least one channel.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await desk().contacts.block({ using, value: text.trim(), channels, category, reason: reason.trim() === '' ? null : reason.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(errorText(result.error));
      return;
    }
    const on = result.value.changedChannels.map((ch) => CHANNEL_LABELS[ch]).join(', ');
    useApp.getState().toast('ok', on === '' ? `${text.trim()} was already blocked on those channels.` : `Blocked ${text.trim()} on ${on}.`);
    emitAppEvent('desk:contact-changed', { id: result.value.contact.id, action: 'block' });
    void useApp.getState().refreshCounts();
    onClose();
    void useListing.getState().search(text.trim());
  }

  return (
    <Dialog
      title="Blocklist this contact"
      onClose={onClose}
      testId="blocklist-this"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="button button-primary" disabled={busy}>
            {busy ? 'Blocking…' : 'Blocklist'}
          </button>
        </>
      }
    >
      <form
        id={`${id}-form`}
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset className="field">
          <legend className="field-label">Blocklist using</legend>
          <div className="choice-row">
            {(Object.keys(USING_LABELS) as IdentifierName[]).map((option) => (
              <label className="check" key={option}>
                <input type="radio" name={`${id}-using`} checked={using === option} onChange={() => chooseUsing(option)} />
                {USING_LABELS[option]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-value`}>{USING_LABELS[using]}</label>
          <input id={`${id}-value`} className="input" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <fieldset className="field">
          <legend className="field-label">Channels</legend>
          <div className="choice-row">
            {CHANNEL_ORDER.map((channel) => (
              <label className="check" key={channel}>
                <input
                  type="checkbox"
                  disabled={!allowed.includes(channel)}
                  checked={channels.includes(channel)}
                  onChange={(e) => setChannels(withChannel(channels, channel, e.target.checked))}
                />
                {CHANNEL_LABELS[channel]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-category`}>Category</label>
          <select id={`${id}-category`} className="select" value={category} onChange={(e) => setCategory(e.target.value as CategoryName)}>
            <CategoryOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason (optional)</label>
          <input id={`${id}-reason`} className="input" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <ErrorNotice message={error} />
      </form>
    </Dialog>
  );
}
