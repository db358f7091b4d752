import { CHANNELS, type IdentifierType } from '../domain/channels';
import { phaseTimer } from '../domain/trace';
import { dataVersion, type Db } from './database';
import { keepFirstPartners, splitConflicts, startSplitting } from './splitConflicts';

// The first half of merging an import's staged rows (temp.staging) into the blocklist:
// grouping them by identifier. mergeStaging.ts applies the groups.

/** What the staged rows hold, noted while they were staged. */
export interface StagedShape {
  channelBits: number;
  identifiers: ReadonlySet<IdentifierType>;
  /** The anchors rows are matched by (0 customer_id, 1 email, 2 mobile). */
  anchors: ReadonlySet<number>;
  /** Some row names a second identifier besides its anchor (--using auto). */
  secondary: boolean;
}

export interface MergeShape {
  /** The files had category, reason or blocked_at columns: rows may differ in those. */
  perRowDetails: boolean;
  /** What the staged rows hold: the OR of their channel bits, and which identifiers appear. */
  staged: StagedShape;
}

export const CHANNEL_COLUMNS = CHANNELS.map((ch, i) => ({ ch, i, bit: `c${i}` }));

/** The contact that already has an identifier (a unique-index lookup). */
const LOOKUP = {
  customer_id: (v: string) => `(SELECT id FROM main.contacts c WHERE c.customer_id = ${v})`,
  email_key: (v: string) => `(SELECT id FROM main.contacts c WHERE c.email_key = ${v})`,
  mobile: (v: string) => `(SELECT id FROM main.contacts c WHERE c.mobile = ${v})`,
};

/**
 * The spelling a repeated email is kept with: the least of its rows' spellings, as the
 * path for rows with several identifiers takes (min(email)). Rows store a spelling only
 * where it differs from the key, so the key itself is a candidate when some row stored none.
 */
const FIRST_SPELLING = 'CASE WHEN display IS NULL OR (displays < n AND key < display) THEN key ELSE display END';

/**
 * One row per identifier met in the file, in key order (inserting contacts in key order
 * keeps the unique-index writes sequential, which is most of an import's cost). Channel
 * flags are OR-ed over repeats; category, reason and date come from the first occurrence.
 *
 * Builds temp.grp with one sort: grouped and ordered by the same key (SQLite then sorts
 * once), with each group's existing contact looked up on the way when rows carry a single
 * identifier. Later statements touch only the rare rows that need it. The sort is most of
 * an import's time, so it carries as little as it can: the anchor only when rows are
 * matched by different identifiers, the channel flags only of channels some row blocks.
 */
function groupSql(shape: StagedShape, perRowDetails: boolean, emptyBlocklist: boolean): string {
  // Nothing to look up in an empty blocklist (a first import): every identifier is new.
  const lookup = (column: keyof typeof LOOKUP, value: string) => (emptyBlocklist ? 'NULL' : LOOKUP[column](value));
  const flags = CHANNEL_COLUMNS.map(({ i, bit }) => ((shape.channelBits & (1 << i)) !== 0 ? `max((ch >> ${i}) & 1) AS ${bit}` : `0 AS ${bit}`)).join(', ');
  // Without category, reason or blocked_at columns every row carries the job's own values.
  const details = perRowDetails ? 'min(category) AS category, min(reason) AS reason, min(at) AS at' : ':category AS category, :reason AS reason, :at AS at';
  if (shape.secondary) {
    // Each identifier a row names may already belong to a contact: all three are looked up
    // while the table is written, never by a rewrite of it afterwards.
    const grouped = `SELECT anchor, key, min(seq) AS first_seq, count(*) AS n, ${flags},
             min(customer_id) AS customer_id, min(email) AS email, min(email_key) AS email_key, min(mobile) AS mobile,
             (min(customer_id) <> max(customer_id) OR min(email_key) <> max(email_key) OR min(mobile) <> max(mobile)) IS 1 AS ambiguous, ${details}
      FROM temp.staging GROUP BY anchor, key ORDER BY anchor, key`;
    return `CREATE TEMP TABLE grp AS
      SELECT h.*, coalesce(h.id0, h.id1, h.id2) AS contact_id,
             CASE WHEN h.ambiguous THEN 'the file gives this identifier different other identifiers on different rows' END AS conflict
      FROM (SELECT g.*, ${lookup('customer_id', 'g.customer_id')} AS id0, ${lookup('email_key', 'g.email_key')} AS id1, ${lookup('mobile', 'g.mobile')} AS id2
            FROM (${grouped}) g) h`;
  }
  // Rows naming one identifier each: the other identifiers follow from the anchor.
  const only = shape.anchors.size === 1 ? [...shape.anchors][0] : undefined;
  const anchor = only === undefined ? 'anchor' : String(only);
  const grouped = `SELECT ${only === undefined ? 'anchor, ' : ''}key, min(seq) AS first_seq, count(*) AS n, ${flags}, min(display) AS display, count(display) AS displays, ${details}
    FROM temp.staging GROUP BY ${only === undefined ? 'anchor, ' : ''}key ORDER BY ${only === undefined ? 'anchor, ' : ''}key`;
  return `CREATE TEMP TABLE grp AS
    SELECT ${anchor} AS anchor, key, first_seq, n, c0, c1, c2, c3,
           CASE ${anchor} WHEN 0 THEN key END AS customer_id, CASE ${anchor} WHEN 1 THEN ${FIRST_SPELLING} END AS email,
           CASE ${anchor} WHEN 1 THEN key END AS email_key, CASE ${anchor} WHEN 2 THEN key END AS mobile, 0 AS ambiguous, category, reason, at,
           NULL AS id0, NULL AS id1, NULL AS id2,
           CASE ${anchor} WHEN 0 THEN ${lookup('customer_id', 'g.key')} WHEN 1 THEN ${lookup('email_key', 'g.key')} ELSE ${lookup('mobile', 'g.key')} END AS contact_id,
           NULL AS conflict
    FROM (${grouped}) g`;
}

/** Category, reason and date of a repeated identifier are its first occurrence's. */
const FIRST_OCCURRENCE_DETAILS = `UPDATE temp.grp SET category = s.category, reason = s.reason, at = s.at
  FROM temp.staging s WHERE s.seq = grp.first_seq AND grp.n > 1`;

/**
 * The groups after the first (in file order) that share `column` with another. The window
 * runs over the identifiers that occur in more than one group only: finding those sorts
 * just the identifiers, where a window over every group sorted whole rows.
 */
const firstOfEach = (column: string) =>
  `SELECT r FROM (SELECT rowid AS r, first_seq, min(first_seq) OVER (PARTITION BY ${column}) AS m
                  FROM temp.grp WHERE conflict IS NULL AND ${column} IN (
                    SELECT ${column} FROM temp.grp WHERE ${column} IS NOT NULL AND conflict IS NULL GROUP BY ${column} HAVING count(*) > 1))
   WHERE first_seq > m`;

/**
 * Conflicts only arise when rows carry several identifiers. A row that would join two
 * contacts, or give a contact a second email, is never merged: splitConflicts.ts blocks
 * each of its identifiers on its own.
 */
const SECONDARY_CONFLICT_SQL = [
  // A customer_id is always its row's anchor, so only emails and mobiles can be shared by
  // two groups; the earlier row in the file keeps the identifier.
  `UPDATE temp.grp SET conflict = 'shares an identifier with an earlier row of the file that names a different contact'
     WHERE conflict IS NULL AND rowid IN (${firstOfEach('email_key')} UNION ALL ${firstOfEach('mobile')})`,
  `UPDATE temp.grp SET conflict = 'would join two existing contacts', contact_id = NULL
     WHERE conflict IS NULL AND ((id0 IS NOT NULL AND id1 IS NOT NULL AND id0 <> id1) OR (id0 IS NOT NULL AND id2 IS NOT NULL AND id0 <> id2)
       OR (id1 IS NOT NULL AND id2 IS NOT NULL AND id1 <> id2))`,
  `UPDATE temp.grp SET conflict = 'the contact already has a different identifier of that kind'
     WHERE conflict IS NULL AND contact_id IS NOT NULL AND EXISTS (
       SELECT 1 FROM main.contacts c WHERE c.id = grp.contact_id AND (
         (grp.customer_id IS NOT NULL AND c.customer_id IS NOT NULL AND c.customer_id <> grp.customer_id)
         OR (grp.email_key IS NOT NULL AND c.email_key IS NOT NULL AND c.email_key <> grp.email_key)
         OR (grp.mobile IS NOT NULL AND c.mobile IS NOT NULL AND c.mobile <> grp.mobile)))`,
];

/** What groupStaged read the blocklist at: applyGrouped compares it with the present. */
export interface Grouped {
  dataVersion: number;
}

/**
 * First half of merging temp.staging into the blocklist: groups it (the sort is the
 * longest step) without taking the write lock, so edits made meanwhile need not wait.
 */
export function groupStaged(db: Db, shape: MergeShape): Grouped {
  const grouped = { dataVersion: dataVersion(db) };
  db.transaction(() => groupRows(db, shape))();
  return grouped;
}

/**
 * Groups the staged rows (temp.staging) into temp.grp, one row per identifier, each with
 * the contact it already belongs to and any conflict. It only reads the blocklist:
 * groupStaged runs it before the write lock, applyGrouped again under the lock only if
 * another connection committed in between.
 */
export function groupRows(db: Db, ctx: MergeShape): void {
  // The grouping's sorts take as much memory as the page cache may (SQLite sizes its
  // sorter from cache_size): half of it here keeps a large import's peak RSS down (a 2M-row
  // workbook: 302 → under 300 MB) at no cost to its time; the apply gets the whole cache back.
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${Math.trunc(cache / 2)}`);
  try {
    groupWithin(db, ctx);
  } finally {
    db.pragma(`cache_size = ${cache}`);
  }
}

function groupWithin(db: Db, ctx: MergeShape): void {
  const phase = phaseTimer('merge');
  db.exec('DROP TABLE IF EXISTS temp.grp; DROP TABLE IF EXISTS temp.chg; DROP TABLE IF EXISTS temp.att;');
  const first = (db.prepare('SELECT category, reason, at FROM temp.staging ORDER BY seq LIMIT 1').get() ?? { category: null, reason: null, at: null }) as Record<string, unknown>;
  const emptyBlocklist = db.prepare('SELECT 1 FROM main.contacts LIMIT 1').get() === undefined;
  db.prepare(groupSql(ctx.staged, ctx.perRowDetails, emptyBlocklist)).run(ctx.perRowDetails ? {} : first);
  if (ctx.perRowDetails) db.exec(FIRST_OCCURRENCE_DETAILS);
  phase('group and resolve');
  startSplitting(db);
  if (ctx.staged.secondary) {
    keepFirstPartners(db, emptyBlocklist);
    phase('keep first partners');
    SECONDARY_CONFLICT_SQL.forEach((sql, i) => {
      db.exec(sql);
      phase(`conflict rule ${i + 1}`);
    });
    splitConflicts(db, emptyBlocklist);
  }
  phase('conflicts');
}
