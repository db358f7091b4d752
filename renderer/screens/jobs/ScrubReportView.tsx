import type { FileRef, JobReport, JobView } from '../../../src/api/contract';
import { emitAppEvent } from '../../bridge/appEvents';
import { categoryLabel, CHANNEL_LABELS, formatBytes, formatCount } from '../../format/display';
import { useApp } from '../../state/appStore';
import { desk, errorText } from '../../state/desk';
import { useJobs } from '../../state/jobsStore';
import type { ChannelName } from '../../state/vocabulary';
import { CountTable } from '../../components/CountTable';
import { Stat } from '../../components/Stat';
import { WarningList } from '../../components/WarningList';

type CleanFile = JobView['files']['clean_by_channel'][number];

function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as ChannelName] ?? channel;
}

/** `Email`, `Email and SMS`, `Email, SMS and WhatsApp`. */
function listed(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The per-channel table's cells sit on the middle of a row whose last cell holds a button. */
const MIDDLE = { verticalAlign: 'middle' } as const;

/** A count of the per-channel table, or a dash where an older report has none. */
function Count({ value, stat, channel }: { value: number | undefined; stat: string; channel: string }) {
  return (
    <td className="num" data-stat={`${stat}:${channel}`} style={MIDDLE}>
      {value === undefined ? '—' : formatCount(value)}
    </td>
  );
}

/**
 * For each channel: the rows that can be sent on it, the rows Not Sent on it, the rows whose
 * identifier for it is missing or malformed (they add up to the rows read), and, with
 * several channels, its own cleaned file to download.
 */
function ChannelTable({ report, channels, files }: { report: JobReport; channels: string[]; files: CleanFile[] }) {
  const toast = useApp((s) => s.toast);
  const several = channels.length > 1;
  const download = async (file: FileRef) => {
    const result = await desk().downloadFile({ ref: file.ref, name: file.name, size: file.size });
    if (!result.ok) toast('error', errorText(result.error));
    else emitAppEvent('desk:download', { name: file.name, ref: file.ref });
  };
  // A report from before per-channel counts: with one channel its sendable is that channel's.
  const sendable = (channel: string) => report.sendable_by_channel?.[channel] ?? (several ? undefined : report.sendable);
  const invalid = (channel: string) => report.invalid_by_channel?.[channel] ?? (several ? undefined : report.invalid);
  return (
    <table className="plain" style={{ maxWidth: several ? 760 : 420 }}>
      <caption className="visually-hidden">Sendable and Not Sent by channel</caption>
      <thead>
        <tr>
          <th scope="col">Channel</th>
          <th scope="col" className="num">
            Sendable
          </th>
          <th scope="col" className="num">
            Not Sent
          </th>
          <th scope="col" className="num">
            Invalid identifier
          </th>
          {several ? <th scope="col">Cleaned file for the channel</th> : null}
        </tr>
      </thead>
      <tbody>
        {channels.map((channel) => {
          const file = files.find((f) => f.channel === channel);
          return (
            <tr key={channel} data-channel={channel}>
              <th scope="row" style={{ ...MIDDLE, background: 'transparent', color: 'inherit', fontSize: 'inherit', position: 'static' }}>
                {channelLabel(channel)}
              </th>
              <Count value={sendable(channel)} stat="sendable" channel={channel} />
              <Count value={report.not_sent_by_channel?.[channel]} stat="not_sent" channel={channel} />
              <Count value={invalid(channel)} stat="invalid" channel={channel} />
              {several ? (
                <td style={MIDDLE}>
                  {file ? (
                    <span className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
                      <button type="button" className="button button-small" onClick={() => void download(file)}>
                        Download clean list for {channelLabel(channel)}
                      </button>
                      <span className="subtle small">
                        {file.name}{file.size === null ? "" : ` · ${formatBytes(file.size)}`}
                      </span>
                    </span>
                  ) : (
                    <span className="subtle small">not available</span>
                  )}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A finished scrub's counts: per channel sendable, Not Sent and invalid (with its cleaned file), Not Sent by category, invalid identifiers. */
export function ScrubReportView({ report }: { report: JobReport }) {
  const files = useJobs((s) => s.jobs.find((j) => j.id === report.job)?.files.clean_by_channel) ?? [];
  const channels = Object.keys(report.not_sent_by_channel ?? {});
  const several = channels.length > 1;
  const names = channels.map(channelLabel);
  const byCategory = Object.entries(report.not_sent_by_category ?? {}).sort((a, b) => b[1] - a[1]);
  const invalid = Object.entries(report.invalid_by_reason ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="scrub-report">
      <dl className="stats">
        <Stat label="Rows read" stat="rows_read" value={report.rows_read} />
        {several ? (
          <Stat label="Removed: Not Sent on at least one channel" stat="not_sent" value={report.not_sent ?? 0} />
        ) : (
          <>
            <Stat label={`Sendable on ${names[0] ?? 'the channel'}`} stat="sendable" value={report.sendable ?? 0} />
            <Stat label="Not Sent" stat="not_sent" value={report.not_sent ?? 0} />
            <Stat label="Invalid identifiers" stat="invalid" value={report.invalid ?? 0} />
          </>
        )}
        {report.encoding ? <Stat label="Encoding" value={report.encoding} /> : null}
      </dl>
      {several && report.sendable_by_channel === undefined ? (
        <p className="notice notice-error" style={{ margin: 0 }}>
          This scrub ran before each channel had its own cleaned file: its one cleaned file keeps rows that are Not Sent on some of {listed(names)}. Scrub the
          audience again before sending.
        </p>
      ) : null}
      {several ? (
        <p className="small" style={{ margin: 0 }}>
          Each channel has its own cleaned file: send {listed(names)} each from its own list. A channel&apos;s list leaves out the rows Not Sent on that channel
          and keeps every other row, byte for byte. The removed rows file lists every row Not Sent on at least one channel, with the channels and categories; a row Not Sent for different reasons on
          different channels counts under each reason below.
        </p>
      ) : null}
      <ChannelTable report={report} channels={channels} files={files} />
      <p className="small" style={{ margin: 0 }}>
        Blocklisted recipients count as <strong>Not Sent</strong> — not as Sent, not as Failed — as in CE&apos;s campaign statistics. Rows with an invalid
        identifier are kept in the cleaned {several ? 'files' : 'file'} (they are not on the blocklist) and counted apart. A scrub only reads the blocklist, so there is nothing to revert.
      </p>
      <div className="row" style={{ alignItems: 'flex-start', gap: 24, flexWrap: 'wrap' }}>
        <CountTable caption="Removed rows by category" heading="Not Sent because" counts={byCategory} label={categoryLabel} dataKey="category" />
        <CountTable caption="Invalid identifiers by reason" heading="Invalid because" counts={invalid} label={(reason) => reason.replace(/_/g, ' ')} />
      </div>
      <WarningList warnings={report.warnings} />
    </div>
  );
}
