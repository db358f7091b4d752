import fs from 'node:fs';
import path from 'node:path';
import { CHANNELS, isProtectedCategory, type Channel } from '../../domain/channels';
import { readDateInOrder } from '../../domain/dates';
import { DeskError, toErrorInfo } from '../../domain/errors';
import type { Db } from '../../store/database';
import { databasePath } from '../../store/dataFolder';
import { recordIntegrity } from '../../store/health';
import { iterateAudit, type AuditEntryView } from '../../store/audit';
import { setChannelStatuses } from '../../store/contacts';
import type { ContactView } from '../../store/contactView';
import { readCounts, recountFromTables, repairCounters } from '../../store/counters';
import { SCHEMA_VERSION, schemaVersion } from '../../store/migrate';
import { listJobs } from '../../store/jobsTable';
import { searchContacts } from '../../store/search';
import type { CommandContext } from '../context';
import { parseChannels, refuseJob } from './jobCommands';

function statusWord(contact: ContactView, channel: Channel): string {
  const s = contact.channels[channel];
  if (s.status === 'none') return 'No';
  return s.status === 'whitelisted' ? 'Whitelisted' : `Yes (${s.category ?? ''}${s.reason ? `: ${s.reason}` : ''})`;
}

function contactLines(contact: ContactView): string {
  const head = `#${contact.id} ${contact.kind}  customer_id=${contact.customer_id ?? '-'}  email=${contact.email ?? '-'}  mobile=${contact.mobile ?? 'N/A'}`;
  return [head, ...CHANNELS.map((ch) => `  ${ch.padEnd(9)} ${statusWord(contact, ch)}`)].join('\n');
}

export function searchCommand(ctx: CommandContext, query: string | undefined): number {
  if (query === undefined || query.trim() === '') throw new DeskError('usage', 'search needs a QUERY');
  const contacts = searchContacts(ctx.db, query, { prefix: ctx.flags.prefix === true, country: ctx.country });
  if (ctx.flags.json) ctx.io.out(JSON.stringify({ contacts }));
  else ctx.io.out(contacts.length === 0 ? `no contact matches "${query}"` : contacts.map(contactLines).join('\n'));
  return 0;
}

export const UNBLOCK_REASON_NEEDED = 'unblocking a protected category needs --reason TEXT: what evidence of consent you have';

export function unblockCommand(ctx: CommandContext, identifier: string | undefined): number {
  if (identifier === undefined || identifier.trim() === '') throw new DeskError('usage', 'unblock needs an IDENTIFIER');
  const channels = parseChannels(ctx.flags.channels);
  const reason = ctx.flags.reason?.trim() ?? '';
  try {
    const found = searchContacts(ctx.db, identifier, { prefix: false, country: ctx.country });
    if (found.length === 0) throw new DeskError('not_found', `no contact is identified by "${identifier}"`);
    if (found.length > 1) throw new DeskError('conflict', `"${identifier}" matches ${found.length} contacts; use a more specific identifier`);
    const contact = found[0] as ContactView;
    const protectedLifts = channels.filter((ch) => contact.channels[ch].status !== 'none' && isProtectedCategory(contact.channels[ch].category));
    // Asked before anything is written: the store would refuse it too, in the API's words.
    if (protectedLifts.length > 0 && ctx.flags.confirm === true && reason === '') throw new DeskError('usage', UNBLOCK_REASON_NEEDED);
    const { changed } = setChannelStatuses(ctx.db, {
      contactId: contact.id,
      changes: channels.map((channel) => ({ channel, status: 'none' as const, reason: reason === '' ? null : reason })),
      source: 'cli',
      actor: ctx.actor,
      confirm: ctx.flags.confirm === true,
    });
    const after = searchContacts(ctx.db, identifier, { prefix: false, country: ctx.country })[0] ?? null;
    if (ctx.flags.json) ctx.io.out(JSON.stringify({ contact: after, unblocked: changed }));
    else ctx.io.out(changed.length === 0 ? `nothing to unblock on ${channels.join(', ')}` : `unblocked ${changed.join(', ')} for ${identifier}`);
    return 0;
  } catch (err) {
    if (err instanceof DeskError && err.code !== 'usage') {
      const message = err.code === 'confirm_required' ? `${err.message} (run again with --confirm --reason TEXT)` : err.message;
      if (ctx.flags.json) ctx.io.out(JSON.stringify({ contact: null, unblocked: [], error: { code: err.code, message } }));
      ctx.io.err(`blocklist-desk: ${message}`);
      return 1;
    }
    throw err;
  }
}

/**
 * --since as ms, read by the product's one date reader: a numeric day/month in the date
 * order (--date-order, else the settings), a time without a zone in --timezone's zone.
 */
function auditSince(ctx: CommandContext): number | undefined {
  const text = ctx.flags.since;
  if (text === undefined) return undefined;
  const { dateOrder, timeZone } = ctx.dates;
  const reading = readDateInOrder(text, dateOrder, { timeZone, now: Date.now(), serials: false });
  if (reading.ok) return reading.ms;
  const numeric = dateOrder === 'mdy' ? '01/25/2022' : dateOrder === 'ymd' ? '2022/01/25' : '25/01/2022';
  throw new DeskError(
    'usage',
    `--since ${reading.message} (use a date such as 2022-01-25, ${numeric}, 25 Jan 2022 or 2022-01-25T10:00:00Z, from 1970 to tomorrow)`,
  );
}

/** One entry a line; a delete's identifiers as its sentence, a lift's category and the reason (quoted, one line) after the source. */
function auditLine(e: AuditEntryView): string {
  const change = e.description ?? `${e.before} → ${e.after}`;
  const said = [e.lifted_category ? `lifted ${e.lifted_category}` : '', e.reason !== null ? `reason ${JSON.stringify(e.reason)}` : ''].filter((part) => part !== '');
  return `${e.at}  ${e.actor}  ${e.action}  ${e.contact}  ${e.channel ?? '-'}  ${change}  ${e.source}${e.job ? `  job ${e.job}` : ''}${said.length > 0 ? `  ${said.join('  ')}` : ''}`;
}

export function auditCommand(ctx: CommandContext): number {
  const since = auditSince(ctx);
  const entries = iterateAudit(ctx.db, { since });
  if (ctx.flags.json) {
    // Streamed: the audit log can hold millions of entries.
    ctx.io.out('{"entries":[');
    let first = true;
    for (const e of entries) {
      const { at, actor, action, contact, channel, before, after, source, job, lifted_category, reason, description } = e;
      ctx.io.out(`${first ? '' : ','}${JSON.stringify({ at, actor, action, contact, channel, before, after, source, job, lifted_category, reason, description })}`);
      first = false;
    }
    ctx.io.out(']}\n');
  } else {
    for (const e of entries) ctx.io.out(`${auditLine(e)}\n`);
  }
  return 0;
}

export function jobsCommand(ctx: CommandContext): number {
  const jobs = listJobs(ctx.db, 1000);
  if (ctx.flags.json) ctx.io.out(JSON.stringify({ jobs }));
  else ctx.io.out(jobs.length === 0 ? 'no jobs yet' : jobs.map((j) => `${j.id}  ${j.kind}  ${j.status}${j.reverted_by ? ` (reverted by ${j.reverted_by})` : ''}  ${j.created_at}`).join('\n'));
  return 0;
}

export function statsCommand(ctx: CommandContext): number {
  const counts = readCounts(ctx.db);
  if (ctx.flags.json) ctx.io.out(JSON.stringify(counts));
  else {
    ctx.io.out(
      [
        `identified ${counts.identified}`,
        `anonymous  ${counts.anonymous}`,
        ...CHANNELS.map((ch) => `blocked on ${ch.padEnd(9)} ${counts.blocked[ch]}`),
        `whitelisted on email ${counts.whitelisted.email}`,
      ].join('\n'),
    );
  }
  return 0;
}

/**
 * `doctor [--repair] [--json]`: SQLite's full integrity check (recorded, so jobs refuse a
 * damaged blocklist), the kept tab counts against a recount, the schema version. With
 * `--repair`: a copy of the database first, then REINDEX (damage in an index is rebuilt
 * from the table), counters recounted, and the check again. Answers in JSON with --json
 * even when the file is not a database at all.
 */
export function doctorCommand(ctx: CommandContext): number {
  const print = (result: Record<string, unknown>) => {
    if (ctx.flags.json) ctx.io.out(JSON.stringify(result));
    else ctx.io.out(Object.entries(result).map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`).join('\n'));
  };
  let db: Db;
  try {
    db = ctx.db;
  } catch (err) {
    const error = toErrorInfo(err);
    if (!ctx.flags.json) throw err;
    print({ integrity: null, error });
    return 1;
  }
  const integrityOf = () => (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((r) => r.integrity_check).join('\n');
  let integrity = integrityOf();
  let backup: string | null = null;
  let reindexed = false;
  if (ctx.flags.repair) {
    backup = backupDamaged(db, ctx.dataFolder);
    db.exec('REINDEX');
    reindexed = true;
    integrity = integrityOf();
  }
  recordIntegrity(ctx.dataFolder, integrity);
  const kept = readCounts(db);
  const actual = recountFromTables(db);
  const countersOk = JSON.stringify(kept) === JSON.stringify(actual);
  if (!countersOk || ctx.flags.repair) repairCounters(db);
  const running = (db.prepare(`SELECT count(*) AS n FROM jobs WHERE status IN ('queued', 'running')`).get() as { n: number }).n;
  const result: Record<string, unknown> = {
    integrity,
    schema_version: schemaVersion(db),
    app_schema_version: SCHEMA_VERSION,
    contacts: actual.identified + actual.anonymous,
    counters: countersOk ? 'ok' : 'repaired',
    jobs_running: running,
    journal_mode: db.pragma('journal_mode', { simple: true }),
  };
  if (ctx.flags.repair) Object.assign(result, { backup, reindexed });
  if (integrity !== 'ok' && !ctx.flags.repair) result.advice = 'run blocklist-desk doctor --repair (it takes a backup first)';
  print(result);
  return integrity === 'ok' ? 0 : 1;
}

/** A byte copy of the database (after folding the WAL in), taken before a repair touches it. */
function backupDamaged(db: Db, dataFolder: string): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const dir = path.join(dataFolder, 'backups');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, `blocklist-before-repair-${new Date().toISOString().replace(/[:.]/g, '-')}.db`);
  fs.copyFileSync(databasePath(dataFolder), target);
  return target;
}

export { refuseJob };
