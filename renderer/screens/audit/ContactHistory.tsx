import { useEffect, useId, useState } from 'react';
import type { AuditEntry } from '../../../src/api/contract';
import { CHANNEL_LABELS, formatInstant, sourceLabel } from '../../format/display';
import { desk, errorText } from '../../state/desk';
import { actionLabel, AuditChange } from './AuditChange';

const PAGE = 50;

/** One contact's audit entries, newest first, older ones a page at a time. */
export function ContactHistory({ contactId }: { contactId: number }) {
  const id = useId();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  async function load(before: number | null, live: () => boolean = () => true) {
    setLoading(true);
    const result = await desk().audit.list({ contactId, before, limit: PAGE });
    if (!live()) return;
    setLoading(false);
    if (!result.ok) {
      setError(errorText(result.error));
      return;
    }
    setEntries((current) => (before === null ? result.value.entries : [...current, ...result.value.entries]));
    setNext(result.value.next);
  }

  useEffect(() => {
    let live = true;
    void load(null, () => live);
    return () => {
      live = false;
    };
    // The contact is fixed while the dialog is open.
  }, [contactId]);

  return (
    <section className="contact-history" aria-labelledby={`${id}-title`} aria-busy={loading}>
      <h3 id={`${id}-title`} className="field-label" style={{ margin: '16px 0 6px' }}>
        History <span className="subtle small">(newest first)</span>
      </h3>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {entries.length > 0 ? (
        <div style={{ maxHeight: 240, overflowY: 'auto' }} tabIndex={0} role="region" aria-label="Contact history (scrollable)">
          <table className="plain history-table" aria-label="Contact history" style={{ width: '100%' }}>
            <colgroup>
              <col style={{ width: 150 }} />
              <col />
              <col style={{ width: 130 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-audit-id={entry.id}>
                  <td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{formatInstant(entry.at)}</td>
                  <td style={{ verticalAlign: 'top' }}>
                    <span style={{ fontWeight: 500 }}>
                      {actionLabel(entry.action)}
                      {entry.channel ? ` ${CHANNEL_LABELS[entry.channel]}` : ''}
                    </span>
                    {entry.description ? ' ' : ': '}
                    <AuditChange entry={entry} />
                  </td>
                  <td style={{ verticalAlign: 'top' }}>
                    {entry.actor}
                    <div className="subtle small" title={entry.source}>
                      {sourceLabel(entry.job ? (entry.source.split(':')[0] ?? entry.source) : entry.source)}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {!loading && !error && entries.length === 0 ? <p className="subtle small">No changes recorded for this contact.</p> : null}
      {loading ? <p className="subtle small">Loading history…</p> : null}
      {next !== null && !loading ? (
        <button type="button" className="button button-small" style={{ marginTop: 6 }} onClick={() => void load(next)}>
          Show older changes
        </button>
      ) : null}
    </section>
  );
}
