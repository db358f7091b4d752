import type { JobProgress, JobView } from '../../../src/api/contract';
import { formatBytes, formatCount, formatDuration } from '../../format/display';
import { useJobs } from '../../state/jobsStore';

/** The apply has started: its one transaction changes the blocklist all at once, so a cancel can no longer act. */
export function applyStarted(progress: JobProgress | undefined): boolean {
  return progress?.cancellable === false;
}

/** What the job is doing, in words: reading its input (or, for a revert, working out what to undo), then applying. */
function phaseWords(job: JobView, progress: JobProgress): string {
  if (progress.phase === 'applying') return applyStarted(progress) ? 'Applying' : 'Preparing to apply';
  if (progress.phase === 'reading') return job.kind === 'revert' ? 'Working out what to undo' : 'Reading';
  if (progress.phase === 'writing') return 'Writing';
  return 'Finishing';
}

/** What a revert or an import writes as it applies: contacts, or a revert's changes. */
function appliedNoun(job: JobView): string {
  return job.kind === 'revert' ? 'changes' : 'contacts';
}

function Bar({ job, fraction }: { job: JobView; fraction: number | null }) {
  return (
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
  );
}

/** The apply's own progress: rows written of all, the rate, the time left; and why Cancel is gone. */
function ApplyProgress({ job, progress }: { job: JobView; progress: JobProgress & { applied: number; apply_total: number } }) {
  const fraction = progress.apply_total > 0 ? Math.min(1, progress.applied / progress.apply_total) : null;
  return (
    <div className="stack" style={{ gap: 6 }} data-testid="apply-progress">
      <Bar job={job} fraction={fraction} />
      <p className="small" data-testid="apply-note" style={{ margin: 0 }}>
        <strong>Applying — can no longer be cancelled.</strong> The blocklist changes all at once when the apply ends; until then nothing of this job is in it.
      </p>
      <dl className="stats">
        <div>
          <dt>Phase</dt>
          <dd>Applying</dd>
        </div>
        <div>
          <dt>Applied</dt>
          <dd data-stat="applied">
            {formatCount(progress.applied)} of {formatCount(progress.apply_total)} {appliedNoun(job)}
          </dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>
            {formatCount(Math.round(progress.rows_per_second))} {appliedNoun(job)}/s
          </dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd data-stat="apply-time-left">{formatDuration(progress.eta_seconds)}</dd>
        </div>
      </dl>
    </div>
  );
}

/** A running job's live progress: reading (bytes, rows, rate, time left), then the apply's own. */
export function JobProgressView({ job }: { job: JobView }) {
  const progress = useJobs((s) => s.progress[job.id]);
  if (!progress) return <p className="subtle small">{job.status === 'queued' ? 'Waiting to start…' : 'Starting…'}</p>;
  if (progress.phase === 'applying' && progress.applied !== undefined && progress.apply_total !== undefined) {
    return <ApplyProgress job={job} progress={{ ...progress, applied: progress.applied, apply_total: progress.apply_total }} />;
  }
  const fraction = progress.bytes_total > 0 ? Math.min(1, progress.bytes_read / progress.bytes_total) : null;
  const revert = job.kind === 'revert';
  return (
    <div className="stack" style={{ gap: 6 }}>
      <Bar job={job} fraction={progress.phase === 'reading' ? fraction : null} />
      <dl className="stats">
        <div>
          <dt>Phase</dt>
          <dd data-stat="phase">{phaseWords(job, progress)}</dd>
        </div>
        {revert ? (
          progress.rows > 0 ? (
            <div>
              <dt>To undo</dt>
              <dd>{formatCount(progress.rows)} changes</dd>
            </div>
          ) : null
        ) : (
          <>
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
              <dd>{progress.phase === 'reading' ? formatDuration(progress.eta_seconds) : '—'}</dd>
            </div>
          </>
        )}
      </dl>
    </div>
  );
}
