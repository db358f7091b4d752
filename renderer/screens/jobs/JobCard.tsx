import { useEffect, useRef, useState } from 'react';
import type { JobView } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { formatCount, formatInstant, JOB_KIND_LABELS, JOB_STATUS_LABELS } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { isFinished, useJobs } from '../../state/jobsStore';
import { problemCount } from '../../format/problems';
import { JobReportView } from './JobReportView';
import { applyStarted, JobProgressView } from './JobProgressView';
import { RevertDialog } from './RevertDialog';
import { ScrubReportView } from './ScrubReportView';

/** One job: what it works on, live progress, cancel, and its report when it ends. */
export function JobCard({ job, highlighted }: { job: JobView; highlighted: boolean }) {
  const toast = useApp((s) => s.toast);
  const [confirmRevert, setConfirmRevert] = useState(false);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const finished = isFinished(job);
  const applying = applyStarted(useJobs((s) => s.progress[job.id]));

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
          {!finished && !applying ? (
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
      {job.status === 'cancelled' ? (
        <p className="notice" data-testid="job-cancelled">
          {job.kind === 'sync'
            ? errorText(job.error ?? { code: 'cancelled', message: 'Cancelled.' })
            : 'Cancelled before it applied anything: the blocklist is as it was, and no counts are shown for work that did not land.'}
        </p>
      ) : job.error ? (
        <p className="notice notice-error" role={highlighted ? 'alert' : undefined}>
          {errorText(job.error)}
        </p>
      ) : null}
      {finished && job.report && (job.status !== 'cancelled' || job.kind === 'sync') ? job.kind === 'scrub' ? <ScrubReportView report={job.report} /> : <JobReportView report={job.report} kind={job.kind} /> : null}
      {job.reverted_by ? <p className="subtle small">Reverted by job {job.reverted_by}.</p> : null}
      {confirmRevert ? (
        <RevertDialog
          jobId={job.id}
          title={title}
          onCancel={() => setConfirmRevert(false)}
          onConfirm={async () => {
            const result = await useJobs.getState().revert(job.id);
            setConfirmRevert(false);
            if (result.error) toast('error', result.error);
            else toast('info', `Reverting job ${job.id}…`);
          }}
        />
      ) : null}
    </article>
  );
}
