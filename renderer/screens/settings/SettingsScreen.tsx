import { useEffect, useId, useMemo, useState } from 'react';
import type { KeywordListsView } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useListing } from '../../state/listingStore';
import { COUNTRY_CODES } from './countryCodes';

type PrimaryKey = 'email' | 'customer_id';

/** The four keyword lists as the form edits them: words separated by commas. */
type KeywordDraft = { smsOut: string; smsIn: string; whatsappOut: string; rcsOut: string };

function draftOf(lists: KeywordListsView): KeywordDraft {
  return { smsOut: lists.sms.opt_out.join(', '), smsIn: lists.sms.opt_in.join(', '), whatsappOut: lists.whatsapp.opt_out.join(', '), rcsOut: lists.rcs.opt_out.join(', ') };
}

function words(text: string): string[] {
  return text
    .split(/[,\n]+/)
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

function listsOf(draft: KeywordDraft): KeywordListsView {
  return { sms: { opt_out: words(draft.smsOut), opt_in: words(draft.smsIn) }, whatsapp: { opt_out: words(draft.whatsappOut) }, rcs: { opt_out: words(draft.rcsOut) } };
}

const KEYWORD_FIELDS: { key: keyof KeywordDraft; label: string; hint: string }[] = [
  { key: 'smsOut', label: 'SMS opt-out', hint: 'Block SMS with category Opt-out.' },
  { key: 'smsIn', label: 'SMS opt-in', hint: 'Lift an SMS block whose category is Opt-out; leave empty to turn opt-in off.' },
  { key: 'whatsappOut', label: 'WhatsApp opt-out', hint: 'Block WhatsApp. WhatsApp has no opt-in by keyword.' },
  { key: 'rcsOut', label: 'RCS opt-out', hint: 'Block RCS. RCS has no opt-in by keyword.' },
];

function useCountryOptions(): { code: string; name: string }[] {
  return useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames(undefined, { type: 'region' });
    } catch {
      names = null;
    }
    const nameOf = (code: string): string => {
      try {
        return names?.of(code) ?? code;
      } catch {
        return code; // a code this engine's region list lacks (AC, TA, XK)
      }
    };
    return COUNTRY_CODES.map((code) => ({ code, name: nameOf(code) })).sort((a, b) => a.name.localeCompare(b.name));
  }, []);
}

type DateOrderSetting = 'country' | 'dmy' | 'mdy' | 'ymd';


/** Primary key, default country, date reading, keyword lists, and where the data lives. */
export function SettingsScreen() {
  const id = useId();
  const settings = useApp((s) => s.settings);
  const setSettings = useApp((s) => s.setSettings);
  const toast = useApp((s) => s.toast);
  const countries = useCountryOptions();
  const [primaryKey, setPrimaryKey] = useState<PrimaryKey>(settings?.primary_key ?? 'email');
  const [country, setCountry] = useState(settings?.country ?? 'IN');
  const [dateOrder, setDateOrder] = useState<DateOrderSetting>(settings?.date_order ?? 'country');
  const [timeZone, setTimeZone] = useState(settings?.time_zone ?? 'computer');
  const [keywords, setKeywords] = useState<KeywordDraft | null>(settings ? draftOf(settings.keywords) : null);
  const [senders, setSenders] = useState((settings?.sender_numbers ?? []).join('\n'));
  const [senderError, setSenderError] = useState<string | null>(null);
  const [keywordError, setKeywordError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  // Jobs change settings too (a keywords job adds our sender numbers): read them afresh on opening.
  useEffect(() => {
    void desk()
      .settings.get({})
      .then((result) => {
        if (result.ok) setSettings(result.value);
      });
  }, [setSettings]);

  useEffect(() => {
    if (!settings) return;
    setPrimaryKey(settings.primary_key);
    setCountry(settings.country);
    setDateOrder(settings.date_order);
    setTimeZone(settings.time_zone);
    setKeywords(draftOf(settings.keywords));
    setSenders(settings.sender_numbers.join('\n'));
  }, [settings]);

  if (!settings) return <section className="screen" data-state="loading" aria-busy="true" aria-label="Settings" />;
  const keywordsDirty = keywords !== null && JSON.stringify(listsOf(keywords)) !== JSON.stringify(settings.keywords);
  const senderList = senders.split(/[\n,;]+/).map((n) => n.trim()).filter((n) => n !== '');
  const sendersDirty = senderList.join('\n') !== settings.sender_numbers.join('\n');
  const dirty = sendersDirty || primaryKey !== settings.primary_key || country !== settings.country || dateOrder !== settings.date_order || timeZone.trim() !== settings.time_zone || keywordsDirty;

  async function save() {
    setBusy(true);
    setError(null);
    setKeywordError(null);
    setSenderError(null);
    setSaved(false);
    const result = await desk().settings.update({
      primary_key: primaryKey,
      country,
      date_order: dateOrder,
      time_zone: timeZone.trim() === '' ? 'computer' : timeZone.trim(),
      keywords: keywordsDirty && keywords ? listsOf(keywords) : undefined,
      sender_numbers: sendersDirty ? senderList : undefined,
    });
    setBusy(false);
    if (!result.ok) {
      if (result.error.field === 'keywords') setKeywordError(errorText(result.error));
      else if (result.error.field === 'sender_numbers') setSenderError(errorText(result.error));
      else setError(errorText(result.error));
      return;
    }
    setSettings(result.value);
    setSaved(true);
    // A search typed as a national number now means another country.
    if (useListing.getState().mode === 'search') void useListing.getState().reload();
    setKeywords(draftOf(result.value.keywords));
    setSenders(result.value.sender_numbers.join('\n'));
    emitAppEvent('desk:settings-saved', { country: result.value.country, primary_key: result.value.primary_key });
    toast('ok', 'Settings saved.');
  }

  return (
    <section className="screen" aria-labelledby={`${id}-title`} data-state="ready">
      <div className="screen-header">
        <h1 id={`${id}-title`}>Settings</h1>
      </div>
      <form
        className="panel form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <span className="field-label" id={`${id}-pk`}>
          Primary key
        </span>
        <div>
          <div className="choice-row" role="radiogroup" aria-labelledby={`${id}-pk`}>
            <label className="check">
              <input type="radio" name="primary-key" checked={primaryKey === 'email'} onChange={() => setPrimaryKey('email')} />
              Email
            </label>
            <label className="check">
              <input type="radio" name="primary-key" checked={primaryKey === 'customer_id'} onChange={() => setPrimaryKey('customer_id')} />
              Customer ID
            </label>
          </div>
          <p className="field-hint" style={{ margin: '4px 0 0' }}>
            Names the listing&apos;s first column and the key used when pushing to CE. Match the account&apos;s setting in CE.
          </p>
        </div>

        <label className="field-label" htmlFor={`${id}-country`}>
          Default country
        </label>
        <div className="field">
          <select id={`${id}-country`} className="select" style={{ width: 300 }} value={country} onChange={(e) => setCountry(e.target.value)}>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
          <span className="field-hint">
            For mobile numbers written without a country code, in imports, pastes and search: with IN, <span className="nowrap">98765 43210</span> is <span className="nowrap">+91 98765 43210</span>.
          </span>
        </div>

        <label className="field-label" htmlFor={`${id}-date-order`}>
          Dates in files
        </label>
        <div className="field">
          <select id={`${id}-date-order`} className="select" style={{ width: 300 }} value={dateOrder} onChange={(e) => setDateOrder(e.target.value as DateOrderSetting)}>
            <option value="country">As the default country writes them ({settings.month_first_countries.includes(country) ? 'month first' : 'day first'})</option>
            <option value="dmy">Day first (25/01/2024)</option>
            <option value="mdy">Month first (01/25/2024)</option>
            <option value="ymd">Year first (2024/01/25)</option>
          </select>
          <span className="field-hint">
            For dates like 05/04/2024 in a file whose other dates do not settle the order (a 25/01/2024 anywhere in a file means day first). A date that cannot be read never
            cancels a block: the block is dated at the import and the problems file says so.
          </span>
        </div>

        <label className="field-label" htmlFor={`${id}-time-zone`}>
          Time zone of file times
        </label>
        <div className="field">
          <input
            id={`${id}-time-zone`}
            className="input"
            style={{ width: 300 }}
            value={timeZone === 'computer' ? '' : timeZone}
            placeholder={`This computer's (${settings.computer_time_zone})`}
            spellCheck={false}
            onChange={(e) => setTimeZone(e.target.value === '' ? 'computer' : e.target.value)}
          />
          <span className="field-hint">For times written without a zone, such as 14-03-2024 10:22: a name such as Asia/Kolkata or Europe/London. Leave empty for this computer&apos;s.</span>
        </div>

        <span className="field-label" id={`${id}-keywords`}>
          Keywords
        </span>
        <fieldset className="keyword-fields" aria-labelledby={`${id}-keywords`} aria-describedby={`${id}-keywords-hint`}>
          {KEYWORD_FIELDS.map((field) => (
            <div className="field" key={field.key}>
              <label htmlFor={`${id}-${field.key}`} className="keyword-field-label">
                {field.label}
              </label>
              <input
                id={`${id}-${field.key}`}
                className="input"
                value={keywords?.[field.key] ?? ''}
                spellCheck={false}
                autoCapitalize="characters"
                aria-invalid={keywordError ? true : undefined}
                aria-describedby={`${id}-${field.key}-hint${keywordError ? ` ${id}-keywords-error` : ''}`}
                onChange={(e) => {
                  const value = e.target.value;
                  setKeywords((current) => (current ? { ...current, [field.key]: value } : current));
                  setKeywordError(null);
                }}
              />
              <span className="field-hint" id={`${id}-${field.key}-hint`}>
                {field.hint}
              </span>
            </div>
          ))}
          <span className="field-hint" id={`${id}-keywords-hint`}>
            One word each, separated by commas; stored in capitals. A message matches when all of it, in any case and with punctuation, symbols and emoji around it ignored, is
            one of these words. The next keywords job uses them.
          </span>
          {keywordError ? (
            <p className="field-error" id={`${id}-keywords-error`} role="alert" style={{ margin: 0 }}>
              {keywordError}
            </p>
          ) : null}
        </fieldset>

        <label className="field-label" htmlFor={`${id}-senders`}>
          Our sender numbers
        </label>
        <div className="field">
          <textarea
            id={`${id}-senders`}
            className="textarea"
            rows={3}
            style={{ width: 300 }}
            value={senders}
            spellCheck={false}
            placeholder="+14155550100"
            aria-invalid={senderError ? true : undefined}
            aria-describedby={`${id}-senders-hint${senderError ? ` ${id}-senders-error` : ''}`}
            onChange={(e) => {
              setSenders(e.target.value);
              setSenderError(null);
            }}
          />
          <span className="field-hint" id={`${id}-senders-hint`}>
            The numbers you send from, one a line. In a message log without a direction, a message from one of them is yours (outbound) and never opts anyone out. Keyword jobs add
            the To of inbound messages here.
          </span>
          {senderError ? (
            <p className="field-error" id={`${id}-senders-error`} role="alert" style={{ margin: 0 }}>
              {senderError}
            </p>
          ) : null}
        </div>

        <span className="field-label">Data folder</span>
        <div className="field">
          <code className="data-folder" data-testid="data-folder">
            {settings.dataFolder}
          </code>
          <span className="field-hint">blocklist.db, job files and backups live here. Choose another with --data or BLOCKLIST_DESK_DATA.</span>
        </div>

        <span className="field-label">Version</span>
        <span style={{ paddingTop: 6 }}>{settings.appVersion}</span>

        <span />
        <div className="stack" style={{ gap: 8 }}>
          <ErrorNotice message={error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy || !dirty}>
              {busy ? 'Saving…' : 'Save settings'}
            </button>
            {saved && !dirty ? (
              <span className="subtle small" role="status" style={{ alignSelf: 'center' }}>
                Saved.
              </span>
            ) : null}
          </div>
        </div>
      </form>
    </section>
  );
}
