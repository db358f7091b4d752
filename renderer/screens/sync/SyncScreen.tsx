import { useCallback, useEffect, useId, useState } from 'react';
import type { JobView, SyncView } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount, formatInstant } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { isFinished, useJobs } from '../../state/jobsStore';
import { JobReportView } from '../jobs/JobReportView';

type Remote = SyncView['remote'];

const REMOTES: { value: Remote; label: string; hint: string }[] = [
  { value: 'ce-v1', label: 'CE Blocklist Sync API (v1)', hint: 'Push and pull, all four channels. For example https://ce.example.com/blocklist/v1' },
  { value: 'netcore-email', label: 'Netcore email blacklist', hint: 'Push only, email blocks only. For example https://apiin.netcoresmartech.com' },
];

const SCHEDULES = [0, 5, 15, 30, 60, 240, 1440];
const scheduleLabel = (m: number) => (m === 0 ? 'Off — only when I click Run now' : m < 60 ? `Every ${m} minutes` : m === 60 ? 'Every hour' : m === 1440 ? 'Every day' : `Every ${m / 60} hours`);

const KEY_BADGE: Record<SyncView['key']['source'], string> = {
  keychain: 'Saved (encrypted)',
  plain_text: 'Saved (plain text)',
  environment: 'From the environment',
  none: 'Not set',
};

const KEY_PILL: Record<SyncView['key']['source'], string> = {
  keychain: 'pill-succeeded',
  plain_text: 'pill-failed',
  environment: 'pill-succeeded',
  none: '',
};

/** Sync with CE: where, how often, the key, what waits in the outbox, and the last runs. */
export function SyncScreen() {
  const id = useId();
  const toast = useApp((s) => s.toast);
  const [view, setView] = useState<SyncView | null>(null);
  const [remote, setRemote] = useState<Remote>('ce-v1');
  const [url, setUrl] = useState('');
  const [every, setEvery] = useState(0);
  const [key, setKey] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const jobs = useJobs((s) => s.jobs);
  const progress = useJobs((s) => s.progress);

  const load = useCallback(async () => {
    const result = await desk().sync.get({});
    if (!result.ok) return setError({ message: errorText(result.error) });
    setView(result.value);
    setRemote(result.value.remote);
    setUrl(result.value.url);
    setEvery(result.value.every_minutes);
    emitAppEvent('desk:sync-loaded', { outbox: result.value.outbox.total, runs: result.value.runs.length });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // A sync that ends (here or on schedule) changes the runs and the outbox.
  const lastSyncEnd = jobs.find((j) => j.kind === 'sync' && isFinished(j))?.finished_at ?? null;
  useEffect(() => {
    if (lastSyncEnd !== null) void load();
  }, [lastSyncEnd, load]);

  if (!view) return <section className="screen" data-state="loading" aria-busy="true" aria-label="Sync" />;
  const dirty = remote !== view.remote || url.trim() !== view.url || every !== view.every_minutes;
  const runningJob: JobView | undefined = jobs.find((j) => j.kind === 'sync' && !isFinished(j)) ?? view.runs.find((j) => !isFinished(j));
  const running = runningJob ? progress[runningJob.id] : undefined;
  const hasKey = view.key.source !== 'none';

  async function save() {
    setBusy(true);
    setError(null);
    const result = await desk().sync.update({ remote, url: url.trim(), every_minutes: every });
    setBusy(false);
    if (!result.ok) return setError({ field: result.error.field, message: errorText(result.error) });
    setView(result.value);
    toast('ok', 'Sync settings saved.');
  }

  async function saveKey(value: string | null) {
    setBusy(true);
    setError(null);
    const result = await desk().sync.saveKey({ key: value });
    setBusy(false);
    if (!result.ok) return setError({ field: 'key', message: errorText(result.error) });
    setKey('');
    setView(result.value);
    toast('ok', value === null ? 'API key forgotten.' : 'API key saved.');
  }

  async function runNow() {
    setError(null);
    const result = await desk().sync.run({});
    if (!result.ok) return setError({ field: result.error.field, message: errorText(result.error) });
    useJobs.getState().queued(result.value.job);
    emitAppEvent('desk:job-started', { id: result.value.job.id, kind: 'sync' });
    void load();
  }

  const remoteHint = REMOTES.find((r) => r.value === remote)?.hint ?? '';
  return (
    <section className="screen" aria-labelledby={`${id}-title`} data-state="ready">
      <div className="screen-header">
        <h1 id={`${id}-title`}>Sync with CE</h1>
        <div>
          <button type="button" className="button button-primary" onClick={() => void runNow()} disabled={runningJob !== undefined || view.url === '' || !hasKey || dirty}>
            {runningJob ? 'Syncing…' : 'Run now'}
          </button>
        </div>
      </div>
      <p className="subtle" style={{ marginTop: 0 }}>
        Local changes wait in the outbox until CE accepts them; CE&apos;s changes (opt-outs captured by the messaging platform, panel edits) come back on the next run. The later change wins; an older unblock never lifts a newer opt-out.
      </p>
      {runningJob ? (
        <div className="notice" role="status" data-testid="sync-progress">
          Sync running{running ? ` — ${running.phase === 'writing' ? 'pushing' : 'pulling'} ${formatCount(running.rows)} changes` : ''}…{' '}
          <button type="button" className="button button-small" onClick={() => void useJobs.getState().cancel(runningJob.id)}>
            Cancel
          </button>
        </div>
      ) : null}
      <ErrorNotice message={error?.message ?? null} />

      <form
        className="panel form-grid"
        aria-label="Remote"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <span className="field-label" id={`${id}-remote`}>
          Remote
        </span>
        <div className="choice-row" role="radiogroup" aria-labelledby={`${id}-remote`}>
          {REMOTES.map((r) => (
            <label key={r.value} className="check">
              <input type="radio" name="remote" checked={remote === r.value} onChange={() => setRemote(r.value)} />
              {r.label}
            </label>
          ))}
        </div>

        <label className="field-label" htmlFor={`${id}-url`}>
          URL
        </label>
        <div className="field">
          <input
            id={`${id}-url`}
            className="input"
            style={{ width: 460 }}
            type="url"
            value={url}
            placeholder={remote === 'ce-v1' ? 'https://ce.example.com/blocklist/v1' : 'https://api.netcoresmartech.com'}
            aria-invalid={error?.field === 'url' ? true : undefined}
            onChange={(e) => setUrl(e.target.value)}
          />
          <span className="field-hint">{remoteHint}. https:// is required except for this computer (localhost).</span>
        </div>

        <label className="field-label" htmlFor={`${id}-every`}>
          Schedule
        </label>
        <div className="field">
          <select id={`${id}-every`} className="select" style={{ width: 300 }} value={every} onChange={(e) => setEvery(Number(e.target.value))}>
            {SCHEDULES.map((m) => (
              <option key={m} value={m}>
                {scheduleLabel(m)}
              </option>
            ))}
          </select>
          <span className="field-hint">{view.next_run_at ? `Next run ${formatInstant(view.next_run_at)}, while the app is open.` : 'Runs only while the app is open.'}</span>
        </div>

        <span />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy || !dirty}>
            Save sync settings
          </button>
        </div>
      </form>

      <div className="panel form-grid" role="group" aria-labelledby={`${id}-key`}>
        <span className="field-label" id={`${id}-key`}>
          API key
        </span>
        <div className="field">
          <div>
            <span className={`pill ${KEY_PILL[view.key.source]}`} data-testid="key-source">
              {KEY_BADGE[view.key.source]}
            </span>
          </div>
          <span className="field-hint" data-testid="key-note">
            {view.key.note}
          </span>
          {view.key.canStore ? (
            <form
              className="choice-row"
              onSubmit={(event) => {
                event.preventDefault();
                void saveKey(key);
              }}
            >
              <label className="visually-hidden" htmlFor={`${id}-key-input`}>
                New API key
              </label>
              <input id={`${id}-key-input`} className="input" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} placeholder="Paste the key from CE" style={{ width: 300 }} />
              <button type="submit" className="button" disabled={busy || key.trim() === ''}>
                Save key
              </button>
              {view.key.source === 'keychain' || view.key.source === 'plain_text' ? (
                <button type="button" className="button" disabled={busy} onClick={() => void saveKey(null)}>
                  Forget key
                </button>
              ) : null}
            </form>
          ) : null}
        </div>
      </div>

      <div className="panel" role="group" aria-labelledby={`${id}-outbox`}>
        <h2 id={`${id}-outbox`}>
          Waiting in the outbox: <span data-testid="outbox-total">{formatCount(view.outbox.total)}</span> change{view.outbox.total === 1 ? '' : 's'}
        </h2>
        {view.outbox.total > 0 ? (
          <dl className="stats">
            {Object.entries(view.outbox.byChannel).map(([channel, n]) => (
              <div key={channel}>
                <dt>{channel === 'sms' || channel === 'rcs' ? channel.toUpperCase() : channel === 'whatsapp' ? 'WhatsApp' : 'Email'}</dt>
                <dd data-outbox={channel}>{formatCount(n)}</dd>
              </div>
            ))}
            <div>
              <dt>Blocks</dt>
              <dd>{formatCount(view.outbox.byAction.block + view.outbox.byAction.whitelist)}</dd>
            </div>
            <div>
              <dt>Unblocks</dt>
              <dd>{formatCount(view.outbox.byAction.unblock)}</dd>
            </div>
          </dl>
        ) : (
          <p className="subtle">Nothing waits: CE has every local change.</p>
        )}
      </div>

      <div className="panel" role="group" aria-labelledby={`${id}-runs`}>
        <h2 id={`${id}-runs`}>
          Last runs
        </h2>
        {view.runs.length === 0 ? <p className="subtle">No sync has run yet.</p> : null}
        <ul className="stack" style={{ listStyle: 'none', padding: 0, gap: 12 }}>
          {view.runs.map((run) => (
            <li key={run.id} className="sync-run" data-job={run.id} data-status={run.status}>
              <div className="sync-run-head">
                <strong>{formatInstant(run.created_at)}</strong> <span className={`pill pill-${run.status}`}>{run.status}</span>{' '}
                <span className="subtle small">{run.label}</span>
              </div>
              {run.error ? <p className="notice notice-error">{run.error.message}</p> : null}
              {run.report ? <JobReportView report={run.report} kind="sync" /> : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
