import AdmZip from 'adm-zip';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, makeWorkspace, stats, type Stats } from './harness';

/**
 * Every bad input ends with a clear one-line message and an unchanged blocklist.
 * The workspace holds one blocked contact, so "unchanged" is not trivially "empty".
 */
describe('bad input', () => {
  const ws = makeWorkspace();
  let before: Stats;

  beforeAll(() => {
    const seed = ws.file('seed.csv', 'email\nseed@x.com\n');
    expect(cli(ws.data, ['import', seed, '--using', 'email', '--channels', 'email']).code).toBe(0);
    before = stats(ws.data);
  });

  function expectRefused(args: string[], code: number, message: RegExp): void {
    const r = cli(ws.data, args);
    expect(r.code, r.stderr).toBe(code);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
    if (code === 1) expect(lines).toHaveLength(1);
    expect(stats(ws.data)).toEqual(before);
  }

  const importArgs = (file: string) => ['import', file, '--using', 'email', '--channels', 'email'];

  it('missing file', () => expectRefused(importArgs(path.join(ws.dir, 'nope.csv')), 1, /nope\.csv.*(not found|does not exist|no such)/i));
  it('directory given as file', () => {
    fs.mkdirSync(path.join(ws.dir, 'adir'), { recursive: true });
    expectRefused(importArgs(path.join(ws.dir, 'adir')), 1, /adir.*directory/i);
  });
  it.skipIf(process.getuid?.() === 0)('unreadable file (skipped as root: root reads any file)', () => {
    const f = ws.file('locked.csv', 'email\na@x.com\n');
    fs.chmodSync(f, 0o000);
    expectRefused(importArgs(f), 1, /locked\.csv/);
  });
  it('empty file', () => expectRefused(importArgs(ws.file('empty.csv', '')), 1, /empty\.csv.*empty/i));
  it('header-only file', () => expectRefused(importArgs(ws.file('header.csv', 'email\r\n')), 1, /header\.csv.*no data rows/i));
  it('binary garbage named .csv', () => {
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i += 1) garbage[i] = (i * 7919) % 256;
    expectRefused(importArgs(ws.file('garbage.csv', garbage)), 1, /garbage\.csv.*(not a text|binary)/i);
  });
  it('invalid UTF-8 is read as Windows-1252 and the report says so', () => {
    const ws = makeWorkspace();
    const f = ws.file('latin.csv', Buffer.concat([Buffer.from('email,reason\nzoe@x.com,caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const r = cli(ws.data, [...importArgs(f), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { encoding: string; warnings: string[] };
    expect(report.encoding).toBe('windows-1252');
    const found = JSON.parse(cli(ws.data, ['search', 'zoe@x.com', '--json']).stdout) as { contacts: { channels: { email: { reason: string } } }[] };
    expect(found.contacts[0]?.channels.email.reason).toBe('café');
    expect(report.warnings.join(' ')).toMatch(/Windows-1252/i);
  });
  it('a 10 MB single line', () => expectRefused(importArgs(ws.file('line.csv', 'email\n' + 'a'.repeat(10 * 1024 * 1024))), 1, /line\.csv/));
  it('unbalanced quotes', () => {
    const body = ['email', '"broken@x.com', ...Array.from({ length: 50_000 }, (_, i) => `u${i}@x.com`)].join('\n');
    expectRefused(importArgs(ws.file('quotes.csv', body)), 1, /quotes\.csv.*line 2/i);
  });
  it('truncated ZIP', () => {
    const zip = new AdmZip();
    zip.addFile('list.csv', Buffer.from('email\n' + Array.from({ length: 5000 }, (_, i) => `t${i}@x.com`).join('\n')));
    const bytes = zip.toBuffer();
    expectRefused(importArgs(ws.file('cut.zip', bytes.subarray(0, Math.floor(bytes.length / 2)))), 1, /cut\.zip/);
  });
  it('zip bomb', () => {
    const zip = new AdmZip();
    zip.addFile('bomb.csv', Buffer.alloc(50 * 1024 * 1024, 0x61));
    expectRefused(importArgs(ws.file('bomb.zip', zip.toBuffer())), 1, /bomb\.zip.*(bomb|limit|ratio)/i);
  });
  it('zip-slip entry names', () => {
    const zip = new AdmZip();
    zip.addFile('ok.csv', Buffer.from('email\nslip@x.com\n'));
    // adm-zip cleans names as it writes them, so the entry is renamed in the bytes after.
    zip.addFile('x/zz/zz/evil.csv', Buffer.from('email\nevil@x.com\n'));
    const bytes = Buffer.from(zip.toBuffer().toString('latin1').replaceAll('x/zz/zz/evil.csv', 'x/../../evil.csv'), 'latin1');
    expectRefused(importArgs(ws.file('slip.zip', bytes)), 1, /slip\.zip.*evil\.csv/i);
  });
  it('unknown --using', () => expectRefused(['import', ws.file('u.csv', 'email\na@x.com\n'), '--using', 'phone', '--channels', 'email'], 2, /unknown --using "phone"/));
  it('a channel not allowed for the identifier', () => expectRefused(['import', ws.file('c.csv', 'email\na@x.com\n'), '--using', 'email', '--channels', 'sms'], 1, /sms cannot be blocked using email/));
  it('a mobile import with the email channel', () => expectRefused(['paste', '--using', 'mobile', '--channels', 'email,sms'], 1, /email cannot be blocked using mobile/));
  it('unknown category', () => expectRefused([...importArgs(ws.file('k.csv', 'email\na@x.com\n')), '--category', 'spam'], 2, /unknown category "spam"/));
  it('a database file that is not SQLite', () => {
    const other = makeWorkspace();
    fs.mkdirSync(other.data, { recursive: true });
    fs.writeFileSync(path.join(other.data, 'blocklist.db'), 'this is a spreadsheet, honest\n'.repeat(100));
    const r = cli(other.data, ['stats']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/blocklist\.db is not a Blocklist Desk database/);
    expect(fs.readFileSync(path.join(other.data, 'blocklist.db'), 'utf8')).toMatch(/^this is a spreadsheet/);
  });
  it('a database from a newer version', () => {
    const other = makeWorkspace();
    expect(cli(other.data, ['stats']).code).toBe(0);
    const db = new Database(path.join(other.data, 'blocklist.db'));
    db.pragma('user_version = 999');
    db.close();
    const r = cli(other.data, ['import', other.file('a.csv', 'email\na@x.com\n'), '--using', 'email', '--channels', 'email']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/schema version 999, newer than this Blocklist Desk/);
    const check = new Database(path.join(other.data, 'blocklist.db'), { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 0 });
    check.close();
  });
  it('usage errors exit 2 with the usage line', () => {
    const r = cli(ws.data, ['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
