import type { JobReport } from '../../../src/api/contract';
import { CountTable } from '../../components/CountTable';
import { formatCount } from '../../format/display';

const SYNC_COUNTS = [
  ['pushed', 'Pushed'],
  ['pulled', 'Pulled'],
  ['applied', 'Applied'],
  ['skipped_older', 'Skipped as older'],
  ['conflicts', 'Conflicts'],
] as const;

/** A finished job's counts, rejections by reason, warnings and encoding. */
export function JobReportView({ report, kind }: { report: JobReport; kind: string }) {
  const importLike = kind === 'import' || kind === 'paste';
  const sync = kind === 'sync';
  const keywords = kind === 'keywords';
  const ignoredWhy = Object.entries(report.ignored_by_reason ?? {})
    .map(([reason, n]) => `${formatCount(n)} ${reason === 'email_channel' ? 'email' : reason === 'unknown_channel' ? 'unknown channel' : reason}`)
    .join(', ');
  const reasons = Object.entries(report.rejected_by_reason).sort((a, b) => b[1] - a[1]);
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="job-report">
      <dl className="stats">
        {sync ? (
          <>
            {SYNC_COUNTS.map(([field, label]) => (
              <div key={field}>
                <dt>{label}</dt>
                <dd data-stat={field}>{formatCount(report[field] ?? 0)}</dd>
              </div>
            ))}
            <div>
              <dt>Rejected</dt>
              <dd data-stat="rejected">{formatCount(report.rejected)}</dd>
            </div>
          </>
        ) : (
          <div>
            <dt>{keywords ? 'Messages' : 'Rows read'}</dt>
            <dd data-stat={keywords ? 'messages' : undefined}>{formatCount(report.rows_read)}</dd>
          </div>
        )}
        {keywords ? (
          <>
            <div>
              <dt>Opt-outs</dt>
              <dd data-stat="opt_outs">{formatCount(report.opt_outs ?? 0)}</dd>
            </div>
            <div>
              <dt>Opt-ins</dt>
              <dd data-stat="opt_ins">{formatCount(report.opt_ins ?? 0)}</dd>
            </div>
            <div>
              <dt>Unchanged</dt>
              <dd data-stat="unchanged">{formatCount(report.unchanged)}</dd>
            </div>
            <div>
              <dt>Not keywords</dt>
              <dd data-stat="not_keywords">{formatCount(report.not_keywords ?? 0)}</dd>
            </div>
            <div>
              <dt>Ignored</dt>
              <dd data-stat="ignored" title={ignoredWhy || undefined}>
                {formatCount(report.ignored ?? 0)}
                {ignoredWhy ? <span className="subtle small"> ({ignoredWhy})</span> : null}
              </dd>
            </div>
            <div>
              <dt>Rejected</dt>
              <dd data-stat="rejected">{formatCount(report.rejected)}</dd>
            </div>
            <div>
              <dt>New contacts</dt>
              <dd data-stat="added">{formatCount(report.added)}</dd>
            </div>
          </>
        ) : null}
        {importLike ? (
          <>
            <div>
              <dt>Added</dt>
              <dd data-stat="added">{formatCount(report.added)}</dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd data-stat="updated">{formatCount(report.updated)}</dd>
            </div>
            <div>
              <dt>Unchanged</dt>
              <dd data-stat="unchanged">{formatCount(report.unchanged)}</dd>
            </div>
            <div>
              <dt>Rejected</dt>
              <dd data-stat="rejected">{formatCount(report.rejected)}</dd>
            </div>
          </>
        ) : null}
        {report.reverted !== undefined ? (
          <div>
            <dt>Reverted</dt>
            <dd data-stat="reverted">{formatCount(report.reverted)}</dd>
          </div>
        ) : null}
        {report.encoding ? (
          <div>
            <dt>Encoding</dt>
            <dd>{report.encoding}</dd>
          </div>
        ) : null}
      </dl>
      <CountTable caption="Rejected rows by reason" heading="Rejected because" counts={reasons} maxWidth={560} />
      {report.responses && report.responses.length > 0 ? (
        <details>
          <summary className="small">The remote&apos;s answers ({report.responses.length})</summary>
          <pre className="small" style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
            {report.responses.join('\n')}
          </pre>
        </details>
      ) : null}
      {report.warnings.length > 0 ? (
        <div className="notice notice-warn">
          <strong>Warnings</strong>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {report.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
