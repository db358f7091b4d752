import { useId, useMemo, useState } from 'react';
import type { ExportScope } from '../../../src/api/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ChannelOptions } from '../../components/VocabularyOptions';
import { categoryLabel, CHANNEL_LABELS, formatInstant } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { isFinished, useJobs } from '../../state/jobsStore';
import { useListing, type ListingFilters, type ListingTab } from '../../state/listingStore';
import type { ChannelName } from '../../state/vocabulary';
import { SOURCE_OPTIONS } from '../listing/FilterBar';

type ScopeKind = ExportScope['kind'];

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The listing's tab and filters in words. */
export function describeFilter(tab: ListingTab, filters: ListingFilters): string {
  const parts = [tab === 'identified' ? 'Identified contacts' : 'Anonymous contacts'];
  if (filters.channel) parts.push(`channel ${CHANNEL_LABELS[filters.channel]}`);
  if (filters.status) parts.push(filters.status);
  if (filters.category) parts.push(`category ${categoryLabel(filters.category)}`);
  if (filters.source) parts.push(`source ${SOURCE_OPTIONS.find((s) => s.value === filters.source)?.label ?? filters.source}`);
  if (filters.changedFrom) parts.push(`changed from ${formatInstant(filters.changedFrom)}`);
  if (filters.changedTo) parts.push(`changed to ${formatInstant(filters.changedTo)}`);
  return parts.join(' · ');
}

function suggestedName(kind: ScopeKind, channel: ChannelName): string {
  const part = kind === 'all' ? 'all' : kind === 'channel' ? channel : 'filtered';
  return `blocklist-${part}-${today()}.csv`;
}

/** Export the whole list, one channel, or the listing's current filter, as CSV. */
export function DownloadScreen() {
  const id = useId();
  const tab = useListing((s) => s.tab);
  const filters = useListing((s) => s.filters);
  const toast = useApp((s) => s.toast);
  const jobs = useJobs((s) => s.jobs);
  const exports = useMemo(() => jobs.filter((j) => j.kind === 'export').slice(0, 5), [jobs]);
  const [kind, setKind] = useState<ScopeKind>('all');
  const [channel, setChannel] = useState<ChannelName>('email');
  const [name, setName] = useState(() => suggestedName('all', 'email'));
  const [nameEdited, setNameEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = (nextKind: ScopeKind, nextChannel: ChannelName = channel) => {
    setKind(nextKind);
    setChannel(nextChannel);
    if (!nameEdited) setName(suggestedName(nextKind, nextChannel));
  };

  async function start() {
    setError(null);
    const fileName = name.trim() === '' ? suggestedName(kind, channel) : name.trim().replace(/[\\/]/g, '-');
    const scope: ExportScope = kind === 'all' ? { kind } : kind === 'channel' ? { kind, channel } : { kind, filter: { ...filters, tab } };
    setBusy(true);
    const target = await desk().saveAs({ suggestedName: fileName.toLowerCase().endsWith('.csv') ? fileName : `${fileName}.csv` });
    if (!target.ok || target.value === null) {
      setBusy(false);
      if (!target.ok) setError(errorText(target.error));
      return;
    }
    const started = await desk().jobs.startExport({ scope, target: target.value.ref });
    setBusy(false);
    if (!started.ok) {
      setError(errorText(started.error));
      return;
    }
    useJobs.getState().queued(started.value.job, { deliver: target.value.ref.startsWith('download:') });
  }

  return (
    <section className="screen" aria-labelledby={`${id}-title`}>
      <div className="screen-header">
        <h1 id={`${id}-title`}>Download</h1>
        <span className="subtle small">CSV, formula-safe, re-importable. Big lists stream; the export runs as a job.</span>
      </div>
      <form
        className="panel form-grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <span className="field-label" id={`${id}-scope`}>
          What to export
        </span>
        <div className="stack" role="radiogroup" aria-labelledby={`${id}-scope`} style={{ gap: 8, paddingTop: 6 }}>
          <label className="check">
            <input type="radio" name={`${id}-scope`} checked={kind === 'all'} onChange={() => pick('all')} />
            The whole list (both tabs, every channel)
          </label>
          <div className="row">
            <label className="check">
              <input type="radio" name={`${id}-scope`} checked={kind === 'channel'} onChange={() => pick('channel')} />
              One channel:
            </label>
            <select
              className="select"
              aria-label="Channel to export"
              value={channel}
              onChange={(e) => pick('channel', e.target.value as ChannelName)}
            >
              <ChannelOptions />
            </select>
          </div>
          <label className="check">
            <input type="radio" name={`${id}-scope`} checked={kind === 'listing'} onChange={() => pick('listing')} />
            The listing&apos;s current filter
          </label>
          <span className="field-hint" style={{ marginLeft: 22 }}>
            {describeFilter(tab, filters)}
          </span>
        </div>

        <label className="field-label" htmlFor={`${id}-name`}>
          File name
        </label>
        <div className="field">
          <input
            id={`${id}-name`}
            className="input"
            style={{ maxWidth: 360 }}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setNameEdited(true);
            }}
          />
          <span className="field-hint">The desktop app asks where to save it; in a browser it is downloaded.</span>
        </div>

        <span />
        <div className="stack" style={{ gap: 8 }}>
          <ErrorNotice message={error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Starting…' : 'Export'}
            </button>
          </div>
        </div>
      </form>

      {exports.length > 0 ? (
        <div className="panel">
          <h2>Recent exports</h2>
          <table className="plain">
            <thead>
              <tr>
                <th scope="col">Export</th>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col">
                  <span className="visually-hidden">File</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {exports.map((job) => (
                <tr key={job.id} data-job-id={job.id} data-status={job.status}>
                  <td>{job.label}</td>
                  <td>{formatInstant(job.created_at, true)}</td>
                  <td>
                    <span className={`pill pill-${job.status}`}>{job.status}</span>
                  </td>
                  <td className="num">{job.report ? job.report.rows_read.toLocaleString() : '—'}</td>
                  <td>
                    {isFinished(job) && job.files.out ? (
                      <button
                        type="button"
                        className="button button-small"
                        onClick={async () => {
                          const file = job.files.out;
                          if (!file) return;
                          const r = await desk().downloadFile(file);
                          if (!r.ok) toast('error', errorText(r.error));
                        }}
                      >
                        Download {job.files.out.name}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
