import path from 'node:path';
import { allowedChannels, isCategory, parseChannelList, type Category, type Channel, type IdentifierType } from '../../domain/channels';
import { DeskError, toErrorInfo } from '../../domain/errors';
import type { Using } from '../../jobs/importRows';
import { emptyReport, landed, type JobKind, type JobReport } from '../../jobs/report';
import { startJob } from '../../jobs/startJob';
import { storedSyncParams } from '../../jobs/syncJob';
import type { JobTask } from '../../jobs/tasks';
import { createJob, newJobId } from '../../store/jobsTable';
import { checkOutputPath } from '../../files/outputPaths';
import { fullCheckDue, readHealth, recordIntegrity, refuseIfDamaged } from '../../store/health';
import { getSettings } from '../../store/settings';
import type { CommandContext } from '../context';
import { scrubSummary } from './scrubSummary';

const USING_VALUES = ['auto', 'customer_id', 'email', 'mobile'] as const;

function parseUsing(value: string | undefined, allowAuto: boolean): Using {
  if (value === undefined) throw new DeskError('usage', `--using is required (${allowAuto ? 'auto, ' : ''}customer_id, email or mobile)`);
  const allowed: readonly string[] = allowAuto ? USING_VALUES : USING_VALUES.slice(1);
  if (!allowed.includes(value)) throw new DeskError('usage', `unknown --using "${value}" (use ${allowed.join(', ')})`);
  return value as Using;
}

function parseCategory(value: string | undefined): Category {
  if (value === undefined) return 'manual';
  const normalized = value.trim().toLowerCase();
  if (!isCategory(normalized)) throw new DeskError('usage', `unknown category "${value}" (use manual, unsubscribe, hard_bounce, spam_complaint, opt_out or legacy)`);
  return normalized;
}

export function parseChannels(value: string | undefined): Channel[] {
  if (value === undefined) throw new DeskError('usage', '--channels is required (a comma list of email,sms,whatsapp,rcs)');
  const parsed = parseChannelList(value);
  if (!parsed.ok) throw new DeskError('usage', parsed.message);
  return parsed.channels;
}

/** DESIGN.md, Blocklisting: Email ID → email only; Mobile → SMS, WhatsApp, RCS. */
export function checkChannelsAllowed(using: Using, channels: Channel[]): void {
  if (using === 'auto') return;
  const allowed = allowedChannels(using as IdentifierType);
  const refused = channels.filter((c) => !allowed.includes(c));
  if (refused.length > 0) {
    throw new DeskError('conflict', `${refused.join(', ')} cannot be blocked using ${using} (allowed: ${allowed.join(', ')})`);
  }
}

function printReport(ctx: CommandContext, report: JobReport): number {
  if (ctx.flags.json) ctx.io.out(JSON.stringify(report));
  else {
    const lines = [`job ${report.job} (${report.kind}): ${report.status.replace(/_/g, ' ')}`];
    const succeeded = landed(report.status);
    if (succeeded && (report.kind === 'import' || report.kind === 'paste')) {
      lines.push(`  rows read ${report.rows_read}, added ${report.added}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected}`);
      for (const [reason, n] of Object.entries(report.rejected_by_reason)) lines.push(`  rejected ${reason}: ${n}`);
      if (report.encoding) lines.push(`  encoding ${report.encoding}`);
    }
    if (report.problems) {
      lines.push(`  problems ${report.problems}: ${Object.entries(report.problems_by_kind ?? {}).map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
      if (report.problems_file) lines.push(`  problems file: ${report.problems_file}`);
    }
    if (succeeded && report.kind === 'export' && report.out_file) lines.push(`  ${report.rows_read} contacts written to ${report.out_file}`);
    if (succeeded && report.kind === 'revert') lines.push(`  ${report.reverted ?? 0} changes undone, ${report.kept ?? 0} blocks kept (later jobs also asked for them)`);
    if (succeeded && report.kind === 'keywords') {
      lines.push(
        `  messages ${report.messages ?? 0}: opt-outs ${report.opt_outs ?? 0}, opt-ins ${report.opt_ins ?? 0}, unchanged ${report.unchanged}, not keywords ${report.not_keywords ?? 0}, ignored ${report.ignored ?? 0}, rejected ${report.rejected}`,
      );
      for (const [reason, n] of Object.entries(report.ignored_by_reason ?? {})) lines.push(`  ignored ${reason}: ${n}`);
      for (const [reason, n] of Object.entries(report.rejected_by_reason)) lines.push(`  rejected ${reason}: ${n}`);
    }
    if (succeeded && report.kind === 'scrub') lines.push(...scrubSummary(report));
    for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
    ctx.io.out(lines.join('\n'));
  }
  if (report.error) ctx.io.err(`blocklist-desk: ${report.error.message}`);
  return exitCode(report.status);
}

/** 0 succeeded, 3 succeeded with problems, 1 failed or cancelled (README, Command line). */
export function exitCode(status: string): number {
  return status === 'succeeded' ? 0 : status === 'succeeded_with_problems' ? 3 : 1;
}

/** A job refused before it started still answers in the job shape under --json. */
export function refuseJob(ctx: CommandContext, kind: JobKind, err: unknown): number {
  const info = toErrorInfo(err);
  if (ctx.flags.json) {
    const report = { ...emptyReport('', kind), job: null, status: 'failed', error: info };
    ctx.io.out(JSON.stringify(report));
  }
  ctx.io.err(`blocklist-desk: ${info.message}`);
  return 1;
}

/** The jobs that read or write the blocklist in bulk: refused while damage is known (store/health.ts). */
export const CHECKED_KINDS: ReadonlySet<string> = new Set(['import', 'paste', 'keywords', 'scrub', 'sync']);

export async function runJob(ctx: CommandContext, task: JobTask, print: (ctx: CommandContext, report: JobReport) => number = printReport): Promise<number> {
  if (CHECKED_KINDS.has(task.kind)) {
    try {
      // The command line has no background thread to spare: when the weekly full check
      // is due, it runs here, before the job (seconds for a million contacts).
      if (fullCheckDue(readHealth(ctx.dataFolder), false)) {
        const answer = (ctx.db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((r) => r.integrity_check).join('\n');
        recordIntegrity(ctx.dataFolder, answer);
      }
      refuseIfDamaged(ctx.dataFolder);
    } catch (err) {
      return refuseJob(ctx, task.kind, err);
    }
  }
  createJob(ctx.db, { id: task.job, kind: task.kind, actor: ctx.actor, params: task.kind === 'sync' ? storedSyncParams(task) : task });
  const running = startJob(task, (progress) => {
    if (!ctx.io.isTTY || ctx.flags.json) return;
    const pct = progress.bytes_total > 0 ? ` ${Math.floor((100 * progress.bytes_read) / progress.bytes_total)}%` : '';
    const eta = progress.eta_seconds !== null ? `, about ${Math.ceil(progress.eta_seconds)} s left` : '';
    ctx.io.err(`\r${progress.phase}${pct} ${progress.rows} rows, ${progress.rows_per_second}/s${eta}   `);
  });
  const cancel = () => running.cancel();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    const report = await running.done;
    if (ctx.io.isTTY && !ctx.flags.json) ctx.io.err('\r\x1b[K');
    return print(ctx, report);
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

export async function importCommand(ctx: CommandContext, files: string[]): Promise<number> {
  const legacy = ctx.flags.legacy === true;
  const using: Using = legacy ? 'email' : parseUsing(ctx.flags.using, true);
  const channels = legacy ? (['email'] as Channel[]) : parseChannels(ctx.flags.channels);
  const category = legacy ? 'legacy' : parseCategory(ctx.flags.category);
  if (files.length === 0) throw new DeskError('usage', 'import needs at least one FILE');
  if (legacy && ctx.flags.using !== undefined && ctx.flags.using !== 'email') throw new DeskError('usage', '--legacy reads an email-only blacklist: --using must be email or left out');
  try {
    checkChannelsAllowed(using, channels);
  } catch (err) {
    return refuseJob(ctx, 'import', err);
  }
  return runJob(ctx, {
    kind: 'import',
    job: newJobId(),
    dataFolder: ctx.dataFolder,
    actor: ctx.actor,
    files: files.map((f) => path.resolve(f)),
    using,
    channels,
    category,
    reason: ctx.flags.reason ?? null,
    legacy,
    country: ctx.country,
    ...ctx.dates,
  });
}

export async function pasteCommand(ctx: CommandContext): Promise<number> {
  const using = parseUsing(ctx.flags.using, false);
  const channels = parseChannels(ctx.flags.channels);
  const category = parseCategory(ctx.flags.category);
  try {
    checkChannelsAllowed(using, channels);
  } catch (err) {
    return refuseJob(ctx, 'paste', err);
  }
  const text = await ctx.stdin();
  return runJob(ctx, {
    kind: 'paste',
    job: newJobId(),
    dataFolder: ctx.dataFolder,
    actor: ctx.actor,
    files: [],
    text,
    using,
    channels,
    category,
    reason: ctx.flags.reason ?? null,
    legacy: false,
    country: ctx.country,
  });
}

export async function exportCommand(ctx: CommandContext): Promise<number> {
  if (!ctx.flags.out) throw new DeskError('usage', 'export needs --out FILE');
  let channel: Channel | null = null;
  if (ctx.flags.channel !== undefined) {
    if (ctx.flags.channel.length !== 1) throw new DeskError('usage', 'export takes one --channel');
    const parsed = parseChannels(ctx.flags.channel[0]);
    if (parsed.length !== 1) throw new DeskError('usage', '--channel takes one channel');
    channel = parsed[0] as Channel;
  }
  const out = path.resolve(ctx.flags.out);
  checkOutputPath(out, { dataFolder: ctx.dataFolder, what: '--out' });
  return runJob(ctx, { kind: 'export', job: newJobId(), dataFolder: ctx.dataFolder, actor: ctx.actor, out, channel });
}

export async function revertCommand(ctx: CommandContext, target: string | undefined): Promise<number> {
  if (!target) throw new DeskError('usage', 'revert needs the JOB id (see `blocklist-desk jobs`)');
  return runJob(ctx, { kind: 'revert', job: newJobId(), dataFolder: ctx.dataFolder, actor: ctx.actor, target });
}

/** Keyword capture: the keyword lists are the settings' as the job starts. */
export async function keywordsCommand(ctx: CommandContext, files: string[]): Promise<number> {
  if (files.length === 0) throw new DeskError('usage', 'keywords needs the inbound-message log FILE (CSV with from, channel, text, received_at)');
  return runJob(ctx, {
    kind: 'keywords',
    job: newJobId(),
    dataFolder: ctx.dataFolder,
    actor: ctx.actor,
    files: files.map((f) => path.resolve(f)),
    country: ctx.country,
    keywords: getSettings(ctx.db).keywords,
    ...ctx.dates,
  });
}
