import { CHANNELS, type Channel } from '../domain/channels';
import { dataVersion, type Db } from './database';
import { standingAsks, type AskedRange } from './jobAsks';
import { phaseTimer } from '../domain/trace';
import { emitOutboxForDeleted, emitOutboxForSnapshot, snapshotForOutbox } from './outbox';

export interface RevertContext {
  /** The job being undone. */
  target: string;
  /**
   * The target changes each contact's channel at most once (an import or a paste, whose
   * merge writes one entry per contact and channel): no need to find each one's first.
   */
  onceEach?: boolean;
  /** The revert job itself, recorded on each audit entry it writes. */
  job: string;
  actor: string;
  now: number;
}

export interface RevertResult {
  restored: number;
  /** Blocks the revert lifted (the job had made them, nothing later asked for them). */
  lifted: number;
  removedContacts: number;
  skipped: number;
  /** Blocks the job made that a later job also asked for (finding them in place): kept. */
  kept: number;
  /** Per job that asked for a kept block, how many it holds. */
  keptByJob: Record<string, number>;
}

/**
 * The target's entries, each numbered among the target's entries of its contact and
 * channel: a job may change one contact's channel several times (keyword capture: STOP,
 * START, STOP), and only its first entry there holds the status from before the job.
 * Identifier entries (channel NULL) are each their own first. One pass over the job's
 * entries (audit_job), never a lookup per entry into them.
 */
const TARGET_ENTRIES = (onceEach: boolean) => `CREATE TEMP TABLE tj AS
SELECT a.id AS audit_id, a.contact_id AS contact_id, a.channel AS channel, a.before AS before, a.before_detail AS before_detail,
       a.action AS action, a.after AS after, a.contact AS label,
       ${onceEach ? '1' : 'CASE WHEN a.channel IS NULL THEN 1 ELSE row_number() OVER (PARTITION BY a.contact_id, a.channel ORDER BY a.id) END'} AS nth
FROM main.audit a WHERE a.job = :target`;

/** Per contact the job touched, the last entry of any other job or edit, per channel (audit_contact). */
const LATER_ENTRIES = `CREATE TEMP TABLE later AS
SELECT b.contact_id AS contact_id, b.channel AS channel, max(b.id) AS last_id
FROM main.audit b WHERE b.contact_id IN (SELECT contact_id FROM temp.tj) AND b.job IS NOT :target
GROUP BY b.contact_id, b.channel`;

/**
 * The target's changes not touched by anything since: each goes back to its earlier
 * status (before_detail). An identifier edit since touches every channel of the contact.
 */
const UNTOUCHED = `
CREATE TEMP TABLE rv AS
SELECT t.* FROM temp.tj t
WHERE t.nth = 1 AND NOT EXISTS (
  SELECT 1 FROM temp.later l WHERE l.contact_id = t.contact_id AND l.last_id > t.audit_id
    AND (l.channel IS t.channel OR l.channel IS NULL OR t.channel IS NULL))`;

/**
 * The channel changes of rv that a later, standing job also asked for (job_asks): kept.
 * One sweep over rv in contact order against the asked runs in first_id order.
 */
function findKept(db: Db, target: string): Record<string, number> {
  db.exec('CREATE TEMP TABLE kept(rv_row INTEGER PRIMARY KEY, contact_id INTEGER NOT NULL, job TEXT NOT NULL)');
  const range = db.prepare('SELECT min(contact_id) AS low, max(contact_id) AS high FROM temp.rv WHERE channel IS NOT NULL').get() as { low: number | null; high: number | null };
  if (range.low === null || range.high === null) return {};
  const asks = standingAsks(db, target, range.low, range.high);
  if (asks.length === 0) return {};
  const kept: [number, number, string][] = [];
  const active: AskedRange[] = [];
  let next = 0;
  const rows = db.prepare('SELECT rowid, contact_id, channel FROM temp.rv WHERE channel IS NOT NULL ORDER BY contact_id').raw().iterate() as IterableIterator<[number, number, string]>;
  for (const [row, contact, channel] of rows) {
    while (next < asks.length && (asks[next] as AskedRange).first_id <= contact) active.push(asks[next++] as AskedRange);
    for (let i = active.length - 1; i >= 0; i -= 1) if ((active[i] as AskedRange).last_id < contact) active.splice(i, 1);
    const bit = 1 << CHANNELS.indexOf(channel as Channel);
    const holder = active.find((ask) => (ask.channels & bit) !== 0);
    if (holder !== undefined) kept.push([row, contact, holder.job]);
  }
  const add = db.prepare('INSERT INTO temp.kept(rv_row, contact_id, job) VALUES (?, ?, ?)');
  const byJob: Record<string, number> = {};
  for (const [row, contact, job] of kept) {
    add.run(row, contact, job);
    byJob[job] = (byJob[job] ?? 0) + 1;
  }
  db.exec('DELETE FROM temp.rv WHERE rowid IN (SELECT rv_row FROM temp.kept)');
  return byJob;
}

/** The status a gone contact has now on rv's channel (the job may have changed it more than once). */
const currentStatus = `CASE rv.channel ${CHANNELS.map((ch) => `WHEN '${ch}' THEN c.${ch}_status`).join(' ')} END`;
const currentStatusName = `CASE ${currentStatus} WHEN 1 THEN 'blocked' WHEN 2 THEN 'whitelisted' ELSE 'none' END`;

const statusValue = `CASE json_extract(rv.before_detail, '$.status') WHEN 'blocked' THEN 1 WHEN 'whitelisted' THEN 2 ELSE 0 END`;

/**
 * What a revert of a job will do, worked out before anything is written (the first half
 * of the revert job; the preview adds its counts, RevertPreview).
 */
export interface RevertPlan {
  /** Contacts the job created and nothing else touched: deleted whole. */
  deletes: number;
  /** Blocks kept because a later job also asked for them, and which jobs hold them. */
  kept: number;
  keptByJob: Record<string, number>;
  /** The job's changes something has changed since: left as they are. */
  skipped: number;
  /** The job's changes the apply goes back over (its progress counts them against this). */
  changes: number;
  /** The blocklist's data_version the plan read (applyRevert plans again under the lock if it moved). */
  dataVersion: number;
}

/** What the officer confirms: the plan, and what it will change in words a person counts. */
export interface RevertPreview extends RevertPlan {
  /** The job's blocks that will be lifted (on contacts kept and on those deleted). */
  lifts: number;
  /** Earlier statuses put back that are no lift (a block or whitelist the job had lifted or replaced). */
  restores: number;
  /** Identifiers the job gave to existing contacts: taken off again. */
  identifiers: number;
}

const DROP_PLAN = 'DROP TABLE IF EXISTS temp.tj; DROP TABLE IF EXISTS temp.later; DROP TABLE IF EXISTS temp.rv; DROP TABLE IF EXISTS temp.gone; DROP TABLE IF EXISTS temp.kept;';

const GONE = 'rv.contact_id IN (SELECT id FROM temp.gone)';

/**
 * Works out the revert of ctx.target into temp tables (tj, later, rv, kept, gone) on this
 * connection, writing nothing to the blocklist: linear in the job's audit entries. The
 * caller holds a read or write transaction so what it reads is one moment's.
 */
export function planRevert(db: Db, ctx: Pick<RevertContext, 'target' | 'onceEach'>): RevertPlan {
  const phase = phaseTimer('revert plan');
  const version = dataVersion(db);
  db.exec(DROP_PLAN);
  db.prepare(TARGET_ENTRIES(ctx.onceEach === true)).run({ target: ctx.target });
  db.exec('CREATE INDEX temp.tj_contact ON tj(contact_id)');
  db.prepare(LATER_ENTRIES).run({ target: ctx.target });
  db.exec('CREATE INDEX temp.later_contact ON later(contact_id)');
  phase("read the job's entries and later ones");
  db.exec(UNTOUCHED);
  const keptByJob = findKept(db, ctx.target);
  phase('untouched and kept');
  const total = (db.prepare('SELECT count(*) AS n FROM temp.tj WHERE nth = 1').get() as { n: number }).n;
  const kept = (db.prepare('SELECT count(*) AS n FROM temp.kept').get() as { n: number }).n;
  // Contacts the job created and nothing else touched: removed whole.
  // A contact holding a kept block stays (its other changes are undone one by one).
  // Keyed by id: the apply's many `IN (SELECT id FROM temp.gone)` then read it directly
  // instead of building a transient index of a million ids for each statement.
  db.exec(`CREATE TEMP TABLE gone(id INTEGER PRIMARY KEY, identified INTEGER NOT NULL, ${CHANNELS.map((ch) => `b_${ch} INTEGER NOT NULL, w_${ch} INTEGER NOT NULL`).join(', ')})`);
  db.prepare(
    `INSERT INTO temp.gone SELECT c.id, c.customer_id IS NOT NULL OR c.email_key IS NOT NULL,
       ${CHANNELS.map((ch) => `c.${ch}_status = 1, c.${ch}_status = 2`).join(', ')}
     FROM main.contacts c WHERE c.id IN (SELECT contact_id FROM temp.tj) AND c.created_job = :target
       AND NOT EXISTS (SELECT 1 FROM temp.later l WHERE l.contact_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM temp.kept k WHERE k.contact_id = c.id)
     ORDER BY c.id`,
  ).run({ target: ctx.target });
  const deletes = (db.prepare('SELECT count(*) AS n FROM temp.gone').get() as { n: number }).n;
  const handled = (db.prepare('SELECT count(*) AS n FROM temp.rv').get() as { n: number }).n;
  phase('gone contacts found');
  return { deletes, kept, keptByJob, skipped: total - handled - kept, changes: handled, dataVersion: version };
}

/**
 * The preview's counts over a plan's temp tables: a deleted contact's blocks are lifted
 * with it (from its status now to none); a kept contact's channel goes from its status
 * now back to the one before the job. Only the confirmation needs them: the revert job
 * counts what it did as it does it.
 */
function countPlan(db: Db, plan: RevertPlan): RevertPreview {
  const counts = db
    .prepare(
      `SELECT coalesce(sum(CASE WHEN ${GONE} THEN ${currentStatus} = 1 ELSE ${currentStatus} = 1 AND ${statusValue} <> 1 END), 0) AS lifts,
              coalesce(sum(CASE WHEN ${GONE} THEN ${currentStatus} = 2 ELSE ${currentStatus} <> 1 AND ${statusValue} <> ${currentStatus} END), 0) AS restores,
              coalesce(sum(NOT ${GONE} OR ${currentStatus} <> 0), 0) AS changes
       FROM temp.rv JOIN main.contacts c ON c.id = rv.contact_id WHERE rv.channel IS NOT NULL`,
    )
    .get() as { lifts: number; restores: number; changes: number };
  const identifiers = (
    db
      .prepare(
        `SELECT count(*) AS n FROM temp.rv JOIN main.contacts c ON c.id = rv.contact_id
         WHERE rv.channel IS NULL AND NOT ${GONE} AND (
           (rv.action = 'edit_customer_id' AND c.customer_id IS rv.after) OR (rv.action = 'edit_email' AND c.email IS rv.after)
           OR (rv.action = 'edit_mobile' AND c.mobile IS rv.after))`,
      )
      .get() as { n: number }
  ).n;
  return { ...plan, lifts: counts.lifts, restores: counts.restores, identifiers, changes: counts.changes + identifiers };
}

/** A revert's plan without writing anything: the temp tables go again. */
export function previewRevert(db: Db, ctx: Pick<RevertContext, 'target' | 'onceEach'>): RevertPreview {
  try {
    return db.transaction(() => countPlan(db, planRevert(db, ctx)))();
  } finally {
    db.exec(DROP_PLAN);
  }
}

/**
 * Undoes the target job's changes that nothing has touched since, in the caller's
 * transaction: linear in the job's audit entries (no lookup per entry into the job's
 * other entries). A block a later job also asked for stays, and so does its contact.
 */
export function revertJob(db: Db, ctx: RevertContext, plan: RevertPlan | null = null, onApplied: (applied: number, total: number) => void = () => {}): RevertResult {
  const params = { target: ctx.target, job: ctx.job, actor: ctx.actor, now: ctx.now };
  const phase = phaseTimer('revert');
  // A plan read before the write lock holds only if nothing committed since.
  const planned = plan !== null && plan.dataVersion === dataVersion(db) ? plan : planRevert(db, ctx);
  const { kept, keptByJob } = planned;
  // The contacts it keeps are compared before and after; those it deletes unblock what they held.
  snapshotForOutbox(db, `SELECT contact_id FROM temp.rv WHERE NOT ${GONE}`);
  // Only the channels the revert changes can differ afterwards (each block of a deleted
  // contact is an entry of the job's); an identifier taken off changes them all.
  const touched = db.prepare('SELECT DISTINCT channel FROM temp.rv').pluck().all() as (Channel | null)[];
  const outboxChannels = touched.includes(null) ? CHANNELS : CHANNELS.filter((ch) => touched.includes(ch));
  phase('outbox snapshot');
  let applied = 0;
  onApplied(applied, planned.changes);

  const gone = db.prepare(
    `SELECT count(*) AS n, coalesce(sum(identified), 0) AS identified, ${CHANNELS.map((ch) => `coalesce(sum(b_${ch}), 0) AS b_${ch}`).join(', ')}, coalesce(sum(w_email), 0) AS w_email FROM temp.gone`,
  ).get() as Record<string, number>;
  // Every block a deleted contact holds is lifted with it.
  const goneLifted = CHANNELS.reduce((n, ch) => n + (gone[`b_${ch}`] ?? 0), 0);
  const goneChanges = db.prepare(
    `INSERT INTO main.audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job)
     SELECT :now, :actor, 'revert', rv.contact_id, rv.label, rv.channel, ${currentStatusName}, 'none', NULL, 'revert:' || :target, :job
     FROM temp.rv JOIN main.contacts c ON c.id = rv.contact_id
     WHERE rv.channel IS NOT NULL AND rv.contact_id IN (SELECT id FROM temp.gone) AND ${currentStatus} <> 0 ORDER BY rv.audit_id`,
  ).run(params).changes;
  emitOutboxForDeleted(db, 'SELECT id FROM temp.gone', { now: ctx.now, source: `revert:${ctx.target}` }, outboxChannels);
  phase('gone contacts audited');
  // Raise the kept highest id once (migration 0003's trigger would otherwise update it for
  // every deleted contact above it), then delete; the gone contacts' changes are done.
  db.exec(`UPDATE main.contact_id_high SET value = max(value, coalesce((SELECT max(id) FROM temp.gone), 0)) WHERE only = 1;
           DELETE FROM main.contacts WHERE id IN (SELECT id FROM temp.gone)`);
  db.exec('DELETE FROM temp.rv WHERE contact_id IN (SELECT id FROM temp.gone)');
  phase('gone contacts deleted');
  applied += goneChanges;
  onApplied(applied, planned.changes);

  // Existing contacts: each untouched channel change goes back to what it was.
  const delta: Record<string, number> = {};
  const add = (name: string, n: number) => (delta[name] = (delta[name] ?? 0) + n);
  add('identified', -(gone.identified ?? 0));
  add('anonymous', -((gone.n ?? 0) - (gone.identified ?? 0)));
  for (const ch of CHANNELS) add(`blocked_${ch}`, -(gone[`b_${ch}`] ?? 0));
  add('whitelisted_email', -(gone.w_email ?? 0));

  let restored = goneChanges;
  let lifted = goneLifted;
  for (const ch of CHANNELS) {
    const where = `rv.channel = '${ch}'`;
    const counts = db
      .prepare(
        `SELECT count(*) AS n, coalesce(sum(c.${ch}_status = 1 AND ${statusValue} <> 1), 0) AS lifted, coalesce(sum(c.${ch}_status = 1), 0) AS was_blocked, coalesce(sum(c.${ch}_status = 2), 0) AS was_white,
                coalesce(sum(${statusValue} = 1), 0) AS to_blocked, coalesce(sum(${statusValue} = 2), 0) AS to_white
         FROM temp.rv JOIN main.contacts c ON c.id = rv.contact_id WHERE ${where}`,
      )
      .get() as { n: number; lifted: number; was_blocked: number; was_white: number; to_blocked: number; to_white: number };
    if (counts.n === 0) continue;
    db.prepare(
      `INSERT INTO main.audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job)
       SELECT :now, :actor, 'revert', rv.contact_id, rv.label, rv.channel,
              CASE c.${ch}_status WHEN 1 THEN 'blocked' WHEN 2 THEN 'whitelisted' ELSE 'none' END, rv.before,
              CASE WHEN c.${ch}_status <> 0 THEN json_object('status', CASE c.${ch}_status WHEN 1 THEN 'blocked' ELSE 'whitelisted' END,
                'category', c.${ch}_category, 'reason', c.${ch}_reason, 'source', c.${ch}_source, 'at', c.${ch}_at, 'actor', c.${ch}_actor) END,
              'revert:' || :target, :job
       FROM temp.rv JOIN main.contacts c ON c.id = rv.contact_id WHERE ${where} ORDER BY rv.audit_id`,
    ).run(params);
    db.prepare(
      `UPDATE main.contacts SET ${ch}_status = ${statusValue},
         ${ch}_category = json_extract(rv.before_detail, '$.category'), ${ch}_reason = json_extract(rv.before_detail, '$.reason'),
         ${ch}_source = json_extract(rv.before_detail, '$.source'), ${ch}_at = json_extract(rv.before_detail, '$.at'),
         ${ch}_actor = json_extract(rv.before_detail, '$.actor'), changed_at = :now
       FROM temp.rv WHERE ${where} AND contacts.id = rv.contact_id`,
    ).run({ now: ctx.now });
    add(`blocked_${ch}`, counts.to_blocked - counts.was_blocked);
    if (ch === 'email') add('whitelisted_email', counts.to_white - counts.was_white);
    restored += counts.n;
    lifted += counts.lifted;
    applied += counts.n;
    onApplied(applied, planned.changes);
  }

  // Identifiers the job attached to existing contacts go away again.
  for (const field of ['customer_id', 'email', 'mobile'] as const) {
    const set = field === 'email' ? 'email = NULL, email_key = NULL' : `${field} = NULL`;
    const rows = db
      .prepare(
        `SELECT rv.contact_id AS id, c.customer_id IS NOT NULL OR c.email_key IS NOT NULL AS identified_before
         FROM temp.rv JOIN main.contacts c ON c.id = rv.contact_id
         WHERE rv.action = 'edit_${field}' AND c.${field} IS rv.after`,
      )
      .all() as { id: number; identified_before: number }[];
    for (const row of rows) {
      const label = db.prepare('SELECT coalesce(customer_id, email, mobile) AS label FROM main.contacts WHERE id = ?').get(row.id) as { label: string };
      db.prepare(`UPDATE main.contacts SET ${set}, changed_at = ? WHERE id = ?`).run(ctx.now, row.id);
      const after = db.prepare('SELECT customer_id IS NOT NULL OR email_key IS NOT NULL AS identified FROM main.contacts WHERE id = ?').get(row.id) as { identified: number };
      if (row.identified_before && !after.identified) {
        add('identified', -1);
        add('anonymous', 1);
      }
      db.prepare(
        `INSERT INTO main.audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job)
         VALUES (?, ?, 'revert', ?, ?, NULL, (SELECT after FROM temp.rv WHERE contact_id = ? AND action = 'edit_${field}'), '', NULL, ?, ?)`,
      ).run(ctx.now, ctx.actor, row.id, label.label, row.id, `revert:${ctx.target}`, ctx.job);
      restored += 1;
    }
  }

  const bump = db.prepare('UPDATE main.counters SET value = value + ? WHERE name = ?');
  for (const [name, n] of Object.entries(delta)) if (n !== 0) bump.run(n, name);
  phase('statuses restored');
  emitOutboxForSnapshot(db, { now: ctx.now, source: `revert:${ctx.target}` }, outboxChannels);
  phase('outbox');
  onApplied(planned.changes, planned.changes);
  db.exec(DROP_PLAN);
  return { restored, lifted, removedContacts: gone.n ?? 0, skipped: planned.skipped, kept, keptByJob };
}
