import type { JobReport } from '../../jobs/report';

/** The lines a scrub's report prints (without --json). */
export function scrubSummary(report: JobReport): string[] {
  const channels = Object.keys(report.not_sent_by_channel ?? {});
  const lines: string[] = [];
  if (channels.length > 1) {
    // With several channels no one count is "sendable": each channel's cleaned file has its own.
    lines.push(
      `  rows read ${report.rows_read}: removed ${report.not_sent ?? 0} (Not Sent on at least one channel), sendable on every channel ${report.sendable ?? 0}, kept with an invalid identifier for some channel ${report.invalid ?? 0}`,
    );
    for (const channel of channels) {
      const file = report.out_files?.[channel];
      lines.push(
        `  ${channel}: sendable ${report.sendable_by_channel?.[channel] ?? 0}, not sent ${report.not_sent_by_channel?.[channel] ?? 0}, invalid ${report.invalid_by_channel?.[channel] ?? 0}${file ? `; cleaned file: ${file}` : ''}`,
      );
    }
  } else {
    lines.push(`  rows read ${report.rows_read}, sendable ${report.sendable ?? 0}, not sent ${report.not_sent ?? 0}, invalid ${report.invalid ?? 0}`);
    for (const [channel, n] of Object.entries(report.not_sent_by_channel ?? {})) lines.push(`  not sent on ${channel}: ${n}`);
  }
  for (const [category, n] of Object.entries(report.not_sent_by_category ?? {})) lines.push(`  not sent, ${category}: ${n}`);
  for (const [reason, n] of Object.entries(report.invalid_by_reason ?? {})) lines.push(`  invalid ${reason}: ${n}`);
  if (report.encoding) lines.push(`  encoding ${report.encoding}`);
  if (report.out_file) lines.push(`  cleaned file: ${report.out_file}`);
  if (report.removed_file) lines.push(`  removed rows: ${report.removed_file}${channels.length > 1 ? ' (each with the channels it is Not Sent on)' : ''}`);
  lines.push('  blocklisted recipients count as Not Sent (neither Sent nor Failed); the blocklist was not changed');
  return lines;
}
