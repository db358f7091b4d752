import AdmZip from 'adm-zip';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database';
import { LOOKUP_BATCH } from '../../src/store/blockedLookup';
import { findContact, setChannelStatus } from '../../src/store/contacts';
import { cli, cliJson, contactsCsv, exitOf, makeWorkspace, readingHold, spawnCli } from './harness';

interface ScrubReport {
  job: string;
  warnings: string[];
  status: string;
  rows_read: number;
  sendable: number;
  sendable_by_channel: Record<string, number>;
  not_sent: number;
  not_sent_by_category: Record<string, number>;
  not_sent_by_channel: Record<string, number>;
  invalid: number;
  invalid_by_channel: Record<string, number>;
  invalid_by_reason: Record<string, number>;
  out_file: string | null;
  out_files: Record<string, string> | null;
  removed_file: string | null;
  encoding: string;
  error: { code: string; message: string } | null;
}

/**
 * The blocklist, written down once here and imported through the CLI: the test's own
 * model of who is blocked where, for the independent computation below.
 */
const BLOCKLIST = [
  { cid: 'C1', email: 'Blocked1@Example.com', mobile: '9876500001', email_blocked: 'yes', sms_blocked: 'yes', whatsapp_blocked: 'no', category: 'manual' },
  { cid: 'C2', email: 'blocked2@example.com', mobile: '9876500002', email_blocked: 'yes', sms_blocked: 'no', whatsapp_blocked: 'no', category: 'unsubscribe' },
  { cid: 'C3', email: '', mobile: '9876500003', email_blocked: 'no', sms_blocked: 'yes', whatsapp_blocked: 'yes', category: 'opt_out' },
  { cid: 'C4', email: 'white@example.com', mobile: '', email_blocked: 'yes', sms_blocked: 'no', whatsapp_blocked: 'no', category: 'manual' },
  { cid: 'C5', email: 'sms-only@example.com', mobile: '9876500005', email_blocked: 'no', sms_blocked: 'yes', whatsapp_blocked: 'no', category: 'hard_bounce' },
  { cid: 'C6', email: '', mobile: '', email_blocked: 'yes', sms_blocked: 'yes', whatsapp_blocked: 'no', category: 'spam_complaint' },
];
/** white@example.com is whitelisted on email after the import: never Not Sent by its email. */
const WHITELISTED = 'white@example.com';

type Channel = 'email' | 'sms' | 'whatsapp';

/** Who is blocked on what, by the test's own keys: lower-cased email, last ten digits of a mobile, customer ID. */
function model() {
  const byEmail = new Map<string, Partial<Record<Channel, string>>>();
  const byMobile = new Map<string, Partial<Record<Channel, string>>>();
  const byCid = new Map<string, Partial<Record<Channel, string>>>();
  for (const c of BLOCKLIST) {
    const blocked: Partial<Record<Channel, string>> = {};
    for (const ch of ['email', 'sms', 'whatsapp'] as Channel[]) if (c[`${ch}_blocked`] === 'yes') blocked[ch] = c.category;
    if (c.email.toLowerCase() === WHITELISTED) delete blocked.email;
    if (c.email) byEmail.set(c.email.toLowerCase(), blocked);
    if (c.mobile) byMobile.set(c.mobile, blocked);
    byCid.set(c.cid, blocked);
  }
  return { byEmail, byMobile, byCid };
}

interface AudienceRow {
  name: string;
  email: string;
  cid: string;
  phone: string;
  notes: string;
}

const digits = (phone: string) => phone.replace(/\D/g, '').slice(-10);

/** The independent computation: each channel's category for a row, or null when it is not Not Sent there. */
function expectedCategories(row: AudienceRow, channels: Channel[]): (string | null)[] {
  const m = model();
  return channels.map((ch) => {
    const viaIdentifier = ch === 'email' ? m.byEmail.get(row.email.trim().toLowerCase()) : /\d{10}/.test(digits(row.phone)) ? m.byMobile.get(digits(row.phone)) : undefined;
    const viaCid = row.cid ? m.byCid.get(row.cid) : undefined;
    return viaIdentifier?.[ch] ?? viaCid?.[ch] ?? null;
  });
}

/** Whether the row's identifier for the channel is usable: the test's own rule for the audience below (its email and phone columns). */
function validFor(row: AudienceRow, channel: Channel): boolean {
  return channel === 'email' ? /^\S+@\S+\.\S+$/.test(row.email.trim()) : digits(row.phone).length === 10;
}

/** A CSV cell as a spreadsheet would write it. */
function cell(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') ? `"${value.replace(/"/g, '""')}"` : value;
}

function audience(): AudienceRow[] {
  const rows: AudienceRow[] = [];
  const emails = ['BLOCKED1@example.com', ' blocked2@EXAMPLE.com', 'white@example.com', 'sms-only@example.com', 'fresh@example.com', 'not an email', '', 'someone@Example.org'];
  const phones = ['+91 98765 00001', '09876500002', '9876500003', '+91-98765-00005', '98765 00009', 'n/a', '', '919876500001'];
  const cids = ['', 'C6', 'C3', '', 'C99', ''];
  for (let i = 0; i < 96; i++) {
    rows.push({
      name: i % 7 === 0 ? `Smith, J "Jr" ${i}` : `Person ${i}`,
      email: emails[i % emails.length] as string,
      cid: cids[i % cids.length] as string,
      phone: phones[Math.floor(i / 8) % phones.length] as string,
      notes: i % 11 === 0 ? `two\r\nlines; ${i}` : `note ${i}`,
    });
  }
  return rows;
}

function audienceText(rows: AudienceRow[], delimiter: string, eol: string): { header: string; lines: string[] } {
  const header = ['Name', 'E-mail', 'Customer ID', 'Phone', 'Notes'].join(delimiter) + eol;
  const lines = rows.map((r) => [r.name, r.email, r.cid, r.phone, r.notes].map((v) => cell(v, delimiter)).join(delimiter) + eol);
  return { header, lines };
}

let ws: ReturnType<typeof makeWorkspace>;

beforeAll(() => {
  ws = makeWorkspace();
  const header = 'customer_id,email,mobile,email_blocked,sms_blocked,whatsapp_blocked,category';
  const csv = [header, ...BLOCKLIST.map((c) => [c.cid, c.email, c.mobile, c.email_blocked, c.sms_blocked, c.whatsapp_blocked, c.category].join(','))].join('\n');
  const imported = cliJson(ws.data, ['import', ws.file('blocklist.csv', csv), '--using', 'auto', '--channels', 'email', '--country', 'IN']);
  expect(imported.code, imported.stderr).toBe(0);
  const db = openDatabase(path.join(ws.data, 'blocklist.db'));
  const white = findContact(db, 'email', WHITELISTED);
  setChannelStatus(db, { contactId: white?.id as number, channel: 'email', status: 'whitelisted', actor: 'test', source: 'ui' });
  db.close();
});

/** One channel: `--out <file>.clean`, today's one file. Several: `--out <file>.clean.{channel}`, a file each. */
function scrub(file: string, args: string[]): { code: number; report: ScrubReport; clean: string; cleanOf: (channel: string) => string; removed: string; stderr: string } {
  const several = args.filter((a) => a === '--channel').length > 1;
  const clean = path.join(path.dirname(file), `${path.basename(file)}.clean${several ? '.{channel}' : ''}`);
  const removed = path.join(path.dirname(file), `${path.basename(file)}.removed`);
  const r = cliJson<ScrubReport>(ws.data, ['scrub', file, '--out', clean, '--removed', removed, ...args]);
  return { code: r.code, report: r.json, stderr: r.stderr, clean, cleanOf: (channel) => clean.replace('{channel}', channel), removed };
}

function checkAgainstModel(channels: Channel[], delimiter: string, eol: string, name: string): void {
  const rows = audience();
  const { header, lines } = audienceText(rows, delimiter, eol);
  const file = ws.file(name, header + lines.join(''));
  const { code, report, cleanOf, removed, stderr } = scrub(file, channels.flatMap((c) => ['--channel', c]));
  expect(code, stderr).toBe(0);

  // Each channel's cleaned file: every row but those Not Sent on that channel.
  const wantClean: string[] = channels.map(() => header);
  const headerBody = header.slice(0, -eol.length);
  let wantRemoved = `${headerBody}${delimiter}not_sent_channel${delimiter}not_sent_category${eol}`;
  const byChannel: Record<string, number> = Object.fromEntries(channels.map((c) => [c, 0]));
  const sendableBy: Record<string, number> = Object.fromEntries(channels.map((c) => [c, 0]));
  const byCategory: Record<string, number> = {};
  let notSent = 0;
  let safeEverywhere = 0;
  rows.forEach((row, i) => {
    const categories = expectedCategories(row, channels);
    const line = lines[i] as string;
    categories.forEach((cat, j) => {
      const channel = channels[j] as Channel;
      if (cat !== null) byChannel[channel] = (byChannel[channel] ?? 0) + 1;
      else {
        wantClean[j] += line;
        if (validFor(row, channel)) sendableBy[channel] = (sendableBy[channel] ?? 0) + 1;
      }
    });
    const on = channels.filter((_, j) => categories[j] !== null);
    if (on.length > 0) {
      notSent++;
      const because = categories.filter((c): c is string => c !== null);
      for (const cat of new Set(because)) byCategory[cat] = (byCategory[cat] ?? 0) + 1;
      wantRemoved += `${line.slice(0, -eol.length)}${delimiter}${cell(on.join(';'), delimiter)}${delimiter}${cell(because.join(';'), delimiter)}${eol}`;
    } else if (channels.every((c) => validFor(row, c))) safeEverywhere++;
  });
  expect(notSent).toBeGreaterThan(0);
  expect(notSent).toBeLessThan(rows.length);
  channels.forEach((channel, j) => expect(fs.readFileSync(cleanOf(channel), 'utf8'), `cleaned file for ${channel}`).toBe(wantClean[j]));
  expect(fs.readFileSync(removed, 'utf8')).toBe(wantRemoved);
  const outFiles = Object.fromEntries(channels.map((c) => [c, cleanOf(c)]));
  expect(report).toMatchObject({
    status: 'succeeded',
    rows_read: rows.length,
    sendable: safeEverywhere,
    sendable_by_channel: sendableBy,
    not_sent: notSent,
    not_sent_by_channel: byChannel,
    not_sent_by_category: byCategory,
    out_file: channels.length === 1 ? cleanOf(channels[0] as Channel) : null,
    out_files: outFiles,
    removed_file: removed,
  });
  expect(report.sendable + report.invalid + report.not_sent).toBe(rows.length);
  for (const c of channels) expect(report.sendable_by_channel[c]! + report.invalid_by_channel[c]! + report.not_sent_by_channel[c]!, c).toBe(rows.length);
}

describe('scrub from the command line', () => {
  it('removes the rows blocked on email (by email or customer_id, whitelist honoured), byte for byte', () => {
    checkAgainstModel(['email'], ',', '\r\n', 'email.csv');
  });

  it('removes the rows blocked on SMS (mobile normalised with the default country, or customer_id)', () => {
    checkAgainstModel(['sms'], ',', '\n', 'sms.csv');
  });

  it('with several channels writes a cleaned file per channel, each without the rows Not Sent on it; semicolon file quoted as it was', () => {
    checkAgainstModel(['email', 'sms'], ';', '\r\n', 'multi.csv');
    checkAgainstModel(['sms', 'whatsapp'], '\t', '\n', 'multi.tsv.csv');
  });

  it('counts kept rows with no usable identifier as invalid, and prints the Not Sent wording without --json', () => {
    const file = ws.file('invalid.csv', 'email,name\nnot-an-email,a\n,b\nfresh@example.com,c\nblocked2@example.com,d');
    const out = path.join(ws.dir, 'invalid-clean.csv');
    const r = cliJson<ScrubReport>(ws.data, ['scrub', file, '--channel', 'email', '--out', out]);
    expect(r.json).toMatchObject({ rows_read: 4, sendable: 1, invalid: 2, not_sent: 1, invalid_by_reason: { invalid_email: 1, missing_email: 1 }, removed_file: null });
    // The last kept row had no line break in the input and keeps having none.
    expect(fs.readFileSync(out, 'utf8')).toBe('email,name\nnot-an-email,a\n,b\nfresh@example.com,c\n');
    const text = cli(ws.data, ['scrub', file, '--channel', 'email', '--out', out]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Not Sent (neither Sent nor Failed)');
  });

  it('keeps the encoding: Windows-1252 and UTF-16 LE with BOM come back byte for byte', () => {
    const cp1252 = Buffer.concat([Buffer.from('email,name\r\nfresh@example.com,Caf'), Buffer.from([0xe9, 0x80]), Buffer.from('\r\nblocked1@example.com,M'), Buffer.from([0xfc]), Buffer.from('ller\r\n')]);
    const a = scrub(ws.file('cp1252.csv', cp1252), ['--channel', 'email']);
    expect(a.code, a.stderr).toBe(0);
    expect(fs.readFileSync(a.clean)).toEqual(Buffer.concat([Buffer.from('email,name\r\nfresh@example.com,Caf'), Buffer.from([0xe9, 0x80]), Buffer.from('\r\n')]));
    expect(fs.readFileSync(a.removed)).toEqual(Buffer.concat([Buffer.from('email,name,not_sent_channel,not_sent_category\r\nblocked1@example.com,M'), Buffer.from([0xfc]), Buffer.from('ller,email,manual\r\n')]));

    const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
    const b = scrub(ws.file('le.csv', utf16('email;name\r\nfresh@example.com;Zoë\r\nblocked2@example.com;x\r\n')), ['--channel', 'email']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.report.encoding).toBe('utf-16le');
    expect(fs.readFileSync(b.clean)).toEqual(utf16('email;name\r\nfresh@example.com;Zoë\r\n'));
    expect(fs.readFileSync(b.removed)).toEqual(utf16('email;name;not_sent_channel;not_sent_category\r\nblocked2@example.com;x;email;unsubscribe\r\n'));
  });

  it('reads a TXT list, and named or numbered columns', () => {
    const txt = scrub(ws.file('list.txt', '9876500003\n98765 00009\n+91 98765 00001\n'), ['--channel', 'sms']);
    expect(txt.code, txt.stderr).toBe(0);
    expect(fs.readFileSync(txt.clean, 'utf8')).toBe('98765 00009\n');
    expect(fs.readFileSync(txt.removed, 'utf8')).toBe('9876500003,sms,opt_out\n+91 98765 00001,sms,manual\n');

    const named = scrub(ws.file('named.csv', 'Recipient,Handset\nfresh@example.com,9876500003\nblocked1@example.com,9876500009\n'), ['--channel', 'email', '--channel', 'sms', '--email-column', 'recipient', '--mobile-column', 'Handset']);
    expect(named.code, named.stderr).toBe(0);
    // Each row is Not Sent on one of the two channels: both are in the removed rows, each kept in the other channel's file.
    expect(named.report).toMatchObject({ not_sent: 2, not_sent_by_channel: { email: 1, sms: 1 }, sendable_by_channel: { email: 1, sms: 1 } });
    expect(fs.readFileSync(named.cleanOf('email'), 'utf8')).toBe('Recipient,Handset\nfresh@example.com,9876500003\n');
    expect(fs.readFileSync(named.cleanOf('sms'), 'utf8')).toBe('Recipient,Handset\nblocked1@example.com,9876500009\n');

    const bare = ws.file('bare.csv', 'fresh@example.com,9876500003\nblocked1@example.com,9876500001\n');
    const unsure = cli(ws.data, ['scrub', bare, '--channel', 'email', '--channel', 'sms', '--out', path.join(ws.dir, 'x.{channel}.csv')]);
    expect(unsure.code).toBe(1);
    expect(unsure.stderr).toMatch(/no header row naming customer_id, email or mobile .*--email-column/);
    const numbered = scrub(bare, ['--channel', 'email', '--channel', 'sms', '--email-column', '1', '--mobile-column', '2']);
    expect(numbered.code, numbered.stderr).toBe(0);
    // 9876500003 is opted out of SMS: kept for email only.
    expect(fs.readFileSync(numbered.cleanOf('email'), 'utf8')).toBe('fresh@example.com,9876500003\n');
    expect(fs.readFileSync(numbered.cleanOf('sms'), 'utf8')).toBe('');
  });

  it('never matches by customer_id alone in silence: an unknown email column is refused, a missing one is said', () => {
    // "Contact Email" is no alias the scrub knows; matching these rows by customer ID alone would send to blocked1.
    const file = ws.file('cid.csv', 'Client ID,Contact Email\nX8,blocked1@example.com\n');
    const refused = cli(ws.data, ['scrub', file, '--channel', 'email', '--out', path.join(ws.dir, 'cid-out.csv')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/"Contact Email" may be it .*--email-column "Contact Email"/);
    expect(fs.existsSync(path.join(ws.dir, 'cid-out.csv'))).toBe(false);
    const told = scrub(file, ['--channel', 'email', '--email-column', 'Contact Email']);
    expect(told.report).toMatchObject({ rows_read: 1, not_sent: 1 });

    const short = scrub(ws.file('short.csv', 'email,name,city\nblocked1@example.com,Al\n'), ['--channel', 'email']);
    expect(fs.readFileSync(short.removed, 'utf8')).toBe('email,name,city,not_sent_channel,not_sent_category\nblocked1@example.com,Al,,email,manual\n');

    const onlyIds = scrub(ws.file('ids.csv', 'customer_id,name\nX9,Ann\n'), ['--channel', 'email']);
    expect(onlyIds.code, onlyIds.stderr).toBe(0);
    expect(onlyIds.report.warnings).toEqual([expect.stringMatching(/no email column: email is matched by customer_id only/)]);

    // A wider file without a header naming its columns is refused, as an import refuses it.
    const headerless = cli(ws.data, ['scrub', ws.file('names.csv', 'Name,Customer Email\nBob,blocked1@example.com\n'), '--channel', 'email', '--out', path.join(ws.dir, 'n.csv')]);
    expect(headerless.code).toBe(1);
    expect(headerless.stderr).toMatch(/no header row naming customer_id, email or mobile \(first row: Name, Customer Email\)/);
  });

  it('scrubs a ZIP of tables with one header into one file, and refuses tables whose columns differ', () => {
    const zip = new AdmZip();
    zip.addFile('a.csv', Buffer.from('email,n\r\nfresh@example.com,1\r\nblocked1@example.com,2'));
    zip.addFile('b.csv', Buffer.from('email,n\r\nblocked2@example.com,3\r\nsomeone@example.org,4\r\n'));
    const ok = scrub(ws.file('two.zip', zip.toBuffer()), ['--channel', 'email']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.readFileSync(ok.clean, 'utf8')).toBe('email,n\r\nfresh@example.com,1\r\nsomeone@example.org,4\r\n');
    expect(ok.report).toMatchObject({ rows_read: 4, not_sent: 2 });

    const bad = new AdmZip();
    bad.addFile('a.csv', Buffer.from('email,n\nfresh@example.com,1\n'));
    bad.addFile('b.csv', Buffer.from('email,other\nx@example.com,3\n'));
    const refused = scrub(ws.file('mixed.zip', bad.toBuffer()), ['--channel', 'email']);
    expect(refused.code).toBe(1);
    expect(refused.report.status).toBe('failed');
    expect(refused.stderr).toMatch(/b\.csv: its columns differ from .*a\.csv/);
    expect(fs.existsSync(refused.clean)).toBe(false);
  });

  it('follows the CLI conventions for usage errors', () => {
    const file = ws.file('u.csv', 'email\na@example.com\n');
    const out = path.join(ws.dir, 'u-out.csv');
    for (const args of [
      ['scrub', file, '--out', out],
      ['scrub', file, '--channel', 'fax', '--out', out],
      ['scrub', file, '--channel', 'email'],
      ['scrub', file, '--channel', 'email', '--out', out, '--using', 'email'],
      // Several channels need a cleaned file each: one --out file cannot hold them.
      ['scrub', file, '--channel', 'email', '--channel', 'sms', '--out', out],
      ['scrub', file, '--channel', 'email', '--channel', 'sms', '--out', path.join(ws.dir, 'u.{channel}.csv'), '--removed', path.join(ws.dir, 'u.sms.csv')],
      ['scrub', '--channel', 'email', '--out', out],
      ['scrub', file, '--channel', 'email', '--out', file],
    ]) {
      const r = cli(ws.data, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/^blocklist-desk: /);
    }
    // A file that cannot serve the channel fails its job (exit 1), as an import's does.
    const noMobile = cli(ws.data, ['scrub', file, '--channel', 'sms', '--out', out]);
    expect(noMobile.code).toBe(1);
    expect(noMobile.stderr).toMatch(/the sms channel needs a mobile or a customer_id column/);
    const missing = cli(ws.data, ['scrub', path.join(ws.dir, 'nope.csv'), '--channel', 'email', '--out', out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.csv does not exist');
  });

  it('Ctrl+C cancels a scrub: no output file is left, the job says cancelled', async () => {
    const big = ws.file('big-audience.csv', contactsCsv(20_000));
    const out = path.join(ws.dir, 'big-clean.{channel}.csv');
    // Held after its first batch, its output files begun: the cancel lands while it runs.
    const hold = readingHold(ws.dir);
    const child = spawnCli(ws.data, ['scrub', big, '--channel', 'email', '--channel', 'sms', '--out', out, '--removed', `${out}.removed`, '--json'], hold.env);
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = exitOf(child);
    while (!fs.readdirSync(ws.dir).some((name) => name.startsWith('big-clean'))) {
      expect(child.exitCode, 'the scrub ended before writing anything').toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    const report = JSON.parse(stdout) as { status: string; error: { code: string; message: string } | null };
    expect(report).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(report.error?.message).toContain('the blocklist is never changed by a scrub');
    expect(fs.readdirSync(ws.dir).filter((name) => name.startsWith('big-clean'))).toEqual([]);
  });
});

describe('scrub of audiences larger than one lookup batch', () => {
  // Two full lookup statements and a part one (src/store/blockedLookup.ts): a key lost at a
  // statement's edge would keep a blocked recipient.
  const ROWS = LOOKUP_BATCH * 2 + 7;
  const email = (i: number) => `Recipient.${i}@Blocked.example`;
  const mobile = (i: number) => `+91 9${String(100000000 + i)}`;

  it('removes every row when everyone is blocked, on email and on SMS', () => {
    const own = makeWorkspace();
    const blocklist = ['email,mobile', ...Array.from({ length: ROWS }, (_, i) => `${email(i)},${mobile(i)}`)].join('\n') + '\n';
    const imported = cliJson<{ status: string; added: number }>(own.data, ['import', own.file('everyone.csv', blocklist), '--using', 'auto', '--channels', 'email,sms']);
    expect(imported.json).toMatchObject({ status: 'succeeded', added: ROWS });

    for (const { name, header, row, channel } of [
      { name: 'emails.csv', header: 'email', row: (i: number) => email(i), channel: 'email' },
      { name: 'mobiles.csv', header: 'mobile', row: (i: number) => mobile(i), channel: 'sms' },
    ]) {
      const lines = Array.from({ length: ROWS }, (_, i) => row(i));
      const file = own.file(name, [header, ...lines].join('\n') + '\n');
      const clean = path.join(own.dir, `${name}.clean`);
      const removed = path.join(own.dir, `${name}.removed`);
      const r = cliJson<ScrubReport>(own.data, ['scrub', file, '--channel', channel, '--out', clean, '--removed', removed]);
      expect(r.code, r.stderr).toBe(0);
      expect(fs.readFileSync(clean, 'utf8'), name).toBe(`${header}\n`);
      const removedLines = fs.readFileSync(removed, 'utf8').trimEnd().split('\n');
      expect(removedLines.length, name).toBe(ROWS + 1);
      expect(removedLines.slice(1).map((l) => l.split(',')[0]), name).toEqual(lines);
      expect(r.json, name).toMatchObject({ status: 'succeeded', rows_read: ROWS, not_sent: ROWS, sendable: 0, invalid: 0, not_sent_by_channel: { [channel]: ROWS } });
    }
  });
});

describe('a scrub on several channels', () => {
  // Rahul unsubscribed from email only: his mobile is on the blocklist but not blocked on SMS.
  const BLOCKED = 'customer_id,email,mobile,email_blocked,sms_blocked,category\nR1,rahul.verma@acme.in,9810000002,yes,no,unsubscribe\n';
  const BOM = '\ufeff';
  const HEADER = 'Name;Email;Mobile;Notes\r\n';
  const ASHA = 'Asha;asha@acme.in;+91 98100 00001;"Pune; MH"\r\n';
  const RAHUL = 'Rahul Verma;rahul.verma@acme.in;+91 98100 00002;"two\r\nlines"\r\n';
  const ZOE = '"Zoë ""Z""";zoe@acme.in;9810000003;ok\r\n';
  const KIRAN = 'Kiran;kiran@acme.in;9810000004;no line break';
  const AUDIENCE = BOM + HEADER + ASHA + RAHUL + ZOE + KIRAN;

  let own: ReturnType<typeof makeWorkspace>;
  beforeAll(() => {
    own = makeWorkspace();
    const imported = cliJson(own.data, ['import', own.file('rahul.csv', BLOCKED), '--using', 'auto', '--channels', 'email', '--country', 'IN']);
    expect(imported.code, imported.stderr).toBe(0);
  });

  it('leaves a recipient blocked on email out of the email file only: the SMS file keeps him, every other byte as it was', () => {
    const file = own.file('campaign.csv', AUDIENCE);
    const folder = path.join(own.dir, 'clean');
    const removed = path.join(own.dir, 'campaign-removed.csv');
    const r = cliJson<ScrubReport>(own.data, ['scrub', file, '--channel', 'email', '--channel', 'sms', '--out', `${folder}${path.sep}`, '--removed', removed]);
    expect(r.code, r.stderr).toBe(0);
    const email = path.join(folder, 'campaign.email.csv');
    const sms = path.join(folder, 'campaign.sms.csv');
    expect(fs.readdirSync(folder).sort()).toEqual(['campaign.email.csv', 'campaign.sms.csv']);
    // Same BOM, header, delimiter, quoting, line breaks and order; the last line still without a break.
    expect(fs.readFileSync(email)).toEqual(Buffer.from(BOM + HEADER + ASHA + ZOE + KIRAN, 'utf8'));
    expect(fs.readFileSync(sms)).toEqual(Buffer.from(AUDIENCE, 'utf8'));
    // The removed rows name the one channel he is Not Sent on, and why.
    expect(fs.readFileSync(removed, 'utf8')).toBe(`${BOM}Name;Email;Mobile;Notes;not_sent_channel;not_sent_category\r\n${RAHUL.slice(0, -2)};email;unsubscribe\r\n`);
    expect(r.json).toMatchObject({
      status: 'succeeded',
      rows_read: 4,
      sendable: 3,
      sendable_by_channel: { email: 3, sms: 4 },
      not_sent: 1,
      not_sent_by_channel: { email: 1, sms: 0 },
      not_sent_by_category: { unsubscribe: 1 },
      invalid: 0,
      invalid_by_channel: { email: 0, sms: 0 },
      out_file: null,
      out_files: { email, sms },
      removed_file: removed,
    });
    expect(Object.keys(r.json.out_files ?? {})).toEqual(['email', 'sms']);

    // Named with {channel}: the same files; the channels in the order given.
    const pattern = path.join(own.dir, 'campaign.clean.{channel}.csv');
    const p = cliJson<ScrubReport>(own.data, ['scrub', file, '--channel', 'sms', '--channel', 'email', '--out', pattern]);
    expect(p.code, p.stderr).toBe(0);
    expect(Object.keys(p.json.out_files ?? {})).toEqual(['sms', 'email']);
    expect(fs.readFileSync(path.join(own.dir, 'campaign.clean.email.csv'))).toEqual(fs.readFileSync(email));
    expect(fs.readFileSync(path.join(own.dir, 'campaign.clean.sms.csv'))).toEqual(fs.readFileSync(sms));

    // Without --json each channel's line says what can be sent on it and where its file is.
    const text = cli(own.data, ['scrub', file, '--channel', 'email', '--channel', 'sms', '--out', `${folder}${path.sep}`]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`email: sendable 3, not sent 1, invalid 0; cleaned file: ${email}`);
    expect(text.stdout).toContain(`sms: sendable 4, not sent 0, invalid 0; cleaned file: ${sms}`);
  });

  it('keeps one channel as it was: --out is the cleaned file; a folder gets <name>.<channel>.csv', () => {
    const file = own.file('solo.csv', AUDIENCE);
    const out = path.join(own.dir, 'solo-clean.csv');
    const one = cliJson<ScrubReport>(own.data, ['scrub', file, '--channel', 'email', '--out', out]);
    expect(one.code, one.stderr).toBe(0);
    expect(fs.readFileSync(out)).toEqual(Buffer.from(BOM + HEADER + ASHA + ZOE + KIRAN, 'utf8'));
    expect(one.json).toMatchObject({ out_file: out, out_files: { email: out }, sendable: 3, sendable_by_channel: { email: 3 }, not_sent: 1 });

    const inFolder = cliJson<ScrubReport>(own.data, ['scrub', file, '--channel', 'sms', '--out', own.dir]);
    expect(inFolder.code, inFolder.stderr).toBe(0);
    expect(inFolder.json.out_file).toBe(path.join(own.dir, 'solo.sms.csv'));
    expect(fs.readFileSync(path.join(own.dir, 'solo.sms.csv'))).toEqual(Buffer.from(AUDIENCE, 'utf8'));
  });

  it('refuses one --out file for several channels, saying how to name them', () => {
    const file = own.file('refused.csv', AUDIENCE);
    const r = cli(own.data, ['scrub', file, '--channel', 'email', '--channel', 'sms', '--out', path.join(own.dir, 'refused-clean.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/with several channels each gets its own cleaned file: give --out a folder .* or a name with \{channel\} in it/);
    expect(fs.readdirSync(own.dir).filter((name) => name.startsWith('refused-clean'))).toEqual([]);
  });
});
