import { useEffect, useId, useMemo, useState } from 'react';
import { emitAppEvent } from '../../bridge/appEvents';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useListing } from '../../state/listingStore';
import { COUNTRY_CODES } from './countryCodes';

type PrimaryKey = 'email' | 'customer_id';

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

/** Primary key, default country, and where the data lives. */
export function SettingsScreen() {
  const id = useId();
  const settings = useApp((s) => s.settings);
  const setSettings = useApp((s) => s.setSettings);
  const toast = useApp((s) => s.toast);
  const countries = useCountryOptions();
  const [primaryKey, setPrimaryKey] = useState<PrimaryKey>(settings?.primary_key ?? 'email');
  const [country, setCountry] = useState(settings?.country ?? 'IN');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!settings) return;
    setPrimaryKey(settings.primary_key);
    setCountry(settings.country);
  }, [settings]);

  if (!settings) return <section className="screen" data-state="loading" aria-busy="true" aria-label="Settings" />;
  const dirty = primaryKey !== settings.primary_key || country !== settings.country;

  async function save() {
    setBusy(true);
    setError(null);
    setSaved(false);
    const result = await desk().settings.update({ primary_key: primaryKey, country });
    setBusy(false);
    if (!result.ok) {
      setError(errorText(result.error));
      return;
    }
    setSettings(result.value);
    setSaved(true);
    // A search typed as a national number now means another country.
    if (useListing.getState().mode === 'search') void useListing.getState().reload();
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
