import type { JobReport } from '../../../src/api/contract';
import { CountTable } from '../../components/CountTable';
import { Stat } from '../../components/Stat';
import { formatCount } from '../../format/display';
import { WarningList } from '../../components/WarningList';
import { problemWords } from '../../format/problems';
import { ToReviewList } from '../keywords/ToReviewList';

const SYNC_COUNTS = [
  ['pushed', 'Pushed'],
  ['pulled', 'Pulled'],
  ['applied', 'Applied'],
  ['skipped_older', 'Skipped as older'],
  ['conflicts', 'Conflicts'],
] as const;

const DATE_ORDER_WORDS: Record<string, string> = { dmy: 'day/month/year', mdy: 'month/day/year', ymd: 'year/month/day' };

/**
 * A revert's kept blocks by the later job that asked for them. Its report's warnings say
 * the same for the command line; here the counts above say the rest, and nothing of it is
 * a warning: keeping what a later job asked for is the revert doing its job.
 */
function KeptByJob({ report }: { report: JobReport }) {
  const kept = Object.entries(report.kept_by_job ?? {}).sort((a, b) => b[1] - a[1]);
  if (kept.length === 0) return null;
  return (
    <p className="subtle small" style={{ margin: 0 }} data-testid="kept-by-job">
      Kept because a later job also asked for them: {kept.map(([job, n]) => `${formatCount(n)} by job ${job}`).join('; ')}.
    </p>
  );
}

/** A finished job's counts, problems by kind, warnings and encoding. */
export function JobReportView({ report, kind }: { report: JobReport; kind: string }) {
  const importLike = kind === 'import' || kind === 'paste';
  const sync = kind === 'sync';
  const keywords = kind === 'keywords';
  const ignoredWhy = Object.entries(report.ignored_by_reason ?? {})
    .map(([reason, n]) => `${formatCount(n)} ${reason === 'email_channel' ? 'email' : reason === 'unknown_channel' ? 'unknown channel' : reason}`)
    .join(', ');
  const reasons = Object.entries(report.rejected_by_reason).sort((a, b) => b[1] - a[1]);
  const problems = Object.entries(report.problems_by_kind ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="job-report">
      <dl className="stats">
        {sync ? (
          SYNC_COUNTS.map(([field, label]) => <Stat key={field} label={label} stat={field} value={report[field] ?? 0} />)
        ) : kind === 'revert' ? null : kind === 'bulk' ? (
          <Stat label="Contacts" stat="rows_read" value={report.rows_read} />
        ) : (
          <Stat label={keywords ? 'Messages' : 'Rows read'} stat={keywords ? 'messages' : 'rows_read'} value={report.rows_read} />
        )}
        {keywords ? (
          <>
            <Stat label="Opt-outs" stat="opt_outs" value={report.opt_outs ?? 0} />
            <Stat label="Opt-ins" stat="opt_ins" value={report.opt_ins ?? 0} />
            <Stat label="Unchanged" stat="unchanged" value={report.unchanged} />
            <Stat label="Not keywords" stat="not_keywords" value={report.not_keywords ?? 0} />
            <Stat label="To review" stat="to_review" value={report.to_review ?? 0} title="Of the messages that are not keywords, those that may say an opt-out: not applied" />
            <Stat label="Ignored" stat="ignored" value={report.ignored ?? 0} title={ignoredWhy || undefined}>
              {ignoredWhy ? <span className="subtle small"> ({ignoredWhy})</span> : null}
            </Stat>
            {report.outbound ? <Stat label="Outbound (ours)" stat="outbound" value={report.outbound} title="Messages we sent: never applied, whatever they say" /> : null}
          </>
        ) : null}
        {importLike ? (
          <>
            <Stat label="Added" stat="added" value={report.added} />
            <Stat label="Updated" stat="updated" value={report.updated} />
            {report.already_blocked !== undefined && report.no_channel !== undefined ? (
              <>
                <Stat label="Already blocked" stat="already_blocked" value={report.already_blocked} title="Rows whose every channel asked was blocked already: left as they were" />
                <Stat label="No channel asked" stat="no_channel" value={report.no_channel} title="Rows that asked for no channel (every channel column said no): nothing to block" />
              </>
            ) : (
              <Stat label="Unchanged" stat="unchanged" value={report.unchanged} />
            )}
          </>
        ) : null}
        {kind === 'bulk' ? (
          <>
            <Stat label="Changed" stat="updated" value={report.updated} />
            <Stat label="Left as they were" stat="unchanged" value={report.unchanged} title="Already as asked, with no identifier for the channel, or deleted before the job reached them" />
          </>
        ) : null}
        {sync || keywords || importLike ? <Stat label="Rejected" stat="rejected" value={report.rejected} /> : null}
        {keywords ? <Stat label="New contacts" stat="added" value={report.added} /> : null}
        {kind === 'revert' ? (
          <>
            <Stat label="Changes undone" stat="reverted" value={report.reverted ?? 0} />
            {report.lifted !== undefined ? <Stat label="Blocks lifted" stat="lifted" value={report.lifted} /> : null}
            {report.deleted_contacts !== undefined ? <Stat label="Contacts deleted" stat="deleted_contacts" value={report.deleted_contacts} /> : null}
            <Stat label="Kept (asked again later)" stat="kept" value={report.kept ?? 0} />
            {report.left_changed !== undefined ? <Stat label="Left (changed since)" stat="left_changed" value={report.left_changed} /> : null}
          </>
        ) : null}
        {report.problems !== undefined && (importLike || keywords) ? <Stat label="Problems" stat="problems" value={report.problems} /> : null}
        {importLike && report.not_blocks ? <Stat label="Not blocks" stat="not_blocks" value={report.not_blocks} title="Rows the file's format or mapping says are no blocks (subscribed, a status not meaning blocked): none blocked" /> : null}
        {report.format ? <Stat label="Read as" stat="format" value={report.format} /> : null}
        {report.encoding ? <Stat label="Encoding" value={report.encoding} /> : null}
        {report.date_order ? <Stat label="Dates read" value={DATE_ORDER_WORDS[report.date_order] ?? report.date_order} /> : null}
      </dl>
      {keywords && (report.to_review ?? 0) > 0 ? <ToReviewList job={report.job} total={report.to_review ?? 0} /> : null}
      <CountTable caption="Problems by kind" heading="Problem" countHeading="Lines" counts={problems} label={problemWords} dataKey="problem" maxWidth={560} />
      {sync ? <CountTable caption="Rejected rows by reason" heading="Rejected because" counts={reasons} label={problemWords} maxWidth={560} /> : null}
      {report.responses && report.responses.length > 0 ? (
        <details>
          <summary className="small">The remote&apos;s answers ({report.responses.length})</summary>
          <pre className="small" style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
            {report.responses.join('\n')}
          </pre>
        </details>
      ) : null}
      {kind === 'revert' ? <KeptByJob report={report} /> : <WarningList warnings={report.warnings} />}
    </div>
  );
}
