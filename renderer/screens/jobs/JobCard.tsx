import { useEffect, useRef, useState } from 'react';
import type { JobView } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatBytes, formatCount, formatDuration, formatInstant, JOB_KIND_LABELS, JOB_STATUS_LABELS } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { isFinished, useJobs } from '../../state/jobsStore';
import { problemCount } from '../../format/problems';
import { JobReportView } from './JobReportView';
import { ScrubReportView } from './ScrubReportView';

function JobProgressView({ job }: { job: JobView }) {
  const progress = useJobs((s) => s.progress[job.id]);
  if (!progress) return <p className="subtle small">{job.status === 'queued' ? 'Waiting to start…' : 'Starting…'}</p>;
  const fraction = progress.bytes_total > 0 ? Math.min(1, progress.bytes_read / progress.bytes_total) : null;
  return (
    <div className="stack" style={{ gap: 6 }}>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Progress of job ${job.id}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        <div style={{ width: fraction === null ? '100%' : `${(fraction * 100).toFixed(1)}%`, opacity: fraction === null ? 0.35 : 1 }} />
      </div>
      <dl className="stats">
        <div>
          <dt>Phase</dt>
          <dd>{progress.phase}</dd>
        </div>
        <div>
          <dt>Read</dt>
          <dd>
            {formatBytes(progress.bytes_read)}
            {progress.bytes_total > 0 ? ` of ${formatBytes(progress.bytes_total)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Rows</dt>
          <dd>{formatCount(progress.rows)}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{formatCount(Math.round(progress.rows_per_second))} rows/s</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{formatDuration(progress.eta_seconds)}</dd>
        </div>
      </dl>
    </div>
  );
}

/** One job: what it works on, live progress, cancel, and its report when it ends. */
export function JobCard({ job, highlighted }: { job: JobView; highlighted: boolean }) {
  const toast = useApp((s) => s.toast);
  const [confirmRevert, setConfirmRevert] = useState(false);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const finished = isFinished(job);

  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [highlighted]);

  const download = async (which: 'out' | 'problems' | 'removed') => {
    const file = job.files[which];
    if (!file) return;
    const result = await desk().downloadFile(file);
    if (!result.ok) toast('error', errorText(result.error));
    else emitAppEvent('desk:download', { name: file.name, ref: file.ref });
  };

  const title = `${JOB_KIND_LABELS[job.kind] ?? job.kind}${job.label ? ` — ${job.label}` : ''}`;
  return (
    <article
      ref={ref}
      className="job-card"
      aria-labelledby={`job-${job.id}-title`}
      data-job-id={job.id}
      data-status={job.status}
      style={highlighted ? { borderColor: 'var(--accent)', boxShadow: '0 0 0 1px var(--accent)' } : undefined}
    >
      <div className="job-head">
        <h2 className="job-title" id={`job-${job.id}-title`} style={{ fontSize: 14 }}>
          {title}
        </h2>
        <span className={`pill pill-${job.status}`} data-testid="job-status">
          {job.status === 'succeeded_with_problems' && job.report?.problems ? `Done — ${problemCount(job.report.problems, formatCount)}` : JOB_STATUS_LABELS[job.status]}
        </span>
        <span className="subtle small">
          <code>{job.id}</code> · {formatInstant(job.created_at, true)} · {job.actor}
        </span>
        <div className="job-actions">
          {!finished ? (
            <button
              type="button"
              className="button button-small"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                const problem = await useJobs.getState().cancel(job.id);
                setBusy(false);
                if (problem) toast('error', problem);
              }}
            >
              Cancel job
            </button>
          ) : null}
          {job.files.problems ? (
            <button type="button" className="button button-small" onClick={() => void download('problems')}>
              Download problems
            </button>
          ) : null}
          {job.files.out ? (
            <button type="button" className="button button-small" onClick={() => void download('out')}>
              {job.kind === 'scrub' ? 'Download cleaned file' : 'Download file'}
            </button>
          ) : null}
          {job.files.removed ? (
            <button type="button" className="button button-small" onClick={() => void download('removed')}>
              Download removed rows
            </button>
          ) : null}
          {job.revertible ? (
            <button type="button" className="button button-small" onClick={() => setConfirmRevert(true)}>
              Revert
            </button>
          ) : null}
        </div>
      </div>
      {!finished ? <JobProgressView job={job} /> : null}
      {job.error ? (
        <p className="notice notice-error" role={highlighted ? 'alert' : undefined}>
          {errorText(job.error)}
        </p>
      ) : null}
      {finished && job.report ? job.kind === 'scrub' ? <ScrubReportView report={job.report} /> : <JobReportView report={job.report} kind={job.kind} /> : null}
      {job.reverted_by ? <p className="subtle small">Reverted by job {job.reverted_by}.</p> : null}
      {confirmRevert ? (
        <ConfirmDialog
          title={`Revert job ${job.id}?`}
          confirmLabel="Revert job"
          danger
          busy={busy}
          onCancel={() => setConfirmRevert(false)}
          onConfirm={async () => {
            setBusy(true);
            const result = await useJobs.getState().revert(job.id);
            setBusy(false);
            setConfirmRevert(false);
            if (result.error) toast('error', result.error);
            else toast('info', `Reverting job ${job.id}…`);
          }}
        >
          <p>
            This undoes the changes {title} made, where nothing has changed them since. Blocks it added are lifted; contacts it created are removed. A new job
            records the revert and can itself be reverted.
          </p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}
