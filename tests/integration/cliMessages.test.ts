import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, makeWorkspace } from './harness';

// Storage trouble in one sentence the officer can act on, never "internal error: …".

afterEach(() => {
  delete process.env.BLOCKLIST_DESK_BUSY_TIMEOUT_MS;
});

function seeded() {
  const ws = makeWorkspace();
  expect(cli(ws.data, ['import', ws.file('seed.csv', 'email\na@x.com\n'), '--using', 'email', '--channels', 'email']).code).toBe(0);
  return ws;
}

describe('storage messages', () => {
  it('a blocklist locked by another program: busy, try again', () => {
    const ws = seeded();
    const holder = new Database(path.join(ws.data, 'blocklist.db'));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      process.env.BLOCKLIST_DESK_BUSY_TIMEOUT_MS = '200';
      const r = cli(ws.data, ['unblock', 'a@x.com', '--channels', 'email']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^blocklist-desk: the blocklist is busy with another change .*try again in a moment\n$/);
      expect(r.stderr).not.toMatch(/internal/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('a damaged database file: says so and names doctor', () => {
    const ws = seeded();
    const file = path.join(ws.data, 'blocklist.db');
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    // Page 1's b-tree header (after the 100-byte file header): its page type becomes nonsense.
    bytes[100] = 0x07;
    fs.writeFileSync(file, bytes);
    const r = cli(ws.data, ['stats']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^blocklist-desk: the blocklist database in .* is damaged; run "blocklist-desk doctor"/);
  });

  // root writes through any permission: this case runs where the tests run as a user.
  it.skipIf(process.getuid?.() === 0)('a read-only data folder: says it cannot be written and how to choose another', () => {
    const ws = seeded();
    fs.chmodSync(ws.data, 0o500);
    for (const f of fs.readdirSync(ws.data)) fs.chmodSync(path.join(ws.data, f), 0o400);
    try {
      const r = cli(ws.data, ['import', ws.file('b.csv', 'email\nb@x.com\n'), '--using', 'email', '--channels', 'email']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot be written .* choose another folder with --data/);
    } finally {
      fs.chmodSync(ws.data, 0o700);
    }
  });

  it('a data folder that cannot be created: says it cannot be written', () => {
    const ws = makeWorkspace();
    const blocker = ws.file('not-a-folder', 'x');
    const r = cli(path.join(blocker, 'data'), ['stats']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal/);
    expect(r.stderr).toMatch(/^blocklist-desk: .*not-a-folder.* cannot be used as the data folder .*--data\n$/);
  });
});
