import type { JobReport } from '../../../src/api/contract';
import { categoryLabel, CHANNEL_LABELS } from '../../format/display';
import type { ChannelName } from '../../state/vocabulary';
import { CountTable } from '../../components/CountTable';
import { Stat } from '../../components/Stat';
import { WarningList } from '../../components/WarningList';

function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as ChannelName] ?? channel;
}

/** A finished scrub's counts: sendable, Not Sent by channel and category, invalid identifiers. */
export function ScrubReportView({ report }: { report: JobReport }) {
  const byChannel = Object.entries(report.not_sent_by_channel ?? {});
  const byCategory = Object.entries(report.not_sent_by_category ?? {}).sort((a, b) => b[1] - a[1]);
  const invalid = Object.entries(report.invalid_by_reason ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="scrub-report">
      <dl className="stats">
        <Stat label="Rows read" stat="rows_read" value={report.rows_read} />
        <Stat label="Sendable" stat="sendable" value={report.sendable ?? 0} />
        <Stat label="Not Sent" stat="not_sent" value={report.not_sent ?? 0} />
        <Stat label="Invalid identifiers" stat="invalid" value={report.invalid ?? 0} />
        {report.encoding ? <Stat label="Encoding" value={report.encoding} /> : null}
      </dl>
      <p className="small" style={{ margin: 0 }}>
        Blocklisted recipients count as <strong>Not Sent</strong> — not as Sent, not as Failed — as in CE&apos;s campaign statistics. Rows with an invalid
        identifier are kept in the cleaned file (they are not on the blocklist) and counted apart. A scrub only reads the blocklist, so there is nothing to revert.
      </p>
      <div className="row" style={{ alignItems: 'flex-start', gap: 24, flexWrap: 'wrap' }}>
        <CountTable caption="Not Sent by channel" heading="Not Sent on" counts={byChannel} label={channelLabel} dataKey="channel" />
        <CountTable caption="Not Sent by category" heading="Not Sent because" counts={byCategory} label={categoryLabel} dataKey="category" />
        <CountTable caption="Invalid identifiers by reason" heading="Invalid because" counts={invalid} label={(reason) => reason.replace(/_/g, ' ')} />
      </div>
      <WarningList warnings={report.warnings} />
    </div>
  );
}
