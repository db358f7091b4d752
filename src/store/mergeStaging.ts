import { CHANNELS, type IdentifierType } from '../domain/channels';
import { phaseTimer } from '../domain/trace';
import { highestContactId } from './contactIds';
import { dataVersion, type Db } from './database';
import { emitOutboxForNewRows, emitOutboxForSnapshot, snapshotForOutbox } from './outbox';

export interface MergeContext {
  job: string;
  /** The files had category, reason or blocked_at columns: rows may differ in those. */
  perRowDetails: boolean;
  source: string;
  actor: string;
  now: number;
  /** What the staged rows hold: the OR of their channel bits, and which identifiers appear. */
  staged: StagedShape;
}

export interface StagedShape {
  channelBits: number;
  identifiers: ReadonlySet<IdentifierType>;
  /** The anchors rows are matched by (0 customer_id, 1 email, 2 mobile). */
  anchors: ReadonlySet<number>;
  /** Some row names a second identifier besides its anchor (--using auto). */
  secondary: boolean;
}

export interface MergeConflict {
  seq: number;
  line: number;
  file: number;
  value: string;
  message: string;
}

export interface MergeResult {
  /** Contacts created (one per distinct identifier new to the blocklist). */
  added: number;
  /** Existing contacts that gained a block or an identifier. */
  updated: number;
  /** Staged rows that changed nothing: already blocked, or repeats of an earlier row. */
  unchanged: number;
  conflicts: MergeConflict[];
}

const CHANNEL_COLUMNS = CHANNELS.map((ch, i) => ({ ch, i, bit: `c${i}` }));

/**
 * One row per identifier met in the file, in key order (inserting contacts in key order
 * keeps the unique-index writes sequential, which is most of an import's cost). Channel
 * flags are OR-ed over repeats; category, reason and date come from the first occurrence.
 */
const LOOKUP = {
  customer_id: (v: string) => `(SELECT id FROM main.contacts c WHERE c.customer_id = ${v})`,
  email_key: (v: string) => `(SELECT id FROM main.contacts c WHERE c.email_key = ${v})`,
  mobile: (v: string) => `(SELECT id FROM main.contacts c WHERE c.mobile = ${v})`,
};

/**
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

/**
 * The spelling a repeated email is kept with: the least of its rows' spellings, as in the
 * path above (min(email)). Rows store a spelling only where it differs from the key, so
 * the key itself is a candidate when some row stored none.
 */
const FIRST_SPELLING = 'CASE WHEN display IS NULL OR (displays < n AND key < display) THEN key ELSE display END';

/** Category, reason and date of a repeated identifier are its first occurrence's. */
const FIRST_OCCURRENCE_DETAILS = `UPDATE temp.grp SET category = s.category, reason = s.reason, at = s.at
  FROM temp.staging s WHERE s.seq = grp.first_seq AND grp.n > 1`;



/**
 * Conflicts only arise when rows carry several identifiers. A row that would join two
 * contacts, or give a contact a second email, is refused — never merged silently.
 */
// The window runs over the identifiers that occur in more than one group only: finding
// those sorts just the identifiers, where a window over every group sorted whole rows.
const firstOfEach = (column: string) =>
  `SELECT r FROM (SELECT rowid AS r, first_seq, min(first_seq) OVER (PARTITION BY ${column}) AS m
                  FROM temp.grp WHERE conflict IS NULL AND ${column} IN (
                    SELECT ${column} FROM temp.grp WHERE ${column} IS NOT NULL AND conflict IS NULL GROUP BY ${column} HAVING count(*) > 1))
   WHERE first_seq > m`;

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
  shape: Pick<MergeContext, 'perRowDetails' | 'staged'>;
  /** Who and when, read once the write lock is held. */
  context: () => Omit<MergeContext, 'perRowDetails' | 'staged'>;
  /** Runs in the applying transaction, after the merge: the job's report commits with it. */
  commitWith: (merged: MergeResult) => void;
}

/** What groupStaged read the blocklist at: applyGrouped compares it with the present. */
export interface Grouped {
  dataVersion: number;
}

/**
 * First half of merging temp.staging into the blocklist: groups it (the sort is the
 * longest step) without taking the write lock, so edits made meanwhile need not wait.
 */
export function groupStaged(db: Db, shape: StagedMerge['shape']): Grouped {
  const grouped = { dataVersion: dataVersion(db) };
  db.transaction(() => prepareMerge(db, shape))();
  return grouped;
}

/**
 * Second half: applies the grouping in one IMMEDIATE transaction. If another connection
 * committed since groupStaged, the grouping's lookups may be stale, so it is made again
 * under the lock.
 */
export function applyGrouped(db: Db, grouped: Grouped, merge: StagedMerge): MergeResult {
  return db
    .transaction(() => {
      if (dataVersion(db) !== grouped.dataVersion) prepareMerge(db, merge.shape);
      const merged = applyMerge(db, { ...merge.shape, ...merge.context() });
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
 * Groups the staged rows (temp.staging) into temp.grp, one row per identifier, each with
 * the contact it already belongs to and any conflict. It only reads the blocklist, so an
 * import runs it before taking the write lock, and again under the lock only if another
 * connection committed in between (see runImport): the sort is the longest step of a merge.
 */
function prepareMerge(db: Db, ctx: Pick<MergeContext, 'perRowDetails' | 'staged'>): void {
  const phase = phaseTimer('merge');
  db.exec('DROP TABLE IF EXISTS temp.grp; DROP TABLE IF EXISTS temp.chg; DROP TABLE IF EXISTS temp.att;');
  const first = (db.prepare('SELECT category, reason, at FROM temp.staging ORDER BY seq LIMIT 1').get() ?? { category: null, reason: null, at: null }) as Record<string, unknown>;
  const emptyBlocklist = db.prepare('SELECT 1 FROM main.contacts LIMIT 1').get() === undefined;
  db.prepare(groupSql(ctx.staged, ctx.perRowDetails, emptyBlocklist)).run(ctx.perRowDetails ? {} : first);
  if (ctx.perRowDetails) db.exec(FIRST_OCCURRENCE_DETAILS);
  phase('group and resolve');
  if (ctx.staged.secondary) for (const sql of SECONDARY_CONFLICT_SQL) db.exec(sql);
  phase('conflicts');
}

/**
 * Applies temp.grp (prepareMerge) to the blocklist. Must run inside one IMMEDIATE
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
  db.prepare(
    `INSERT INTO main.contacts(id, customer_id, email, email_key, mobile, created_at, created_job, changed_at${statusColumns})
     SELECT :base + rowid, customer_id, email, email_key, mobile, :now, :job, :now${statusValues} FROM ${NEW} ORDER BY rowid`,
  ).run({ ...params, base });
  phase('insert new contacts');
  for (const { ch, bit } of used) {
    db.prepare(
      `INSERT INTO main.audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job)
       SELECT :now, :actor, 'block', :base + rowid, coalesce(customer_id, email, mobile), '${ch}', 'none', 'blocked', NULL, :source, :job
       FROM ${NEW} AND ${bit} = 1`,
    ).run({ ...params, base });
  }

  phase('audit new contacts');
  const existing = db.prepare('SELECT 1 FROM temp.grp WHERE contact_id IS NOT NULL LIMIT 1').get() !== undefined;
  db.exec(changesSql(existing ? used : []));
  snapshotForOutbox(db, withSecondary ? TOUCHED_WITH_SECONDARY : 'SELECT contact_id FROM temp.chg');
  db.prepare(
    `INSERT INTO main.audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job)
     SELECT :now, :actor, 'block', contact_id, label, ${sqlChannelName('ch')}, ${STATUS_NAME}, 'blocked', before_detail, :source, :job
     FROM temp.chg ORDER BY contact_id, ch`,
  ).run(params);
  for (const { ch, i } of existing ? used : []) {
    db.prepare(
      `UPDATE main.contacts SET ${ch}_status = 1, ${ch}_category = chg.category, ${ch}_reason = chg.reason, ${ch}_source = :source,
         ${ch}_at = coalesce(chg.at, :now), ${ch}_actor = :actor, changed_at = :now
       FROM temp.chg WHERE chg.ch = ${i} AND contacts.id = chg.contact_id`,
    ).run(params);
  }

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
  const conflicts = readConflicts(db);
  phase('counters and conflicts');
  const added = newCounts.n;
  const updated = updatedContacts.size;
  db.exec('DROP TABLE temp.grp; DROP TABLE temp.chg; DROP TABLE IF EXISTS temp.att;');
  return { added, updated, unchanged: staged - added - updated - conflicts.length, conflicts };
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

function readConflicts(db: Db): MergeConflict[] {
  const any = db.prepare('SELECT 1 FROM temp.grp WHERE conflict IS NOT NULL LIMIT 1').get();
  if (any === undefined) return [];
  return db
    .prepare(
      `SELECT s.seq AS seq, s.line AS line, s.file AS file, s.key AS value, g.conflict AS message
       FROM temp.grp g JOIN temp.staging s ON s.anchor = g.anchor AND s.key = g.key
       WHERE g.conflict IS NOT NULL ORDER BY s.seq`,
    )
    .all() as MergeConflict[];
}
