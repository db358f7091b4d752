import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDesk } from '../../src/api/desk';
import { callOperation } from '../../src/api/dispatch';
import { cli, cliJson, makeWorkspace } from './harness';

// A flipped byte inside the email index passes quick_check; search then misses the
// address, scrub sends to it and import makes a second contact with it. The full check
// finds it; while it is known, bulk jobs refuse to start and point to doctor --repair.

const EMAILS = Array.from({ length: 40 }, (_, i) => `person${String(i).padStart(2, '0')}@example.com`);
const TARGET = 'person17@example.com';

/** Changes one letter of TARGET inside the email index's pages only (the table row keeps it). */
function damageEmailIndex(dbFile: string): void {
  const db = new Database(dbFile);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const root = (db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'contacts_email_key'`).get() as { rootpage: number }).rootpage;
  db.close();
  const bytes = fs.readFileSync(dbFile);
  const page = bytes.subarray((root - 1) * pageSize, root * pageSize);
  const at = page.indexOf(Buffer.from(TARGET));
  if (at < 0) throw new Error('the test expects the email index in one page');
  page[at] = 'q'.charCodeAt(0);
  fs.writeFileSync(dbFile, bytes);
}

function seeded() {
  const ws = makeWorkspace();
  expect(cli(ws.data, ['import', ws.file('seed.csv', ['email', ...EMAILS].join('\n') + '\n'), '--using', 'email', '--channels', 'email']).code).toBe(0);
  const dbFile = path.join(ws.data, 'blocklist.db');
  damageEmailIndex(dbFile);
  const check = new Database(dbFile, { readonly: true });
  expect(check.pragma('quick_check', { simple: true })).toBe('ok');
  check.close();
  return ws;
}

describe('damage is found before it is used', () => {
  it('doctor finds index damage quick_check misses; bulk jobs then refuse; doctor --repair backs up, reindexes and lets them run', () => {
    const ws = seeded();
    expect(cliJson<{ contacts: unknown[] }>(ws.data, ['search', TARGET]).json.contacts).toHaveLength(0);

    const doctor = cliJson<{ integrity: string; advice: string }>(ws.data, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.json.integrity).not.toBe('ok');
    expect(doctor.json.advice).toMatch(/doctor --repair/);

    const again = ws.file('again.csv', `email\n${TARGET}\n`);
    const refused = cli(ws.data, ['import', again, '--using', 'email', '--channels', 'email']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/damaged.*doctor --repair/);
    const scrub = cli(ws.data, ['scrub', again, '--channel', 'email', '--out', path.join(ws.dir, 'clean.csv')]);
    expect(scrub.code).toBe(1);
    expect(fs.existsSync(path.join(ws.dir, 'clean.csv'))).toBe(false);

    const repaired = cliJson<{ integrity: string; backup: string; reindexed: boolean }>(ws.data, ['doctor', '--repair']);
    expect(repaired.code).toBe(0);
    expect(repaired.json).toMatchObject({ integrity: 'ok', reindexed: true });
    expect(fs.existsSync(repaired.json.backup)).toBe(true);
    expect(cliJson<{ contacts: unknown[] }>(ws.data, ['search', TARGET]).json.contacts).toHaveLength(1);
    // Import now runs, and finds the contact instead of making a second one.
    expect(cliJson<{ added: number; unchanged: number }>(ws.data, ['import', again, '--using', 'email', '--channels', 'email']).json).toMatchObject({ added: 0, unchanged: 1 });
  });

  it('the weekly full check runs before a command-line job when it is due', () => {
    const ws = seeded();
    fs.writeFileSync(path.join(ws.data, 'health.json'), JSON.stringify({ checked_at: Date.now() - 8 * 24 * 3600 * 1000, damage: null }));
    const refused = cli(ws.data, ['import', ws.file('a.csv', 'email\nnew@example.com\n'), '--using', 'email', '--channels', 'email']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/damaged/);
  });

  it('after an unclean shutdown the app checks in the background and refuses bulk jobs while damage is known', async () => {
    const ws = seeded();
    fs.writeFileSync(path.join(ws.data, 'health.json'), JSON.stringify({ checked_at: Date.now(), damage: null }));
    // A session whose process is gone: the app was killed.
    fs.writeFileSync(path.join(ws.data, 'session.json'), JSON.stringify({ pid: 2 ** 22 + 12345, at: Date.now() }));
    const desk = openDesk({ dataFolder: ws.data, files: { readable: (ref) => ref, writable: (ref) => ref }, appVersion: 'test', actor: 'tester' });
    try {
      const health = await desk.integrity;
      expect(health?.damage).toMatch(/index contacts_email_key|missing from index/);
      const file = ws.file('b.csv', 'email\nother@example.com\n');
      const started = await callOperation(desk.context, 'jobs', 'startImport', { files: [file], using: 'email', channels: ['email'] });
      expect(started).toMatchObject({ ok: false, error: { code: 'db_corrupt' } });
    } finally {
      await desk.close();
    }
    // A clean close leaves no session marker: the next start is not "after a crash".
    expect(fs.existsSync(path.join(ws.data, 'session.json'))).toBe(false);
  });

  it('doctor --json answers in JSON for a file that is not a database', () => {
    const ws = makeWorkspace();
    fs.mkdirSync(ws.data, { recursive: true });
    fs.writeFileSync(path.join(ws.data, 'blocklist.db'), 'this is a spreadsheet, honest');
    const r = cliJson<{ integrity: null; error: { code: string; message: string } }>(ws.data, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ integrity: null, error: { code: 'db_not_sqlite' } });
  });
});
