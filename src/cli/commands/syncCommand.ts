import { DeskError } from '../../domain/errors';
import { emptyReport, type JobReport } from '../../jobs/report';
import { newJobId } from '../../store/jobsTable';
import { getSyncSettings } from '../../store/syncSettings';
import { checkRemoteUrl } from '../../sync/remoteCall';
import { REMOTE_KINDS, type RemoteKind } from '../../sync/syncRun';
import type { CommandContext } from '../context';
import { runJob } from './jobCommands';

/** `sync --json`: the shape, and dated_at_pull (pulled changes dated out of range, applied at the pull's time). */
function syncJson(report: JobReport) {
  return {
    job: report.job === '' ? null : report.job,
    status: report.status,
    pushed: report.pushed ?? 0,
    pulled: report.pulled ?? 0,
    applied: report.applied ?? 0,
    skipped_older: report.skipped_older ?? 0,
    conflicts: report.conflicts ?? 0,
    rejected: report.rejected,
    dated_at_pull: report.dated_at_pull ?? 0,
    error: report.error,
  };
}

function printSync(ctx: CommandContext, report: JobReport): number {
  if (ctx.flags.json) {
    ctx.io.out(JSON.stringify(syncJson(report)));
    // What the JSON shape has no field for (Netcore's unsupported changes, CE's
    // rejections) is still said, on stderr.
    if (report.status === 'succeeded') for (const warning of report.warnings) ctx.io.err(`blocklist-desk: warning: ${warning}`);
  } else {
    const lines = [`job ${report.job} (sync with ${report.remote ?? ''} ${report.url ?? ''}): ${report.status}`];
    const datedAtPull = report.dated_at_pull ? `, dated at the pull ${report.dated_at_pull}` : '';
    lines.push(`  pushed ${report.pushed ?? 0}, pulled ${report.pulled ?? 0}, applied ${report.applied ?? 0}, skipped as older ${report.skipped_older ?? 0}, conflicts ${report.conflicts ?? 0}, rejected ${report.rejected}${datedAtPull}`);
    for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
    ctx.io.out(lines.join('\n'));
  }
  if (report.error) ctx.io.err(`blocklist-desk: ${report.error.message}`);
  return report.status === 'succeeded' ? 0 : 1;
}

/**
 * `sync [--url URL] [--remote ce-v1|netcore-email]`: the URL and remote default to the
 * desktop app's Sync settings. The key comes only from $BLOCKLIST_DESK_API_KEY — never from
 * argv, where other users and shell history could read it.
 */
export async function syncCommand(ctx: CommandContext): Promise<number> {
  const stored = getSyncSettings(ctx.db);
  const remote = (ctx.flags.remote ?? stored.remote) as RemoteKind;
  if (!(REMOTE_KINDS as readonly string[]).includes(remote)) throw new DeskError('usage', `unknown --remote "${remote}" (use ${REMOTE_KINDS.join(' or ')})`);
  const url = ctx.flags.url ?? stored.url;
  if (url === '') throw new DeskError('usage', 'sync needs --url URL (or a URL saved in the desktop app\'s Sync settings)');
  checkRemoteUrl(url);
  const apiKey = process.env.BLOCKLIST_DESK_API_KEY ?? '';
  if (apiKey.trim() === '') {
    const message = 'no API key: set $BLOCKLIST_DESK_API_KEY (the key saved in the desktop app is encrypted for the app alone)';
    const refused = { ...emptyReport('', 'sync'), status: 'failed' as const, error: { code: 'usage', message } };
    return printSync(ctx, refused);
  }
  return runJob(ctx, { kind: 'sync', job: newJobId(), dataFolder: ctx.dataFolder, actor: ctx.actor, remote, url, apiKey, country: ctx.country }, printSync);
}
