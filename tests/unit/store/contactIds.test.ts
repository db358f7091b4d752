import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StagedRowPacker } from '../../../src/jobs/stagedRows';
import { StagingWriter } from '../../../src/jobs/staging';
import { listAudit } from '../../../src/store/audit';
import { blockIdentifier, deleteContact, findContact } from '../../../src/store/contacts';
import { openDatabase, type Db } from '../../../src/store/database';
import { groupStaged } from '../../../src/store/groupStaged';
import { applyGrouped } from '../../../src/store/mergeStaging';
import { MIGRATIONS } from '../../../src/store/migrate';
import { ACTOR, T0, tempDb } from './tempStore';

const block = { country: 'IN' as const, channels: ['email'] as const, category: 'manual', reason: null, source: 'ui', actor: ACTOR };

function blockEmail(db: Db, email: string, at: number): number {
  return blockIdentifier(db, { ...block, using: 'email', value: email, at }).contact.id;
}

function importEmails(db: Db, emails: string[]): void {
  const defaults = { category: 'manual', reason: null };
  const packer = new StagedRowPacker(defaults);
  emails.forEach((email, i) => packer.add(0, i + 2, { anchor: 1, key: email, customerId: null, email, emailKey: email, mobile: null, channelBits: 1, ...defaults, at: null, atAlt: null, dateKind: 0 }));
  const writer = new StagingWriter(db, defaults);
  db.transaction(() => writer.write(packer.take()))();
  const shape = { perRowDetails: false, staged: packer.shape };
  applyGrouped(db, groupStaged(db, shape), { shape, context: () => ({ job: 'j9', source: 'import:j9', actor: ACTOR, now: T0 + 10_000 }), commitWith: () => {} });
}

describe('contact ids', () => {
  it('are never given again after the newest contact is deleted: a new contact starts with a history of its own', () => {
    const db = tempDb();
    blockEmail(db, 'a@x.com', T0);
    const b = blockEmail(db, 'b@x.com', T0 + 1000);
    deleteContact(db, b, { actor: ACTOR, source: 'ui', at: T0 + 2000 });
    const c = blockEmail(db, 'c@x.com', T0 + 3000);
    expect(c).toBeGreaterThan(b);
    expect(listAudit(db, { contactId: c, limit: 10 }).entries.map((e) => e.contact)).toEqual(['c@x.com']);

    const d = blockEmail(db, 'd@x.com', T0 + 4000);
    deleteContact(db, d, { actor: ACTOR, source: 'ui', at: T0 + 5000 });
    importEmails(db, ['e@x.com', 'f@x.com']);
    const e = findContact(db, 'email', 'e@x.com');
    expect(e?.id).toBeGreaterThan(d);
    expect(listAudit(db, { contactId: e?.id as number, limit: 10 }).entries.map((x) => x.contact)).toEqual(['e@x.com']);
  });

  it('start above every contact an older database ever audited, deleted ones included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-ids-'));
    const file = path.join(dir, 'blocklist.db');
    try {
      // A version-2 database holding contact 3, whose audit also names contact 7, since deleted.
      const old = new Database(file);
      for (const m of MIGRATIONS.filter((x) => x.version <= 2)) old.exec(m.up);
      old.pragma('user_version = 2');
      old.exec(`INSERT INTO contacts(id, email, email_key, created_at, changed_at) VALUES (3, 'a@x.com', 'a@x.com', 0, 0);
        INSERT INTO audit(at, actor, action, contact_id, contact, channel, before, after, source) VALUES (0, 't', 'block', 7, 'gone@x.com', 'email', 'none', 'blocked', 'ui')`);
      old.close();
      const db = openDatabase(file);
      try {
        expect(blockEmail(db, 'b@x.com', T0)).toBe(8);
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
