import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeWorkspace, stats } from './harness';

// An output must never land on the blocklist, on the job's own input, or on a folder:
// writers rename their finished file into place, so `--out blocklist.db` would have
// replaced the database.
describe('output paths', () => {
  function seeded() {
    const ws = makeWorkspace();
    expect(cli(ws.data, ['import', ws.file('seed.csv', 'email\na@x.com\nb@x.com\n'), '--using', 'email', '--channels', 'email']).code).toBe(0);
    return ws;
  }

  it('refuses an export over the database, into the data folder or onto a folder, before any work', () => {
    const ws = seeded();
    const db = path.join(ws.data, 'blocklist.db');
    const before = fs.readFileSync(db);
    const overDb = cli(ws.data, ['export', '--out', db]);
    expect(overDb.code).toBe(2);
    expect(overDb.stderr).toMatch(/inside the data folder .* holds the blocklist itself/);
    expect(cli(ws.data, ['export', '--out', path.join(ws.data, 'backups', 'x.csv')]).code).toBe(2);
    const folder = cli(ws.data, ['export', '--out', ws.dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/is a folder/);
    // A symbolic link elsewhere that points into the data folder is the data folder.
    const link = path.join(ws.dir, 'looks-harmless');
    fs.symlinkSync(ws.data, link);
    expect(cli(ws.data, ['export', '--out', path.join(link, 'blocklist.db')]).code).toBe(2);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(stats(ws.data).identified).toBe(2);
    // No job was even started.
    expect(JSON.parse(cli(ws.data, ['jobs', '--json']).stdout).jobs).toHaveLength(1);
    expect(cli(ws.data, ['export', '--out', path.join(ws.dir, 'fine.csv')]).code).toBe(0);
  });

  it('refuses a scrub whose cleaned or removed file is its own audience, also through a hard link, or inside the data folder', () => {
    const ws = seeded();
    const audience = ws.file('audience.csv', 'email,name\na@x.com,A\nc@x.com,C\n');
    const alias = path.join(ws.dir, 'alias.csv');
    fs.linkSync(audience, alias);
    const sameAsInput = cli(ws.data, ['scrub', audience, '--channel', 'email', '--out', path.join(ws.dir, 'clean.csv'), '--removed', alias]);
    expect(sameAsInput.code).toBe(2);
    expect(sameAsInput.stderr).toMatch(/which this job reads/);
    expect(cli(ws.data, ['scrub', audience, '--channel', 'email', '--out', path.join(ws.data, 'blocklist.db')]).code).toBe(2);
    expect(fs.readFileSync(audience, 'utf8')).toBe('email,name\na@x.com,A\nc@x.com,C\n');
    expect(cli(ws.data, ['scrub', audience, '--channel', 'email', '--out', path.join(ws.dir, 'clean.csv')]).code).toBe(0);
  });
});
