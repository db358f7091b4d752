import { useCallback, useEffect, useId, useState } from 'react';
import type { JobView, SyncView } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CHANNEL_LABELS, CHANNEL_ORDER, formatCount, formatInstant, JOB_STATUS_LABELS } from '../../format/display';
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

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Why Run now cannot start, in the officer's words; null when it can. */
function whyNotRun(view: SyncView, running: boolean, dirty: boolean): string | null {
  if (running) return 'A sync is running: wait for it to end, or cancel it.';
  if (dirty) return 'Save the sync settings first: a run uses the saved ones.';
  if (view.url === '') return 'Enter the remote URL and save the sync settings first.';
  if (view.key.source === 'none') return 'No API key yet: see API key below.';
  return null;
}

/** What a running sync is doing, with `x of y` while it pushes. */
function RunProgress({ job, view }: { job: JobView; view: SyncView }) {
  const progress = useJobs((s) => s.progress[job.id]);
  const pulls = view.remote === 'ce-v1';
  if (!progress || (progress.phase === 'writing' && progress.bytes_total === 0)) {
    const waiting = view.outbox.total === 0 ? 'nothing waits to be pushed' : `${plural(view.outbox.total, 'change')} to push`;
    return <>Starting: {waiting}{pulls ? ", then CE's changes to pull" : ''}…</>;
  }
  if (progress.phase === 'writing') {
    const total = Math.max(progress.bytes_total, progress.rows);
    return (
      <>
        Pushing to CE: <span data-testid="sync-pushed">{formatCount(progress.rows)}</span> of <span data-testid="sync-push-total">{formatCount(total)}</span> changes sent
        <progress className="sync-meter" max={total} value={progress.rows} aria-label="Changes sent" />
      </>
    );
  }
  if (progress.phase === 'applying') return <>Pulling from CE: {plural(progress.rows, 'change')} received so far…</>;
  return <>Finishing…</>;
}

/** The outbox: the changes CE has not had yet, and the contacts they are about. */
function OutboxPanel({ outbox, labelId, running }: { outbox: SyncView['outbox']; labelId: string; running: boolean }) {
  const { total, contacts, identifiers_without_contact: detached } = outbox;
  return (
    <div className="panel" role="group" aria-labelledby={labelId}>
      <h2 id={labelId}>
        Waiting in the outbox: <span data-testid="outbox-total">{formatCount(total)}</span> change{total === 1 ? '' : 's'}
        {total > 0 && contacts !== null ? (
          <>
            {' '}
            for <span data-testid="outbox-contacts">{formatCount(contacts)}</span> contact{contacts === 1 ? '' : 's'}
          </>
        ) : null}
      </h2>
      {total > 0 ? (
        <>
          <p className="subtle small" data-testid="outbox-note">
            A change is one identifier&apos;s status on one channel, as CE keeps it: blocking a contact&apos;s Email sends it for the contact&apos;s customer ID and for its
            email, so one contact can be several changes.
            {contacts === null ? ' (There are too many waiting to count the contacts behind them here.)' : ''}
            {detached ? ` ${plural(detached, 'identifier')} ${detached === 1 ? 'is' : 'are'} no longer on any contact (deleted, or edited away): CE is told to unblock ${detached === 1 ? 'it' : 'them'}.` : ''}
            {running ? ' A run is sending these now; the counts here are from before it and update when it ends.' : ''}
          </p>
          <dl className="stats">
            {CHANNEL_ORDER.map((channel) => (
              <div key={channel}>
                <dt>{CHANNEL_LABELS[channel]}</dt>
                <dd data-outbox={channel}>{formatCount(outbox.byChannel[channel] ?? 0)}</dd>
              </div>
            ))}
            <div className="stats-break">
              <dt>Blocks</dt>
              <dd data-outbox="block">{formatCount(outbox.byAction.block)}</dd>
            </div>
            {outbox.byAction.whitelist > 0 ? (
              <div>
                <dt>Whitelists</dt>
                <dd data-outbox="whitelist">{formatCount(outbox.byAction.whitelist)}</dd>
              </div>
            ) : null}
            <div>
              <dt>Unblocks</dt>
              <dd data-outbox="unblock">{formatCount(outbox.byAction.unblock)}</dd>
            </div>
          </dl>
        </>
      ) : (
        <p className="subtle">Nothing waits: CE has every local change.</p>
      )}
    </div>
  );
}

/** One past run: a cancel is the officer's choice, told plainly, not as an error. */
function RunItem({ run: listed }: { run: JobView }) {
  // The list is read when the screen loads; a run still going has a fresher status in the jobs store.
  const live = useJobs((s) => s.jobs.find((j) => j.id === listed.id));
  const run = live && !isFinished(listed) ? { ...listed, status: live.status } : listed;
  return (
    <li className="sync-run" data-job={run.id} data-status={run.status}>
      <div className="sync-run-head">
        <strong>{formatInstant(run.created_at)}</strong> <span className={`pill pill-${run.status}`}>{JOB_STATUS_LABELS[run.status] ?? run.status}</span>{' '}
        <span className="subtle small">{run.label}</span>
      </div>
      {run.status === 'cancelled' ? (
        <p className="notice" data-testid="sync-cancelled">
          Stopped before the end. What was sent and received before the cancel is kept; the rest waits in the outbox for the next run.
        </p>
      ) : run.error ? (
        <p className="notice notice-error">{run.error.message}</p>
      ) : null}
      {run.report ? <JobReportView report={run.report} kind="sync" /> : null}
    </li>
  );
}

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
  const [loadError, setLoadError] = useState<string | null>(null);
  const jobs = useJobs((s) => s.jobs);

  const load = useCallback(async () => {
    const result = await desk().sync.get({});
    if (!result.ok) return setLoadError(errorText(result.error));
    setLoadError(null);
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

  if (!view) {
    // Before the first answer: say so (and say why, if it failed), never a blank screen.
    return (
      <section className="screen" aria-labelledby={`${id}-title`} data-state={loadError ? 'error' : 'loading'} aria-busy={loadError ? undefined : true}>
        <div className="screen-header">
          <h1 id={`${id}-title`}>Sync with CE</h1>
        </div>
        {loadError ? (
          <div className="notice notice-error" role="alert">
            <p>The sync settings could not be read. {loadError}</p>
            <button type="button" className="button button-small" onClick={() => void load()}>
              Try again
            </button>
          </div>
        ) : (
          <p className="subtle" role="status">
            Reading the sync settings and the outbox…
          </p>
        )}
      </section>
    );
  }
  const dirty = remote !== view.remote || url.trim() !== view.url || every !== view.every_minutes;
  const runningJob: JobView | undefined = jobs.find((j) => j.kind === 'sync' && !isFinished(j)) ?? view.runs.find((j) => !isFinished(j));
  const notRunnable = whyNotRun(view, runningJob !== undefined, dirty);

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
        <div className="run-now">
          {notRunnable ? (
            <span id={`${id}-why`} className="field-hint" data-testid="run-now-why">
              {notRunnable}
            </span>
          ) : null}
          <button
            type="button"
            className="button button-primary"
            onClick={() => void runNow()}
            disabled={notRunnable !== null}
            title={notRunnable ?? undefined}
            aria-describedby={notRunnable ? `${id}-why` : undefined}
          >
            {runningJob ? 'Syncing…' : 'Run now'}
          </button>
        </div>
      </div>
      <p className="subtle" style={{ marginTop: 0 }}>
        Local changes wait in the outbox until CE accepts them; CE&apos;s changes (opt-outs captured by the messaging platform, panel edits) come back on the next run. The later change wins; an older unblock never lifts a newer opt-out.
      </p>
      {runningJob ? (
        <div className="notice sync-progress" role="status" data-testid="sync-progress">
          <span>
            <RunProgress job={runningJob} view={view} />
          </span>
          <button type="button" className="button button-small" onClick={() => void useJobs.getState().cancel(runningJob.id)}>
            Cancel
          </button>
        </div>
      ) : null}
      <ErrorNotice message={error?.message ?? loadError} />

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

      <OutboxPanel outbox={view.outbox} labelId={`${id}-outbox`} running={runningJob !== undefined} />

      <div className="panel" role="group" aria-labelledby={`${id}-runs`}>
        <h2 id={`${id}-runs`}>
          Last runs
        </h2>
        {view.runs.length === 0 ? <p className="subtle">No sync has run yet.</p> : null}
        <ul className="stack" style={{ listStyle: 'none', padding: 0, gap: 12 }}>
          {view.runs.map((run) => (
            <RunItem key={run.id} run={run} />
          ))}
        </ul>
      </div>
    </section>
  );
}
