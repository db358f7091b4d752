import type { Db } from './database';

// Conflicts never cost a block (DESIGN.md, Domain). A row whose identifiers cannot all
// join one contact — they belong to two contacts already, the contact has another
// identifier of that kind, an earlier row of the file gave one of them to someone else,
// or the file gives the row's key different partners on different rows — is not merged.
// Instead each of its identifiers is blocked on its own, on the channels that identifier
// can carry: on the contact (or the file's group) that already holds it, else on a new
// contact of its own. Nothing is merged that the input does not say is one person.

/** Channel bits each identifier type carries: customer_id all four, email Email, mobile SMS, WhatsApp, RCS. */
const CARRY = { customer_id: 15, email: 1, mobile: 14 } as const;

/** Identifier types as staged (the anchor numbering). */
const TYPE = { customer_id: 0, email: 1, mobile: 2 } as const;

const LOOKUP_BY_TYPE = `CASE p.type WHEN 0 THEN (SELECT id FROM main.contacts c WHERE c.customer_id = p.value)
  WHEN 1 THEN (SELECT id FROM main.contacts c WHERE c.email_key = p.value) ELSE (SELECT id FROM main.contacts c WHERE c.mobile = p.value) END`;

/**
 * The parts: one row per identifier to block on its own (type, value, the spelling to show,
 * channel bits) and its staged row's seq. `problem` holds one line per
 * staged row a conflict touched, for the job's problems file.
 */
const TABLES = `
DROP TABLE IF EXISTS temp.part; DROP TABLE IF EXISTS temp.problem;
CREATE TEMP TABLE part(seq INTEGER, type INTEGER, value TEXT, display TEXT, ch INTEGER);
CREATE TEMP TABLE problem(seq INTEGER, file INTEGER, line INTEGER, column_name TEXT, value TEXT, message TEXT);`;

/**
 * Rows of a group whose key the file pairs with different partners (`ambiguous`): the
 * group keeps its first row's identifiers, and a later row's different email or mobile
 * is blocked on its own.
 */
/**
 * Copies the staged rows of the groups `where` selects into temp.`name`, with their
 * group's first row and conflict. Staging has no index on its key (building one would
 * cost more than the whole grouping), so this is one scan of it against the few groups
 * chosen, never a join that makes SQLite index all of staging.
 */
function rowsOfGroups(db: Db, name: string, where: string): void {
  db.exec(`DROP TABLE IF EXISTS temp.chosen; DROP TABLE IF EXISTS temp.${name};
    CREATE TEMP TABLE chosen(anchor INTEGER, key TEXT, first_seq INTEGER, conflict TEXT, PRIMARY KEY (anchor, key)) WITHOUT ROWID;
    INSERT INTO temp.chosen SELECT anchor, key, first_seq, conflict FROM temp.grp WHERE ${where};
    CREATE TEMP TABLE ${name}(seq INTEGER PRIMARY KEY, file INTEGER, line INTEGER, key TEXT, customer_id TEXT, email TEXT, email_key TEXT, mobile TEXT, ch INTEGER, first_seq INTEGER, conflict TEXT);
    INSERT INTO temp.${name}
      SELECT s.seq, s.file, s.line, s.key, s.customer_id, s.email, s.email_key, s.mobile, s.ch, c.first_seq, c.conflict
      FROM temp.staging s CROSS JOIN temp.chosen c ON c.anchor = s.anchor AND c.key = s.key;
    DROP TABLE temp.chosen;`);
}

const AMBIGUOUS_ROWS = `FROM temp.arow s JOIN temp.arow f ON f.seq = s.first_seq WHERE 1`;
const DIFFERENT_EMAIL = 's.email_key IS NOT NULL AND s.email_key IS NOT f.email_key';
const DIFFERENT_MOBILE = 's.mobile IS NOT NULL AND s.mobile IS NOT f.mobile';
const AMBIGUOUS = [
  `INSERT INTO temp.problem
   SELECT s.seq, s.file, s.line, 'email', s.email,
          'an earlier row of the file gives ' || s.key || ' the email ' || coalesce(f.email, '(none)') || ': ' || s.email || ' was blocked on its own, not joined to it'
     ${AMBIGUOUS_ROWS} AND ${DIFFERENT_EMAIL}
   UNION ALL
   SELECT s.seq, s.file, s.line, 'mobile', s.mobile,
          'an earlier row of the file gives ' || s.key || ' the mobile ' || coalesce(f.mobile, '(none)') || ': ' || s.mobile || ' was blocked on its own, not joined to it'
     ${AMBIGUOUS_ROWS} AND ${DIFFERENT_MOBILE}`,
  `INSERT INTO temp.part
   SELECT s.seq, ${TYPE.email}, s.email_key, s.email, s.ch & ${CARRY.email} ${AMBIGUOUS_ROWS} AND ${DIFFERENT_EMAIL}
   UNION ALL
   SELECT s.seq, ${TYPE.mobile}, s.mobile, s.mobile, s.ch & ${CARRY.mobile} ${AMBIGUOUS_ROWS} AND ${DIFFERENT_MOBILE}`,
];

const lookupColumns = (emptyBlocklist: boolean) =>
  emptyBlocklist
    ? 'id0 = NULL, id1 = NULL, id2 = NULL, contact_id = NULL'
    : `id0 = (SELECT id FROM main.contacts c WHERE c.customer_id = f.customer_id),
       id1 = (SELECT id FROM main.contacts c WHERE c.email_key = f.email_key),
       id2 = (SELECT id FROM main.contacts c WHERE c.mobile = f.mobile),
       contact_id = coalesce((SELECT id FROM main.contacts c WHERE c.customer_id = f.customer_id),
                             (SELECT id FROM main.contacts c WHERE c.email_key = f.email_key),
                             (SELECT id FROM main.contacts c WHERE c.mobile = f.mobile))`;

/** Makes the (empty) tables of parts and problem lines; every grouping starts with it. */
export function startSplitting(db: Db): void {
  db.exec(TABLES);
}

/**
 * Settles groups the file pairs with different partners before the other conflict rules
 * run: each keeps its first row's identifiers (looked up again), the rest become parts.
 * Call after groupSql has built temp.grp (secondary shape).
 */
export function keepFirstPartners(db: Db, emptyBlocklist: boolean): void {
  if (db.prepare('SELECT 1 FROM temp.grp WHERE ambiguous LIMIT 1').get() === undefined) return;
  rowsOfGroups(db, 'arow', 'ambiguous');
  for (const sql of AMBIGUOUS) db.exec(sql);
  db.exec('DELETE FROM temp.part WHERE ch = 0; DROP TABLE temp.arow;');
  db.exec(`UPDATE temp.grp SET customer_id = f.customer_id, email = f.email, email_key = f.email_key, mobile = f.mobile,
             ambiguous = 0, conflict = NULL, ${lookupColumns(emptyBlocklist)}
           FROM temp.staging f WHERE grp.ambiguous AND f.seq = grp.first_seq`);
}

const SPLIT = [
  // The rows of each conflicting group: one problem line each, and their identifiers as parts.
  `INSERT INTO temp.problem
   SELECT s.seq, s.file, s.line, '', concat_ws(', ', 'customer_id ' || s.customer_id, 'email ' || s.email, 'mobile ' || s.mobile),
          s.conflict || ': each identifier was blocked on its own, on the channels it carries'
   FROM temp.crow s`,
  `INSERT INTO temp.part
   SELECT s.seq, ${TYPE.customer_id}, s.customer_id, s.customer_id, s.ch & ${CARRY.customer_id}
     FROM temp.crow s WHERE s.customer_id IS NOT NULL
   UNION ALL
   SELECT s.seq, ${TYPE.email}, s.email_key, s.email, s.ch & ${CARRY.email}
     FROM temp.crow s WHERE s.email_key IS NOT NULL
   UNION ALL
   SELECT s.seq, ${TYPE.mobile}, s.mobile, s.mobile, s.ch & ${CARRY.mobile}
     FROM temp.crow s WHERE s.mobile IS NOT NULL`,
  'DELETE FROM temp.grp WHERE conflict IS NOT NULL',
  // An identifier that carries none of its row's channels has nothing to block on its own.
  'DELETE FROM temp.part WHERE ch = 0',
  'DROP TABLE temp.crow',
];

/**
 * Parts grouped by identifier, channel bits OR-ed. `holder` is the group of the file that
 * already holds the identifier (its rowid in temp.grp), else `contact` the contact of the
 * blocklist that does — and when a group of the file targets that contact, that group.
 */
const PART_GROUPS = (emptyBlocklist: boolean) => `
CREATE TEMP TABLE pgrp AS
SELECT p.*, ${emptyBlocklist ? 'NULL' : LOOKUP_BY_TYPE} AS contact, NULL AS holder FROM (
  SELECT type, value, min(display) AS display, min(seq) AS first_seq, count(*) AS n,
         max(ch & 1) AS c0, max((ch >> 1) & 1) AS c1, max((ch >> 2) & 1) AS c2, max((ch >> 3) & 1) AS c3
  FROM temp.part GROUP BY type, value) p;
CREATE INDEX temp.pgrp_value ON pgrp(type, value);
CREATE TEMP TABLE held AS
  SELECT g.rowid AS r, ${TYPE.customer_id} AS type, g.customer_id AS value FROM temp.grp g WHERE g.customer_id IN (SELECT value FROM temp.pgrp WHERE type = ${TYPE.customer_id})
  UNION ALL SELECT g.rowid, ${TYPE.email}, g.email_key FROM temp.grp g WHERE g.email_key IN (SELECT value FROM temp.pgrp WHERE type = ${TYPE.email})
  UNION ALL SELECT g.rowid, ${TYPE.mobile}, g.mobile FROM temp.grp g WHERE g.mobile IN (SELECT value FROM temp.pgrp WHERE type = ${TYPE.mobile});
UPDATE temp.pgrp SET holder = (SELECT h.r FROM temp.held h WHERE h.type = pgrp.type AND h.value = pgrp.value LIMIT 1);
DROP TABLE temp.held;
CREATE TEMP TABLE targeted AS
  SELECT contact_id, min(rowid) AS r FROM temp.grp WHERE contact_id IN (SELECT contact FROM temp.pgrp WHERE holder IS NULL AND contact IS NOT NULL) GROUP BY contact_id;
UPDATE temp.pgrp SET holder = (SELECT t.r FROM temp.targeted t WHERE t.contact_id = pgrp.contact) WHERE holder IS NULL AND contact IS NOT NULL;
DROP TABLE temp.targeted;`;

/** Category, reason and date of a new group: its first row's. */
const FIRST_ROW = (seq: string) =>
  `(SELECT category FROM temp.staging s WHERE s.seq = ${seq}), (SELECT reason FROM temp.staging s WHERE s.seq = ${seq}), (SELECT at FROM temp.staging s WHERE s.seq = ${seq})`;

const GROUP_COLUMNS = 'anchor, key, first_seq, n, c0, c1, c2, c3, customer_id, email, email_key, mobile, ambiguous, category, reason, at, id0, id1, id2, contact_id, conflict';

/**
 * A new group per identifier new to the blocklist and to the file's groups; one per
 * contact of the blocklist that parts land on and no group targets; the rest OR-ed into
 * the group that holds them.
 */
const PLACE_PARTS = [
  `INSERT INTO temp.grp(${GROUP_COLUMNS})
   SELECT type, value, first_seq, n, c0, c1, c2, c3,
          CASE type WHEN 0 THEN value END, CASE type WHEN 1 THEN display END, CASE type WHEN 1 THEN value END, CASE type WHEN 2 THEN value END,
          0, ${FIRST_ROW('q.first_seq')}, NULL, NULL, NULL, NULL, NULL
   FROM temp.pgrp q WHERE holder IS NULL AND contact IS NULL ORDER BY type, value`,
  `INSERT INTO temp.grp(${GROUP_COLUMNS})
   SELECT type, value, first_seq, n, c0, c1, c2, c3, NULL, NULL, NULL, NULL, 0, ${FIRST_ROW('a.first_seq')}, NULL, NULL, NULL, contact, NULL
   FROM (SELECT contact, min(type) AS type, min(value) AS value, min(first_seq) AS first_seq, sum(n) AS n,
                max(c0) AS c0, max(c1) AS c1, max(c2) AS c2, max(c3) AS c3
         FROM temp.pgrp WHERE holder IS NULL AND contact IS NOT NULL GROUP BY contact) a`,
  `UPDATE temp.grp SET c0 = max(grp.c0, h.c0), c1 = max(grp.c1, h.c1), c2 = max(grp.c2, h.c2), c3 = max(grp.c3, h.c3)
   FROM (SELECT holder, max(c0) AS c0, max(c1) AS c1, max(c2) AS c2, max(c3) AS c3 FROM temp.pgrp WHERE holder IS NOT NULL GROUP BY holder) h
   WHERE grp.rowid = h.holder`,
  'DROP TABLE temp.pgrp',
];

/**
 * Splits the conflicting groups of temp.grp into their identifiers (see the top of this
 * file). Call after the conflict rules have marked temp.grp; leaves no group in conflict.
 */
export function splitConflicts(db: Db, emptyBlocklist: boolean): void {
  if (db.prepare('SELECT 1 FROM temp.grp WHERE conflict IS NOT NULL LIMIT 1').get() !== undefined) {
    rowsOfGroups(db, 'crow', 'conflict IS NOT NULL');
    for (const sql of SPLIT) db.exec(sql);
  }
  if (db.prepare('SELECT 1 FROM temp.part LIMIT 1').get() === undefined) return;
  db.exec(PART_GROUPS(emptyBlocklist));
  for (const sql of PLACE_PARTS) db.exec(sql);
}

export interface SplitProblem {
  seq: number;
  file: number;
  line: number;
  column: string;
  value: string;
  message: string;
}

/** The problem lines of the conflicts splitConflicts settled, in file order. */
export function readSplitProblems(db: Db): SplitProblem[] {
  return db.prepare('SELECT seq, file, line, column_name AS column, value, message FROM temp.problem ORDER BY seq').all() as SplitProblem[];
}
