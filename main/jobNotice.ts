import type { DeskEvent } from '../src/api/events';

const KIND_NAMES: Record<string, string> = { import: 'Import', paste: 'Multiple input', export: 'Export', audit_export: 'Audit export', revert: 'Revert' };

/** The words of a job-ended notification (CE e-mails when a job ends; we are offline). */
export function jobNotice(event: DeskEvent<'job:finished'>): { title: string; body: string } {
  const { job } = event;
  const what = KIND_NAMES[job.kind] ?? job.kind;
  const report = event.report ?? job.report;
  if (job.status === 'succeeded' || job.status === 'succeeded_with_problems') {
    const counts =
      report && (job.kind === 'import' || job.kind === 'paste')
        ? `${report.added} added, ${report.updated} updated, ${report.already_blocked ?? report.unchanged} already blocked, ${report.rejected} rejected`
        : report && job.kind === 'revert'
          ? `${report.reverted ?? 0} changes undone`
          : report
            ? `${report.rows_read} rows written`
            : '';
    const problems = report?.problems ? `; ${report.problems} problem${report.problems === 1 ? '' : 's'} (see its problems file)` : '';
    return { title: `${what} finished`, body: `${job.label}${counts ? `: ${counts}` : ''}${problems}` };
  }
  const why = job.error?.message ?? report?.error?.message ?? job.status;
  return { title: job.status === 'cancelled' ? `${what} cancelled` : `${what} failed`, body: `${job.label}: ${why}` };
}
