import path from 'node:path';
import { allowedChannels, isCategory, parseChannelList, type Category, type Channel, type IdentifierType } from '../../domain/channels';
import { DeskError, toErrorInfo } from '../../domain/errors';
import { layoutFor, tableNamesChannels, type RowRules, type Using } from '../../jobs/importRows';
import { savedImportMappings } from '../../jobs/importJob';
import { readTableStart } from '../../files/tableStart';
import { checkMapping, mappingOf, parseBlockedWhenFlags, parseColumnFlags, type ColumnMapping } from '../../files/formats/columnMapping';
import { formatById } from '../../files/formats/tableReading';
import { FORMATS } from '../../files/formats/index';
import { checkMappingName, getImportMappings, saveImportMapping } from '../../store/importMappings';
import { emptyReport, landed, type JobKind, type JobReport } from '../../jobs/report';
import { startJob } from '../../jobs/startJob';
import { storedSyncParams } from '../../jobs/syncJob';
import type { JobTask } from '../../jobs/tasks';
import { createJob, newJobId } from '../../store/jobsTable';
import { checkOutputPath } from '../../files/outputPaths';
import { fullCheckDue, readHealth, recordIntegrity, refuseIfDamaged } from '../../store/health';
import { getSettings } from '../../store/settings';
import { parseMessageChannel, type KeywordChannel } from '../../domain/keywords';
import { normalizeMobile } from '../../domain/mobile';
import { channelAddress, parseMessageLogColumnFlags } from '../../files/messageLogColumns';
import type { CommandContext } from '../context';
import { scrubSummary } from './scrubSummary';
import { cliError, cliMessage } from '../cliWording';

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
  if (ctx.flags.json) ctx.io.out(JSON.stringify(report.error ? { ...report, error: cliError(report.error) } : report));
  else {
    const lines = [`job ${report.job} (${report.kind}): ${report.status.replace(/_/g, ' ')}`];
    const succeeded = landed(report.status);
    if (succeeded && (report.kind === 'import' || report.kind === 'paste')) {
      // unchanged is already blocked + no channel asked; a report from before the split has only the sum.
      const unchanged =
        report.already_blocked !== undefined && report.no_channel !== undefined
          ? `already blocked ${report.already_blocked}, no channel asked ${report.no_channel}`
          : `unchanged ${report.unchanged}`;
      lines.push(`  rows read ${report.rows_read}, added ${report.added}, updated ${report.updated}, ${unchanged}, rejected ${report.rejected}`);
      for (const [reason, n] of Object.entries(report.rejected_by_reason)) lines.push(`  rejected ${reason}: ${n}`);
      if (report.encoding) lines.push(`  encoding ${report.encoding}`);
      if (report.format) lines.push(`  format ${report.format}`);
      if (report.not_blocks) lines.push(`  not blocks ${report.not_blocks} (rows the file says are no blocks; none blocked)`);
    }
    if (report.problems) {
      lines.push(`  problems ${report.problems}: ${Object.entries(report.problems_by_kind ?? {}).map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
      if (report.problems_file) lines.push(`  problems file: ${report.problems_file}`);
    }
    if (succeeded && report.kind === 'export' && report.out_file) lines.push(`  ${report.rows_read} contacts written to ${report.out_file}`);
    if (succeeded && report.kind === 'revert') {
      const what = report.lifted !== undefined ? ` (${report.lifted} blocks lifted, ${report.deleted_contacts ?? 0} contacts deleted)` : '';
      const left = report.left_changed ? `, ${report.left_changed} left as they are (changed since)` : '';
      lines.push(`  ${report.reverted ?? 0} changes undone${what}, ${report.kept ?? 0} blocks kept (later jobs also asked for them)${left}`);
    }
    if (succeeded && report.kind === 'keywords') {
      lines.push(
        `  messages ${report.messages ?? 0}: opt-outs ${report.opt_outs ?? 0}, opt-ins ${report.opt_ins ?? 0}, unchanged ${report.unchanged}, not keywords ${report.not_keywords ?? 0}, ignored ${report.ignored ?? 0}, ${report.outbound ? `outbound ${report.outbound} (never applied), ` : ''}rejected ${report.rejected}`,
      );
      if (report.format) lines.push(`  format ${report.format}`);
      if (report.sender_numbers_learned?.length) lines.push(`  our sender numbers, from the To of inbound messages (kept in settings): ${report.sender_numbers_learned.join(', ')}`);
      for (const [reason, n] of Object.entries(report.ignored_by_reason ?? {})) lines.push(`  ignored ${reason}: ${n}`);
      for (const [reason, n] of Object.entries(report.rejected_by_reason)) lines.push(`  rejected ${reason}: ${n}`);
    }
    if (succeeded && report.kind === 'scrub') lines.push(...scrubSummary(report));
    for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
    ctx.io.out(lines.join('\n'));
  }
  if (report.error) ctx.io.err(`blocklist-desk: ${cliMessage(report.error)}`);
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
    const report = { ...emptyReport('', kind), job: null, status: 'failed', error: cliError(info) };
    ctx.io.out(JSON.stringify(report));
  }
  ctx.io.err(`blocklist-desk: ${cliMessage(info)}`);
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

/**
 * The first record of the first table of the files, or null when it cannot be read (the
 * job then says why). Of a plain file only its start is read; of a ZIP, its first table.
 */
async function firstRecord(files: string[], sheet?: string): Promise<{ file: string; record: string[] } | null> {
  const file = files[0];
  if (file === undefined) return null;
  try {
    const start = await readTableStart(file, 1, sheet !== undefined ? { sheet } : {});
    const record = start?.records[0];
    return start !== null && record !== undefined ? { file: start.file, record } : null;
  } catch {
    return null;
  }
}

interface ImportLayoutFlags {
  format?: string;
  mapping?: ColumnMapping;
  /** --save-mapping: the name to keep the --column mapping under. */
  saveAs?: string;
}

/** --format, --column, --blocked-when, --mapping and --save-mapping, checked together. */
function importLayoutFlags(ctx: CommandContext, legacy: boolean): ImportLayoutFlags {
  const { flags } = ctx;
  const columnFlags = [...(flags.column ?? []), ...(flags['blocked-when'] ?? [])];
  const given = [flags.format !== undefined && '--format', columnFlags.length > 0 && '--column', flags.mapping !== undefined && '--mapping'].filter(Boolean);
  if (legacy && (given.length > 0 || flags['save-mapping'] !== undefined)) throw new DeskError('usage', `--legacy reads an email-only blacklist: it takes no ${given[0] ?? '--save-mapping'}`);
  if (given.length > 1) throw new DeskError('usage', `${given.join(' and ')} cannot be given together: a table is read by one format or one mapping`);
  const result: ImportLayoutFlags = {};
  if (flags.format !== undefined) {
    const wanted = flags.format.trim().toLowerCase();
    if (wanted !== 'generic' && formatById(wanted) === undefined) {
      throw new DeskError('usage', `unknown --format "${flags.format}" (use generic or ${FORMATS.map((f) => f.id).join(', ')})`);
    }
    result.format = wanted;
  }
  if (flags.mapping !== undefined) {
    const name = checkMappingName(flags.mapping);
    const stored = getImportMappings(ctx.db).find((m) => m.name === name);
    if (stored === undefined) {
      const known = getImportMappings(ctx.db).map((m) => m.name);
      throw new DeskError('usage', `no saved mapping "${name}" (${known.length > 0 ? `saved: ${known.join(', ')}` : 'none saved yet; save one with --column … --save-mapping NAME'})`);
    }
    result.mapping = mappingOf(stored.name, stored.columns, stored.blocked_when);
  }
  if (columnFlags.length > 0) {
    const saveAs = flags['save-mapping'] === undefined ? undefined : checkMappingName(flags['save-mapping']);
    result.mapping = checkMapping({
      ...(saveAs !== undefined ? { name: saveAs } : {}),
      columns: parseColumnFlags(flags.column ?? []),
      blockedWhen: parseBlockedWhenFlags(flags['blocked-when'] ?? []),
    });
    if (saveAs !== undefined) result.saveAs = saveAs;
  } else if (flags['save-mapping'] !== undefined) {
    throw new DeskError('usage', '--save-mapping NAME keeps the mapping given with --column (and --blocked-when): give those too');
  }
  return result;
}

export async function importCommand(ctx: CommandContext, files: string[]): Promise<number> {
  const legacy = ctx.flags.legacy === true;
  if (files.length === 0) throw new DeskError('usage', 'import needs at least one FILE');
  if (legacy && ctx.flags.using !== undefined && ctx.flags.using !== 'email') throw new DeskError('usage', '--legacy reads an email-only blacklist: --using must be email or left out');
  // A header names the identifiers: --using is for files without one (default auto).
  const using: Using = legacy ? 'email' : ctx.flags.using === undefined ? 'auto' : parseUsing(ctx.flags.using, true);
  const channels = legacy ? (['email'] as Channel[]) : ctx.flags.channels === undefined ? [] : parseChannels(ctx.flags.channels);
  const category = legacy ? 'legacy' : parseCategory(ctx.flags.category);
  const layoutFlags = importLayoutFlags(ctx, legacy);
  const paths = files.map((f) => path.resolve(f));
  const sheet = sheetFlag(ctx.flags.sheet);

  // The first table's header, read here when it decides something before the job: whether
  // --channels may be left out, and what a mapping to save was made for.
  if (!legacy && (channels.length === 0 || layoutFlags.mapping !== undefined || layoutFlags.format !== undefined)) {
    const first = await firstRecord(paths, sheet);
    const rules: RowRules = {
      using, channels, category, reason: null, legacy, country: ctx.country,
      dates: { timeZone: 'UTC', now: Date.now(), serials: true },
      ...(layoutFlags.format !== undefined ? { format: layoutFlags.format } : {}),
      ...(layoutFlags.mapping !== undefined ? { mapping: layoutFlags.mapping } : {}),
      savedMappings: savedImportMappings(ctx.db),
    };
    let namesChannels = true;
    if (first !== null) {
      // A mapping or a --format that does not fit the header is a usage error now; what
      // else is wrong with the file the job says, with its problems file.
      const flagged = layoutFlags.mapping !== undefined || layoutFlags.format !== undefined;
      try {
        namesChannels = tableNamesChannels(layoutFor(first.file, first.record, rules));
      } catch (err) {
        if (flagged && err instanceof DeskError && err.code === 'usage') throw err;
      }
      if (layoutFlags.saveAs !== undefined && layoutFlags.mapping !== undefined) {
        saveImportMapping(ctx.db, {
          name: layoutFlags.saveAs,
          header: first.record,
          columns: layoutFlags.mapping.columns.map((c) => ({ role: c.role, header: c.header })),
          blocked_when: layoutFlags.mapping.blockedWhen.map((b) => ({ header: b.header, values: [...b.values] })),
        });
        if (!ctx.flags.json) ctx.io.out(`mapping "${layoutFlags.saveAs}" saved: a file with this header is read by it from now on (${first.record.join(', ')})`);
      }
    } else if (layoutFlags.saveAs !== undefined) {
      throw new DeskError('usage', `--save-mapping ${layoutFlags.saveAs}: the first file's header could not be read to keep the mapping with`);
    }
    if (channels.length === 0 && !namesChannels) {
      throw new DeskError('usage', `--channels is required (a comma list of email,sms,whatsapp,rcs): ${first?.file ?? paths[0]} is no export the import recognises and has no channel columns`);
    }
  }
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
    files: paths,
    using,
    channels,
    category,
    reason: ctx.flags.reason ?? null,
    legacy,
    country: ctx.country,
    ...ctx.dates,
    ...(layoutFlags.format !== undefined ? { format: layoutFlags.format } : {}),
    ...(layoutFlags.mapping !== undefined ? { mapping: layoutFlags.mapping } : {}),
    ...(sheet !== undefined ? { sheet } : {}),
  });
}

/** `--sheet NAME`: a sheet's name, as Excel shows it on its tab. */
export function sheetFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new DeskError('usage', '--sheet needs the name of a sheet, as its tab shows it');
  return value;
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

/** Keyword capture: the keyword lists and our sender numbers are the settings' as the job starts. */
export async function keywordsCommand(ctx: CommandContext, files: string[]): Promise<number> {
  if (files.length === 0) throw new DeskError('usage', 'keywords needs the inbound-message log FILE (CSV with from, text, received_at; a Twilio message-log export as it is)');
  const channelFlags = ctx.flags.channel ?? [];
  if (channelFlags.length > 1) throw new DeskError('usage', 'keywords takes one --channel (sms, whatsapp or rcs)');
  let channel: KeywordChannel | undefined;
  if (channelFlags[0] !== undefined) {
    const parsed = parseMessageChannel(channelFlags[0]);
    if (parsed.kind !== 'keyword') throw new DeskError('usage', `--channel ${channelFlags[0]}: keyword capture reads sms, whatsapp or rcs messages`);
    channel = parsed.channel;
  }
  const mapping = parseMessageLogColumnFlags(ctx.flags.column ?? []);
  const settings = getSettings(ctx.db);
  const senders = (ctx.flags.sender ?? []).map((value) => {
    const mobile = normalizeMobile(channelAddress(value).number, ctx.country);
    if (!mobile.ok) throw new DeskError('usage', `--sender ${value}: ${mobile.message}`);
    return mobile.value;
  });
  return runJob(ctx, {
    kind: 'keywords',
    job: newJobId(),
    dataFolder: ctx.dataFolder,
    actor: ctx.actor,
    files: files.map((f) => path.resolve(f)),
    country: ctx.country,
    keywords: settings.keywords,
    senderNumbers: [...new Set([...settings.sender_numbers, ...senders])],
    ...(channel !== undefined ? { channel } : {}),
    ...(mapping.length > 0 ? { mapping } : {}),
    ...ctx.dates,
  });
}
