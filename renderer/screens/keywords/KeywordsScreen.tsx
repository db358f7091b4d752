import { useEffect, useId, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useJobs } from '../../state/jobsStore';
import { FileDropZone } from '../block/FileDropZone';
import { JobCard } from '../jobs/JobCard';

/** Keyword jobs shown under the form: the newest few, with progress, report and revert. */
const RECENT_JOBS = 3;

function WordList({ words }: { words: readonly string[] }) {
  if (words.length === 0) return <span className="subtle">none (opt-in is off)</span>;
  return (
    <span className="keyword-list">
      {words.map((word) => (
        <code key={word} className="keyword">
          {word}
        </code>
      ))}
    </span>
  );
}

/** Opt-out keyword capture: an inbound-message log → blocks (and SMS opt-ins), as a job. */
export function KeywordsScreen() {
  const id = useId();
  const settings = useApp((s) => s.settings);
  const go = useApp((s) => s.go);
  const jobs = useJobs((s) => s.jobs);
  const jobsError = useJobs((s) => s.error);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastJob, setLastJob] = useState<string | null>(null);
  const [channel, setChannel] = useState<'sms' | 'whatsapp' | 'rcs'>('sms');

  useEffect(() => {
    void useJobs.getState().load();
  }, []);

  const recent = jobs.filter((job) => job.kind === 'keywords').slice(0, RECENT_JOBS);

  async function start() {
    if (files.length === 0) {
      setError('Choose or drop an inbound-message log (CSV, or a ZIP of CSV files).');
      return;
    }
    setBusy(true);
    setError(null);
    const uploaded = await desk().uploadFiles(files);
    if (!uploaded.ok) {
      setBusy(false);
      setError(errorText(uploaded.error));
      return;
    }
    const started = await desk().jobs.startKeywords({ files: uploaded.value.map((f) => f.ref), channel });
    setBusy(false);
    if (!started.ok) {
      setError(errorText(started.error));
      return;
    }
    useJobs.getState().queued(started.value.job);
    setLastJob(started.value.job.id);
    setFiles([]);
  }

  const keywords = settings?.keywords;
  return (
    <section className="screen" aria-labelledby={`${id}-title`} data-state={settings ? 'ready' : 'loading'}>
      <div className="screen-header">
        <h1 id={`${id}-title`}>Keywords</h1>
        <span className="subtle small">Replies such as STOP block the channel they came on, oldest message first.</span>
      </div>
      <form
        className="panel form-grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <span className="field-label">Message log</span>
        <div className="stack" style={{ gap: 6 }}>
          <FileDropZone
            files={files}
            onFiles={(next) => {
              setFiles(next);
              setError(null);
            }}
            onRejected={(names) => setError(`Only CSV and ZIP files can be read (not ${names.join(', ')}).`)}
            invalid={Boolean(error)}
            describedBy={`${id}-format${error ? ` ${id}-error` : ''}`}
            note="CSV, or a ZIP of CSV files · any size"
          />
          <p className="field-hint" id={`${id}-format`} style={{ margin: 0 }}>
            A header row names the columns <code>from</code>, <code>text</code> and <code>received_at</code> (also <code>mobile</code>, <code>message</code>,{' '}
            <code>timestamp</code>…), and <code>channel</code>, <code>to</code>, <code>direction</code> when the log has them; a Twilio message-log export is read as it
            is. Only inbound messages count: an outbound one (its direction, or sent from one of your sender numbers in Settings) is never applied. A{' '}
            <code>whatsapp:</code> or <code>rcs:</code> sender is that channel; email and other channels are counted as ignored. Times are ISO 8601 or RFC 2822; a time
            without an offset is in the time zone set in Settings. National numbers use the default country ({settings?.country ?? '…'}).
          </p>
        </div>

        <label className="field-label" htmlFor={`${id}-channel`}>
          No channel in the log
        </label>
        <div className="field">
          <select id={`${id}-channel`} className="select" style={{ width: 220 }} value={channel} onChange={(e) => setChannel(e.target.value as 'sms' | 'whatsapp' | 'rcs')}>
            <option value="sms">SMS</option>
            <option value="whatsapp">WhatsApp</option>
            <option value="rcs">RCS</option>
          </select>
          <span className="field-hint">The channel of messages whose log has no channel column and whose sender has no whatsapp: or rcs: prefix.</span>
        </div>

        <span className="field-label" id={`${id}-lists`}>
          Keywords
        </span>
        {keywords ? (
          <div className="stack" style={{ gap: 6 }} aria-labelledby={`${id}-lists`} role="group" data-testid="keyword-lists">
            <table className="plain keyword-table">
              <caption className="visually-hidden">Keywords the next job uses</caption>
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Opt out (block, category Opt-out)</th>
                  <th scope="col">Opt in (lift an Opt-out block)</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">SMS</th>
                  <td>
                    <WordList words={keywords.sms.opt_out} />
                  </td>
                  <td>
                    <WordList words={keywords.sms.opt_in} />
                  </td>
                </tr>
                <tr>
                  <th scope="row">WhatsApp</th>
                  <td>
                    <WordList words={keywords.whatsapp.opt_out} />
                  </td>
                  <td className="subtle">— (no opt-in by keyword)</td>
                </tr>
                <tr>
                  <th scope="row">RCS</th>
                  <td>
                    <WordList words={keywords.rcs.opt_out} />
                  </td>
                  <td className="subtle">— (no opt-in by keyword)</td>
                </tr>
              </tbody>
            </table>
            <p className="field-hint" style={{ margin: 0 }}>
              The whole message must be one keyword, in any case, with punctuation, symbols and emoji around it ignored: <q>Stop!</q> counts. A message that
              says an opt-out in other words (<q>STOP please</q>, <q>pls unsubscribe me</q>, <q>do not text me</q>) is not applied but listed in the job&apos;s
              report to review, with a button to apply it.{' '}
              <a
                href="#/settings"
                onClick={(event) => {
                  event.preventDefault();
                  go('settings');
                }}
              >
                Edit the keywords in Settings
              </a>
              .
            </p>
          </div>
        ) : (
          <span className="subtle">Loading…</span>
        )}

        <span />
        <div className="stack" style={{ gap: 8 }}>
          {error ? (
            <p className="notice notice-error" role="alert" id={`${id}-error`}>
              {error}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Starting…' : 'Capture keywords'}
            </button>
          </div>
        </div>
      </form>

      {recent.length > 0 ? (
        <section className="stack" style={{ gap: 10 }} aria-labelledby={`${id}-recent`}>
          <h2 id={`${id}-recent`} style={{ fontSize: 15 }}>
            Recent keyword jobs
          </h2>
          <div className="jobs-list">
            {recent.map((job) => (
              <JobCard key={job.id} job={job} highlighted={job.id === lastJob} />
            ))}
          </div>
        </section>
      ) : null}
      <ErrorNotice message={jobsError} />
    </section>
  );
}
