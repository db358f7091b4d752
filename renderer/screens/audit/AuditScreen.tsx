import { useEffect, useId, useRef, useState } from 'react';
import type { AuditEntry } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { ChannelOptions } from '../../components/VocabularyOptions';
import { CHANNEL_LABELS, formatInstant, sourceLabel } from '../../format/display';
import { actionLabel, AuditChange } from './AuditChange';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useJobs } from '../../state/jobsStore';
import type { ChannelName } from '../../state/vocabulary';

interface AuditFilterForm {
  contact: string;
  channel: ChannelName | '';
  actor: string;
  since: string;
}

const EMPTY: AuditFilterForm = { contact: '', channel: '', actor: '', since: '' };
const PAGE = 200;

type AuditQuery = { contact?: string; channel?: ChannelName; actor?: string; since?: string };

function sinceInstant(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The form as a query. The core reads the contact as any identifier the person has or had
 * (an email in another case, a mobile in another format, an address since edited away, a
 * deleted contact), so the export below holds the same entries.
 */
function toQuery(form: AuditFilterForm): AuditQuery {
  const query: AuditQuery = {};
  const contact = form.contact.trim();
  if (contact !== '') query.contact = contact;
  if (form.channel) query.channel = form.channel;
  if (form.actor.trim() !== '') query.actor = form.actor.trim();
  const since = sinceInstant(form.since);
  if (since) query.since = since;
  return query;
}

/** Every change, newest first: filter by contact, channel, actor, date; export to CSV. */
export function AuditScreen() {
  const id = useId();
  const toast = useApp((s) => s.toast);
  const [form, setForm] = useState<AuditFilterForm>(EMPTY);
  const [query, setQuery] = useState<AuditQuery>({});
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  async function load(q: AuditQuery, before: number | null) {
    const mine = before === null ? (generation.current += 1) : generation.current;
    setLoading(true);
    setError(null);
    const result = await desk().audit.list({ ...q, before, limit: PAGE });
    if (mine !== generation.current) return;
    setLoading(false);
    if (!result.ok) {
      setError(errorText(result.error));
      return;
    }
    setEntries((current) => {
      const all = before === null ? result.value.entries : [...current, ...result.value.entries];
      emitAppEvent('desk:audit-loaded', { rows: all.length });
      return all;
    });
    setNext(result.value.next);
  }

  useEffect(() => {
    void load({}, null);
  }, []);

  async function apply(nextForm: AuditFilterForm) {
    const q = toQuery(nextForm);
    setQuery(q);
    await load(q, null);
  }

  async function exportLog() {
    const target = await desk().saveAs({ suggestedName: `audit-log-${new Date().toISOString().slice(0, 10)}.csv` });
    if (!target.ok) {
      toast('error', errorText(target.error));
      return;
    }
    if (target.value === null) return;
    // The export holds what the screen shows: the same filters, oldest first.
    const started = await desk().audit.export({ ...query, target: target.value.ref });
    if (!started.ok) {
      toast('error', errorText(started.error));
      return;
    }
    useJobs.getState().queued(started.value.job, { deliver: target.value.ref.startsWith('download:') });
  }

  const filtered = Object.keys(query).length > 0;

  return (
    <section className="screen screen-fixed" aria-labelledby={`${id}-title`} data-state={loading ? 'loading' : 'ready'}>
      <div className="screen-header">
        <h1 id={`${id}-title`}>Audit log</h1>
        <button type="button" className="button" onClick={() => void exportLog()}>
          Export audit log
        </button>
      </div>
      <form
        className="filters"
        aria-label="Audit filters"
        onSubmit={(event) => {
          event.preventDefault();
          void apply(form);
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-contact`}>Contact</label>
          <input
            id={`${id}-contact`}
            className="input"
            style={{ width: 220 }}
            placeholder="Customer ID, email or mobile"
            title="Any identifier the person has or had, written any way"
            value={form.contact}
            onChange={(e) => setForm({ ...form, contact: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-channel`}>Channel</label>
          <select id={`${id}-channel`} className="select" value={form.channel} onChange={(e) => setForm({ ...form, channel: e.target.value as ChannelName | '' })}>
            <option value="">Any channel</option>
            <ChannelOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-actor`}>Actor</label>
          <input id={`${id}-actor`} className="input" style={{ width: 140 }} value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-since`}>Since</label>
          <input id={`${id}-since`} type="date" className="input" value={form.since} onChange={(e) => setForm({ ...form, since: e.target.value })} />
        </div>
        <button type="submit" className="button button-small button-primary">
          Apply
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={!filtered && form === EMPTY}
          onClick={() => {
            setForm(EMPTY);
            void apply(EMPTY);
          }}
        >
          Clear
        </button>
      </form>
      <div className="table-wrap">
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit entries (scrollable)">
          <table className="plain audit-table" aria-label="Audit entries" aria-busy={loading}>
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Contact</th>
                <th scope="col">Channel</th>
                <th scope="col">Change</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-audit-id={entry.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{formatInstant(entry.at, true)}</td>
                  <td>{entry.actor}</td>
                  <td>{actionLabel(entry.action)}</td>
                  <td className="audit-contact">{entry.contact}</td>
                  <td>{entry.channel ? CHANNEL_LABELS[entry.channel] : '—'}</td>
                  <td className="audit-change">
                    <AuditChange entry={entry} />
                  </td>
                  <td>
                    {sourceLabel(entry.job ? (entry.source.split(':')[0] ?? entry.source) : entry.source)}
                    {entry.job ? (
                      <div className="small">
                        <span className="subtle">job </span>
                        <code>{entry.job}</code>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!loading && entries.length === 0 && !error ? <p className="table-empty">{filtered ? 'No entries match these filters.' : 'No changes recorded yet.'}</p> : null}
          {error ? (
            <p className="table-empty notice-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="table-foot">
          <span aria-live="polite">{loading ? 'Loading…' : `${entries.length.toLocaleString()} entr${entries.length === 1 ? 'y' : 'ies'}${next !== null ? ' loaded' : ''}`}</span>
          {next !== null ? (
            <button type="button" className="button button-small" disabled={loading} onClick={() => void load(query, next)}>
              Load older entries
            </button>
          ) : (
            <span>Newest first</span>
          )}
        </div>
      </div>
    </section>
  );
}
