import { useEffect, useState } from 'react';
import type { OperationResult } from '../../../src/api/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatCount, JOB_KIND_LABELS } from '../../format/display';
import { desk, errorText } from '../../state/desk';
import { useJobs } from '../../state/jobsStore';

type RevertPreview = OperationResult<'jobs', 'previewRevert'>;

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The preview as sentences, each only when it has something to say. */
function PreviewLines({ preview }: { preview: RevertPreview }) {
  const jobs = useJobs((s) => s.jobs);
  // A later job by its name on the Jobs screen ("Import — april.csv"); its id when it is not listed.
  const named = (id: string) => {
    const job = jobs.find((j) => j.id === id);
    return job ? `${JOB_KIND_LABELS[job.kind] ?? job.kind}${job.label ? ` — ${job.label}` : ''}` : `job ${id}`;
  };
  const keptBy = Object.entries(preview.kept_by_job).sort((a, b) => b[1] - a[1]);
  const nothing = preview.lifts + preview.restores + preview.deletes + preview.identifiers === 0;
  return (
    <ul className="stack small" style={{ gap: 4, margin: 0, paddingLeft: 18 }} data-testid="revert-preview">
      {nothing ? <li data-line="nothing">Changes nothing: everything the job did was changed since, or is also asked for by a later job.</li> : null}
      {preview.lifts > 0 ? <li data-line="lifts">Lifts {plural(preview.lifts, 'block', 'blocks')} the job made.</li> : null}
      {preview.deletes > 0 ? <li data-line="deletes">
          Deletes {plural(preview.deletes, 'contact', 'contacts')} the job created, which nothing else has changed (their blocks are among those lifted).
        </li> : null}
      {preview.restores > 0 ? <li data-line="restores">Puts back {plural(preview.restores, 'earlier status', 'earlier statuses')} the job had changed.</li> : null}
      {preview.identifiers > 0 ? (
        <li data-line="identifiers">Takes off {plural(preview.identifiers, 'identifier', 'identifiers')} the job added to existing contacts.</li>
      ) : null}
      {preview.kept > 0 ? (
        <li data-line="kept">
          Keeps {plural(preview.kept, 'block', 'blocks')} because later jobs also asked for them
          {keptBy.length > 0 ? ` (${keptBy.map(([job, n]) => `${named(job)}: ${formatCount(n)}`).join('; ')})` : ''}.
        </li>
      ) : null}
      {preview.left_changed > 0 ? (
        <li data-line="left">Leaves {plural(preview.left_changed, 'change', 'changes')} as they are: something changed them after the job.</li>
      ) : null}
    </ul>
  );
}

/**
 * Revert's confirmation: what the revert will do, worked out before it runs (jobs.previewRevert),
 * then the officer confirms. The revert job works it out again as it starts: what the officer
 * sees is what it does unless the blocklist changes in between.
 */
export function RevertDialog({ jobId, title, onCancel, onConfirm }: { jobId: string; title: string; onCancel: () => void; onConfirm: () => Promise<void> }) {
  const [preview, setPreview] = useState<RevertPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void desk()
      .jobs.previewRevert({ id: jobId })
      .then((result) => {
        if (!current) return;
        if (result.ok) setPreview(result.value);
        else setError(errorText(result.error));
      });
    return () => {
      current = false;
    };
  }, [jobId]);

  return (
    <ConfirmDialog
      title={`Revert ${title}?`}
      confirmLabel="Revert job"
      danger
      busy={busy || preview === null}
      onCancel={onCancel}
      onConfirm={async () => {
        setBusy(true);
        await onConfirm();
        setBusy(false);
      }}
    >
      <div className="stack" style={{ gap: 8 }}>
        <p style={{ margin: 0 }}>
          Undoes the changes of {title}, where nothing has changed them since. The revert will:
        </p>
        {preview ? <PreviewLines preview={preview} /> : error ? null : <p className="subtle small" role="status">Working out what the revert will do…</p>}
        {error ? (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        ) : null}
        <p className="subtle small" style={{ margin: 0 }}>
          It can be cancelled until its apply starts; then the blocklist changes all at once. A new job records the revert, audited, and can itself be reverted.
        </p>
      </div>
    </ConfirmDialog>
  );
}
