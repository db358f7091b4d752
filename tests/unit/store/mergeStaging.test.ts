import { describe, expect, it } from 'vitest';
import { StagedRowPacker } from '../../../src/jobs/stagedRows';
import { StagingWriter } from '../../../src/jobs/staging';
import { blockIdentifier, findContact } from '../../../src/store/contacts';
import { openDatabase, type Db } from '../../../src/store/database';
import { groupStaged } from '../../../src/store/groupStaged';
import { applyGrouped, type MergeResult } from '../../../src/store/mergeStaging';
import { ACTOR, T0, expectCountersExact, tempDb } from './tempStore';

const DEFAULTS = { category: 'manual', reason: null };

/** Stages email blocks, as an import of a one-column file would. */
function stageEmails(db: Db, emails: (string | [display: string, key: string])[]): StagedRowPacker {
  const packer = new StagedRowPacker(DEFAULTS);
  emails.forEach((email, i) => {
    const [display, key] = typeof email === 'string' ? [email, email.toLowerCase()] : email;
    packer.add(0, i + 2, { anchor: 1, key, customerId: null, email: display, emailKey: key, mobile: null, channelBits: 1, ...DEFAULTS, at: null, atAlt: null, dateKind: 0 });
  });
  const writer = new StagingWriter(db, DEFAULTS);
  db.transaction(() => writer.write(packer.take()))();
  return packer;
}

/** Groups, runs `meanwhile` (before the write lock is taken), then applies. */
function merge(db: Db, packer: StagedRowPacker, meanwhile?: () => void): MergeResult {
  const shape = { perRowDetails: false, staged: packer.shape };
  const grouped = groupStaged(db, shape);
  meanwhile?.();
  return applyGrouped(db, grouped, { shape, context: () => ({ job: 'j1', source: 'import:j1', actor: ACTOR, now: T0 + 60_000 }), commitWith: () => {} });
}

describe('merging staged rows', () => {
  it('adds every new identifier once, repeats counted as unchanged', () => {
    const db = tempDb();
    const result = merge(db, stageEmails(db, ['a@x.com', 'B@x.com', 'b@x.com']));
    expect(result).toMatchObject({ added: 2, updated: 0, unchanged: 1, conflicts: [] });
    expect(findContact(db, 'email', 'b@x.com')?.channels.email).toMatchObject({ status: 'blocked', source: 'import:j1' });
    expectCountersExact(db);
  });

  it('keeps the least spelling of a repeated email, the key itself included', () => {
    const db = tempDb();
    const idn = 'ivan@xn--e1afmkfd.xn--p1ai';
    merge(db, stageEmails(db, [idn, ['ivan@пример.рф', idn], 'B@x.com', 'b@x.com', 'c@x.com', 'C@x.com']));
    expect(findContact(db, 'email', idn)?.email).toBe(idn);
    expect(findContact(db, 'email', 'b@x.com')?.email).toBe('B@x.com');
    expect(findContact(db, 'email', 'c@x.com')?.email).toBe('C@x.com');
  });

  it('sees a contact another connection created while it grouped: no duplicate, no failure, the earlier block kept', () => {
    const db = tempDb();
    const packer = stageEmails(db, ['a@x.com', 'b@x.com']);
    const result = merge(db, packer, () => {
      const other = openDatabase(db.name);
      blockIdentifier(other, { using: 'email', value: 'A@x.com', country: 'IN', channels: ['email'], category: 'opt_out', reason: 'asked', source: 'ui', actor: 'officer', at: T0 });
      other.close();
    });
    expect(result).toMatchObject({ added: 1, updated: 0, unchanged: 1, conflicts: [] });
    expect(findContact(db, 'email', 'a@x.com')?.channels.email).toMatchObject({ status: 'blocked', category: 'opt_out', source: 'ui', actor: 'officer' });
    expect(findContact(db, 'email', 'b@x.com')?.channels.email).toMatchObject({ status: 'blocked', source: 'import:j1' });
    expect((db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n).toBe(2);
    expectCountersExact(db);
  });
});
