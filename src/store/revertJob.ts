import { CHANNELS } from '../domain/channels';
import type { Db } from './database';
import { emitOutboxForSnapshot, snapshotForOutbox } from './outbox';

export interface RevertContext {
  /** The job being undone. */
  target: string;
  /** The revert job itself, recorded on each audit entry it writes. */
  job: string;
  actor: string;
  now: number;
}

export interface RevertResult {
  restored: number;
  removedContacts: number;
  skipped: number;
}

/**
 * A job may change one contact's channel several times (keyword capture: STOP, START,
 * STOP); only its first entry there holds the status from before the job, so only that
 * one is undone.
 */
const FIRST_OF_JOB = `(a.channel IS NULL OR NOT EXISTS (
    SELECT 1 FROM main.audit e WHERE e.contact_id = a.contact_id AND e.id < a.id AND e.job = :target AND e.channel = a.channel))`;

/**
 * The target's channel changes not touched by anything since: each goes back to its
 * earlier status (before_detail), and a contact the job created disappears when no
 * other job or edit has touched it since.
 */
const UNTOUCHED_SQL = `
CREATE TEMP TABLE rv AS
SELECT a.id AS audit_id, a.contact_id AS contact_id, a.channel AS channel, a.before AS before, a.before_detail AS before_detail,
       a.action AS action, a.after AS after, a.contact AS label
FROM main.audit a
WHERE a.job = :target AND ${FIRST_OF_JOB}
  AND NOT EXISTS (
    SELECT 1 FROM main.audit b
    WHERE b.contact_id = a.contact_id AND b.id > a.id AND b.job IS NOT :target
      AND (b.channel IS a.channel OR b.channel IS NULL OR a.channel IS NULL))`;

/** The status a gone contact has now on rv's channel (the job may have changed it more than once). */
const currentStatus = `CASE rv.channel ${CHANNELS.map((ch) => `WHEN '${ch}' THEN c.${ch}_status`).join(' ')} END`;
const currentStatusName = `CASE ${currentStatus} WHEN 1 THEN 'blocked' WHEN 2 THEN 'whitelisted' ELSE 'none' END`;

const statusValue = `CASE json_extract(rv.before_detail, '$.status') WHEN 'blocked' THEN 1 WHEN 'whitelisted' THEN 2 ELSE 0 END`;

export function revertJob(db: Db, ctx: RevertContext): RevertResult {
  const params = { target: ctx.target, job: ctx.job, actor: ctx.actor, now: ctx.now };
  db.exec('DROP TABLE IF EXISTS temp.rv; DROP TABLE IF EXISTS temp.gone;');
  db.prepare(UNTOUCHED_SQL).run({ target: ctx.target });
  snapshotForOutbox(db, 'SELECT contact_id FROM temp.rv');
  const total = (db.prepare(`SELECT count(*) AS n FROM main.audit a WHERE a.job = :target AND ${FIRST_OF_JOB}`).get({ target: ctx.target }) as { n: number }).n;

  // Contacts the job created and nothing else touched: removed whole.
  db.prepare(
    `CREATE TEMP TABLE gone AS SELECT c.id AS id, c.customer_id IS NOT NULL OR c.email_key IS NOT NULL AS identified,
       ${CHANNELS.map((ch) => `c.${ch}_status = 1 AS b_${ch}, c.${ch}_status = 2 AS w_${ch}`).join(', ')}
     FROM main.contacts c WHERE c.created_job = :target
       AND NOT EXISTS (SELECT 1 FROM main.audit b WHERE b.contact_id = c.id AND b.job IS NOT :target)`,
  ).run({ target: ctx.target });
  db.prepare(
    `INSERT INTO main.audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job)
     SELECT :now, :actor, 'revert', rv.contact_id, rv.label, rv.channel, ${currentStatusName}, 'none', NULL, 'revert:' || :target, :job
     FROM temp.rv JOIN main.contacts c ON c.id = rv.contact_id
     WHERE rv.channel IS NOT NULL AND rv.contact_id IN (SELECT id FROM temp.gone) AND ${currentStatus} <> 0 ORDER BY rv.audit_id`,
  ).run(params);
  const gone = db.prepare(
    `SELECT count(*) AS n, coalesce(sum(identified), 0) AS identified, ${CHANNELS.map((ch) => `coalesce(sum(b_${ch}), 0) AS b_${ch}`).join(', ')}, coalesce(sum(w_email), 0) AS w_email FROM temp.gone`,
  ).get() as Record<string, number>;
  db.exec('DELETE FROM main.contacts WHERE id IN (SELECT id FROM temp.gone)');

  // Existing contacts: each untouched channel change goes back to what it was.
  const delta: Record<string, number> = {};
  const add = (name: string, n: number) => (delta[name] = (delta[name] ?? 0) + n);
  add('identified', -(gone.identified ?? 0));
  add('anonymous', -((gone.n ?? 0) - (gone.identified ?? 0)));
  for (const ch of CHANNELS) add(`blocked_${ch}`, -(gone[`b_${ch}`] ?? 0));
  add('whitelisted_email', -(gone.w_email ?? 0));

  let restored = 0;
  for (const ch of CHANNELS) {
    const where = `rv.channel = '${ch}' AND rv.contact_id NOT IN (SELECT id FROM temp.gone)`;
    const counts = db
      .prepare(
        `SELECT count(*) AS n, coalesce(sum(c.${ch}_status = 1), 0) AS was_blocked, coalesce(sum(c.${ch}_status = 2), 0) AS was_white,
                coalesce(sum(${statusValue} = 1), 0) AS to_blocked, coalesce(sum(${statusValue} = 2), 0) AS to_white
         FROM temp.rv JOIN main.contacts c ON c.id = rv.contact_id WHERE ${where}`,
      )
      .get() as { n: number; was_blocked: number; was_white: number; to_blocked: number; to_white: number };
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
  }

  // Identifiers the job attached to existing contacts go away again.
  for (const field of ['customer_id', 'email', 'mobile'] as const) {
    const set = field === 'email' ? 'email = NULL, email_key = NULL' : `${field} = NULL`;
    const rows = db
      .prepare(
        `SELECT rv.contact_id AS id, c.customer_id IS NOT NULL OR c.email_key IS NOT NULL AS identified_before
         FROM temp.rv JOIN main.contacts c ON c.id = rv.contact_id
         WHERE rv.action = 'edit_${field}' AND rv.contact_id NOT IN (SELECT id FROM temp.gone) AND c.${field} IS rv.after`,
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
  emitOutboxForSnapshot(db, { now: ctx.now, source: `revert:${ctx.target}` });
  const handled = (db.prepare('SELECT count(*) AS n FROM temp.rv').get() as { n: number }).n;
  db.exec('DROP TABLE temp.rv; DROP TABLE temp.gone;');
  return { restored, removedContacts: gone.n ?? 0, skipped: total - handled };
}
