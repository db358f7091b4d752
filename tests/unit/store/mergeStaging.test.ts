import { describe, expect, it } from 'vitest';
import { StagedRowPacker } from '../../../src/jobs/stagedRows';
import { StagingWriter } from '../../../src/jobs/staging';
import { blockIdentifier, findContact } from '../../../src/store/contacts';
import { openDatabase, type Db } from '../../../src/store/database';
import { mergeStaged, type MergeResult } from '../../../src/store/mergeStaging';
import { ACTOR, T0, expectCountersExact, tempDb } from './tempStore';

const DEFAULTS = { category: 'manual', reason: null };

/** Stages email blocks, as an import of a one-column file would. */
function stageEmails(db: Db, emails: string[]): StagedRowPacker {
  const packer = new StagedRowPacker(DEFAULTS);
  emails.forEach((email, i) =>
    packer.add(0, i + 2, { anchor: 1, key: email.toLowerCase(), customerId: null, email, emailKey: email.toLowerCase(), mobile: null, channelBits: 1, ...DEFAULTS, at: null }),
  );
  const writer = new StagingWriter(db, DEFAULTS);
  db.transaction(() => writer.write(packer.take()))();
  return packer;
}

function merge(db: Db, packer: StagedRowPacker, afterGrouping?: () => void): MergeResult {
  return mergeStaged(db, {
    shape: { perRowDetails: false, staged: packer.shape },
    context: () => ({ job: 'j1', source: 'import:j1', actor: ACTOR, now: T0 + 60_000 }),
    commitWith: () => {},
    afterGrouping,
  });
}

describe('merging staged rows', () => {
  it('adds every new identifier once, repeats counted as unchanged', () => {
    const db = tempDb();
    const result = merge(db, stageEmails(db, ['a@x.com', 'B@x.com', 'b@x.com']));
    expect(result).toMatchObject({ added: 2, updated: 0, unchanged: 1, conflicts: [] });
    expect(findContact(db, 'email', 'b@x.com')?.channels.email).toMatchObject({ status: 'blocked', source: 'import:j1' });
    expectCountersExact(db);
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
