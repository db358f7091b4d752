import { phaseTimer } from '../domain/trace';
import { highestContactId } from './contactIds';
import { dataVersion, type Db } from './database';
import { CHANNEL_COLUMNS, groupRows, type Grouped, type MergeShape, type StagedShape } from './groupStaged';
import { emitOutboxForNewRows, emitOutboxForSnapshot, snapshotForOutbox } from './outbox';
import { readSplitProblems, type SplitProblem } from './splitConflicts';
import { recordAsks } from './jobAsks';

export interface MergeContext extends MergeShape {
  job: string;
  source: string;
  actor: string;
  now: number;
  /** Called as the apply goes: contacts written so far of all it writes (the Jobs screen's apply progress). */
  onApplied?: (applied: number, total: number) => void;
}

/** New contacts are written this many at a time, so the apply can say how far it is. */
const APPLY_CHUNK = 20_000;


export interface MergeResult {
  /** Contacts created (one per distinct identifier new to the blocklist). */
  added: number;
  /** Existing contacts that gained a block or an identifier. */
  updated: number;
  /** Staged rows that changed nothing: already blocked, or repeats of an earlier row. */
  unchanged: number;
  /** Rows whose identifiers could not join one contact, each blocked on its own (one problem line each). */
  conflicts: SplitProblem[];
}

const statusDetail = (ch: string) =>
  `json_object('status', CASE c.${ch}_status WHEN 1 THEN 'blocked' WHEN 2 THEN 'whitelisted' ELSE 'none' END, 'category', c.${ch}_category, 'reason', c.${ch}_reason, 'source', c.${ch}_source, 'at', c.${ch}_at, 'actor', c.${ch}_actor)`;

const changesSql = (channels: typeof CHANNEL_COLUMNS) =>
  channels.length === 0
    ? 'CREATE TEMP TABLE chg(contact_id, ch, before_status, before_detail, category, reason, at, label)'
    : `
CREATE TEMP TABLE chg AS
${channels.map(
  ({ ch, i, bit }) => `SELECT g.contact_id AS contact_id, ${i} AS ch, c.${ch}_status AS before_status,
    CASE WHEN c.${ch}_status <> 0 THEN ${statusDetail(ch)} END AS before_detail,
    g.category AS category, g.reason AS reason, g.at AS at, coalesce(c.customer_id, c.email, c.mobile) AS label
  FROM temp.grp g JOIN main.contacts c ON c.id = g.contact_id
  WHERE g.conflict IS NULL AND g.${bit} = 1 AND c.${ch}_status <> 1`,
).join('\nUNION ALL\n')}`;

/** Existing contacts the merge may change: a channel to block, or an identifier to attach. */
const TOUCHED_WITH_SECONDARY = `SELECT contact_id FROM temp.chg
  UNION SELECT g.contact_id FROM temp.grp g JOIN main.contacts c ON c.id = g.contact_id
  WHERE g.conflict IS NULL AND ((g.customer_id IS NOT NULL AND c.customer_id IS NULL) OR (g.email_key IS NOT NULL AND c.email_key IS NULL)
    OR (g.mobile IS NOT NULL AND c.mobile IS NULL))`;

const STATUS_NAME = `CASE before_status WHEN 2 THEN 'whitelisted' ELSE 'none' END`;

export interface StagedMerge {
  shape: MergeShape;
  /** Who and when, read once the write lock is held. */
  context: () => Omit<MergeContext, 'perRowDetails' | 'staged'>;
  /** Runs in the applying transaction, after the merge: the job's report commits with it. */
  commitWith: (merged: MergeResult) => void;
  /** Called once the write lock is held, before anything is written, then as the apply goes (MergeContext.onApplied). */
  onApplied?: (applied: number, total: number) => void;
}

/**
 * The second half of merging staged rows (groupStaged.ts has the first): applies the
 * grouping in one IMMEDIATE transaction. If another connection
 * committed since groupStaged, the grouping's lookups may be stale, so it is made again
 * under the lock.
 */
export function applyGrouped(db: Db, grouped: Grouped, merge: StagedMerge): MergeResult {
  return db
    .transaction(() => {
      if (dataVersion(db) !== grouped.dataVersion) groupRows(db, merge.shape);
      const merged = applyMerge(db, { ...merge.shape, ...merge.context(), ...(merge.onApplied ? { onApplied: merge.onApplied } : {}) });
      merge.commitWith(merged);
      return merged;
    })
    .immediate();
}

function usedChannels(shape: StagedShape): typeof CHANNEL_COLUMNS {
  // Channels no staged row blocks are left out of every statement: each would be a pass
  // over the whole group table that finds nothing.
  return CHANNEL_COLUMNS.filter(({ i }) => (shape.channelBits & (1 << i)) !== 0);
}

/**
 * Applies temp.grp (groupRows) to the blocklist. Must run inside one IMMEDIATE
 * transaction, which the caller commits together with the job's report: the import lands
 * whole or not at all. Imports only add blocks: a channel already blocked keeps its status
 * and history.
 */
function applyMerge(db: Db, ctx: MergeContext): MergeResult {
  const params = { now: ctx.now, actor: ctx.actor, source: ctx.source, job: ctx.job };
  const phase = phaseTimer('merge');
  const used = usedChannels(ctx.staged);
  const withSecondary = ctx.staged.secondary;

  // New contacts take the ids highest + grp.rowid, in key order, so their audit entries
  // can name them without a second lookup (gaps in the ids are harmless).
  const NEW = 'temp.grp WHERE contact_id IS NULL AND conflict IS NULL';
  const base = highestContactId(db);
  const statusColumns = used.map(({ ch }) => `, ${ch}_status, ${ch}_category, ${ch}_reason, ${ch}_source, ${ch}_at, ${ch}_actor`).join('');
  const statusValues = used
    .map(
      ({ bit }) =>
        `, ${bit}, CASE WHEN ${bit} THEN category END, CASE WHEN ${bit} THEN reason END, CASE WHEN ${bit} THEN :source END, CASE WHEN ${bit} THEN coalesce(at, :now) END, CASE WHEN ${bit} THEN :actor END`,
    )
    .join('');
  const sizes = db
    .prepare('SELECT count(*) AS total, coalesce(sum(contact_id IS NULL), 0) AS fresh, coalesce(max(rowid), 0) AS last FROM temp.grp WHERE conflict IS NULL')
    .get() as { total: number; fresh: number; last: number };
  const progress = ctx.onApplied ?? (() => {});
  progress(0, sizes.total);
  const insertContacts = db.prepare(
    `INSERT INTO main.contacts(id, customer_id, email, email_key, mobile, created_at, created_job, changed_at${statusColumns})
     SELECT :base + rowid, customer_id, email, email_key, mobile, :now, :job, :now${statusValues} FROM ${NEW} AND rowid BETWEEN :low AND :high ORDER BY rowid`,
  );
  const auditContacts = used.map(({ ch, bit }) =>
    db.prepare(
      `INSERT INTO main.audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job)
       SELECT :now, :actor, 'block', :base + rowid, coalesce(customer_id, email, mobile), '${ch}', 'none', 'blocked', NULL, :source, :job
       FROM ${NEW} AND ${bit} = 1 AND rowid BETWEEN :low AND :high`,
    ),
  );
  // By ranges of temp.grp's rowid (its key order): each range a few index-ordered inserts,
  // and the officer sees the apply move instead of one long silent statement.
  let written = 0;
  for (let low = 1; sizes.fresh > 0 && low <= sizes.last; low += APPLY_CHUNK) {
    const range = { ...params, base, low, high: low + APPLY_CHUNK - 1 };
    written += insertContacts.run(range).changes;
    for (const audit of auditContacts) audit.run(range);
    progress(written, sizes.total);
  }
  phase('new contacts and their audit');
  // A test's kill mid-transaction ($BLOCKLIST_DESK_TEST_CRASH, as sync's crash points): none of it may land.
  if (process.env.BLOCKLIST_DESK_TEST_CRASH === 'import-apply') process.kill(process.pid, 'SIGKILL');
  const existing = db.prepare('SELECT 1 FROM temp.grp WHERE contact_id IS NOT NULL LIMIT 1').get() !== undefined;
  // The existing contacts go in whole-table steps (asks, changes and their audit, one
  // update per channel): after each, the share of them it stands for is counted applied.
  const steps = 2 + (existing ? used.length : 0);
  let step = 0;
  const stepDone = () => progress(written + Math.floor(((sizes.total - written) * ++step) / (steps + 1)), sizes.total);
  if (existing && used.length > 0) {
    // Blocks the file asks for and the contact already has: a revert of the job that made
    // them must keep them (jobAsks.ts).
    const asked = used.map(({ ch, i, bit }) => `(max(g.${bit} AND c.${ch}_status = 1) << ${i})`).join(' | ');
    recordAsks(db, ctx.job, `SELECT g.contact_id AS id, ${asked} AS bits FROM temp.grp g JOIN main.contacts c ON c.id = g.contact_id WHERE g.conflict IS NULL GROUP BY g.contact_id`);
  }
  stepDone();
  db.exec(changesSql(existing ? used : []));
  snapshotForOutbox(db, withSecondary ? TOUCHED_WITH_SECONDARY : 'SELECT contact_id FROM temp.chg');
  db.prepare(
    `INSERT INTO main.audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job)
     SELECT :now, :actor, 'block', contact_id, label, ${sqlChannelName('ch')}, ${STATUS_NAME}, 'blocked', before_detail, :source, :job
     FROM temp.chg ORDER BY contact_id, ch`,
  ).run(params);
  stepDone();
  for (const { ch, i } of existing ? used : []) {
    db.prepare(
      `UPDATE main.contacts SET ${ch}_status = 1, ${ch}_category = chg.category, ${ch}_reason = chg.reason, ${ch}_source = :source,
         ${ch}_at = coalesce(chg.at, :now), ${ch}_actor = :actor, changed_at = :now
       FROM temp.chg WHERE chg.ch = ${i} AND contacts.id = chg.contact_id`,
    ).run(params);
    stepDone();
  }

  progress(sizes.total, sizes.total);
  phase('existing contacts');
  const attached = withSecondary ? attachIdentifiers(db, params) : { contacts: new Set<number>(), becameIdentified: 0 };

  const newCounts = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(customer_id IS NOT NULL OR email_key IS NOT NULL), 0) AS identified,
              coalesce(sum(c0), 0) AS b0, coalesce(sum(c1), 0) AS b1, coalesce(sum(c2), 0) AS b2, coalesce(sum(c3), 0) AS b3 FROM ${NEW}`,
    )
    .get() as { n: number; identified: number; b0: number; b1: number; b2: number; b3: number };
  const changeCounts = db
    .prepare(`SELECT ch, count(*) AS n, sum(before_status = 2) AS unwhitelisted FROM temp.chg GROUP BY ch`)
    .all() as { ch: number; n: number; unwhitelisted: number }[];
  const blockedDelta = [newCounts.b0, newCounts.b1, newCounts.b2, newCounts.b3];
  let unwhitelisted = 0;
  for (const row of changeCounts) {
    blockedDelta[row.ch] = (blockedDelta[row.ch] ?? 0) + row.n;
    if (row.ch === 0) unwhitelisted = row.unwhitelisted;
  }
  const bump = db.prepare('UPDATE main.counters SET value = value + ? WHERE name = ?');
  bump.run(newCounts.identified + attached.becameIdentified, 'identified');
  bump.run(newCounts.n - newCounts.identified - attached.becameIdentified, 'anonymous');
  CHANNEL_COLUMNS.forEach(({ ch, i }) => bump.run(blockedDelta[i] ?? 0, `blocked_${ch}`));
  bump.run(-unwhitelisted, 'whitelisted_email');

  const newlyBlocked = CHANNEL_COLUMNS.filter(({ i }) => ([newCounts.b0, newCounts.b1, newCounts.b2, newCounts.b3][i] ?? 0) > 0).map(({ ch }) => ch);
  emitOutboxForNewRows(db, { now: ctx.now, source: ctx.source, fromSql: `FROM ${NEW}`, channels: newlyBlocked, identifiers: ctx.staged.identifiers });
  emitOutboxForSnapshot(db, { now: ctx.now, source: ctx.source });
  phase('outbox');

  const updatedContacts = new Set<number>(attached.contacts);
  for (const row of db.prepare('SELECT DISTINCT contact_id AS id FROM temp.chg').all() as { id: number }[]) updatedContacts.add(row.id);

  const staged = (db.prepare('SELECT count(*) AS n FROM temp.staging').get() as { n: number }).n;
  const conflicts = readSplitProblems(db);
  phase('counters and conflicts');
  const added = newCounts.n;
  const updated = updatedContacts.size;
  db.exec('DROP TABLE temp.grp; DROP TABLE temp.chg; DROP TABLE IF EXISTS temp.att; DROP TABLE IF EXISTS temp.part; DROP TABLE IF EXISTS temp.problem;');
  return { added, updated, unchanged: Math.max(0, staged - added - updated), conflicts };
}

function sqlChannelName(column: string): string {
  return `CASE ${column} ${CHANNEL_COLUMNS.map(({ ch, i }) => `WHEN ${i} THEN '${ch}'`).join(' ')} END`;
}

const IDENTIFIER_FIELDS = [
  { field: 'customer_id', set: 'customer_id = att.value', identifying: true },
  { field: 'email', set: 'email = att.display, email_key = att.value', identifying: true },
  { field: 'mobile', set: 'mobile = att.value', identifying: false },
] as const;

/** Gives existing contacts the identifiers a row names and they lack (--using auto). */
function attachIdentifiers(db: Db, params: { now: number; actor: string; source: string; job: string }): { contacts: Set<number>; becameIdentified: number } {
  db.exec(`CREATE TEMP TABLE att AS
    SELECT g.contact_id AS contact_id, 'customer_id' AS field, g.customer_id AS value, g.customer_id AS display, c.customer_id IS NULL AND c.email_key IS NULL AS was_anonymous, coalesce(c.customer_id, c.email, c.mobile) AS label
      FROM temp.grp g JOIN main.contacts c ON c.id = g.contact_id WHERE g.conflict IS NULL AND g.customer_id IS NOT NULL AND c.customer_id IS NULL
    UNION ALL
    SELECT g.contact_id, 'email', g.email_key, g.email, c.customer_id IS NULL AND c.email_key IS NULL, coalesce(c.customer_id, c.email, c.mobile)
      FROM temp.grp g JOIN main.contacts c ON c.id = g.contact_id WHERE g.conflict IS NULL AND g.email_key IS NOT NULL AND c.email_key IS NULL
    UNION ALL
    SELECT g.contact_id, 'mobile', g.mobile, g.mobile, 0, coalesce(c.customer_id, c.email, c.mobile)
      FROM temp.grp g JOIN main.contacts c ON c.id = g.contact_id WHERE g.conflict IS NULL AND g.mobile IS NOT NULL AND c.mobile IS NULL`);
  db.prepare(
    `INSERT INTO main.audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job)
     SELECT :now, :actor, 'edit_' || field, contact_id, label, NULL, '', display, NULL, :source, :job FROM temp.att ORDER BY contact_id`,
  ).run(params);
  const becameIdentified = (
    db.prepare(`SELECT count(DISTINCT contact_id) AS n FROM temp.att WHERE was_anonymous AND field IN ('customer_id', 'email')`).get() as { n: number }
  ).n;
  for (const { field, set } of IDENTIFIER_FIELDS) {
    db.prepare(`UPDATE main.contacts SET ${set}, changed_at = :now FROM temp.att WHERE att.field = '${field}' AND contacts.id = att.contact_id`).run({ now: params.now });
  }
  const contacts = new Set((db.prepare('SELECT DISTINCT contact_id AS id FROM temp.att').all() as { id: number }[]).map((r) => r.id));
  return { contacts, becameIdentified };
}
