import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src/api/desk';
import { callOperation } from '../../src/api/dispatch';
import type { FileAccess } from '../../src/api/localFiles';
import type { DeskResult } from '../../src/api/result';
import { openDatabase } from '../../src/store/database';
import { updateSettings } from '../../src/store/settings';
import { cli, cliJson, exitOf, makeWorkspace, readingHold, spawnCli, stats, waitForJobStarted } from './harness';

interface KeywordsReport {
  job: string;
  kind: string;
  status: string;
  messages: number;
  opt_outs: number;
  opt_ins: number;
  ignored: number;
  ignored_by_reason: Record<string, number>;
  outbound?: number;
  not_keywords: number;
  to_review: number;
  to_review_messages?: { file: string; line: number; from: string; channel: string; text: string; received_at: string; phrase: string }[];
  to_review_file?: string | null;
  unchanged: number;
  rejected: number;
  rejected_by_reason: Record<string, number>;
  rejected_file: string | null;
  problems: number;
  problems_file: string | null;
  added: number;
  updated: number;
  error: { code: string; message: string } | null;
}

interface ChannelView {
  status: string;
  category: string | null;
  reason: string | null;
  source: string | null;
  at: string | null;
}
interface Contact {
  mobile: string | null;
  customer_id: string | null;
  channels: Record<'email' | 'sms' | 'whatsapp' | 'rcs', ChannelView>;
}
interface AuditEntry {
  action: string;
  contact: string;
  channel: string | null;
  before: string;
  after: string;
  source: string;
  job: string | null;
}

const HEADER = 'from,channel,text,received_at';

function log(rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

function keywords(data: string, file: string, extra: string[] = []): { code: number; report: KeywordsReport; stderr: string } {
  const r = cliJson<KeywordsReport>(data, ['keywords', file, ...extra]);
  return { code: r.code, report: r.json, stderr: r.stderr };
}

function contact(data: string, query: string): Contact | undefined {
  return cliJson<{ contacts: Contact[] }>(data, ['search', query]).json.contacts[0];
}

/** Every row lands in exactly one bucket. */
function expectBucketsAddUp(report: KeywordsReport): void {
  expect(report.opt_outs + report.opt_ins + report.unchanged + report.not_keywords + report.ignored + (report.outbound ?? 0) + report.rejected).toBe(report.messages);
}

describe('blocklist-desk keywords', () => {
  it('answers the report JSON with job, status, messages, opt_outs, opt_ins and ignored, and audits each change', () => {
    const ws = makeWorkspace();
    const file = ws.file('inbound.csv', log(['98765 43210,sms,STOP,2025-03-01T10:00:00Z', '98765 43211,whatsapp,stop,2025-03-01T10:01:00Z', '98765 43212,email,STOP,2025-03-01T10:02:00Z']));
    const { code, report } = keywords(ws.data, file);
    expect(code).toBe(0);
    expect(report).toMatchObject({ kind: 'keywords', status: 'succeeded', messages: 3, opt_outs: 2, opt_ins: 0, ignored: 1, added: 2 });
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['job', 'status', 'messages', 'opt_outs', 'opt_ins', 'ignored']));
    expectBucketsAddUp(report);

    const sms = contact(ws.data, '+919876543210')?.channels.sms;
    expect(sms).toMatchObject({ status: 'blocked', category: 'opt_out', reason: 'STOP', source: `keywords:${report.job}`, at: '2025-03-01T10:00:00.000Z' });
    const entries = cliJson<{ entries: AuditEntry[] }>(ws.data, ['audit']).json.entries;
    expect(entries).toHaveLength(2);
    for (const entry of entries) expect(entry).toMatchObject({ before: 'none', after: 'blocked', source: `keywords:${report.job}`, job: report.job });
    expect(stats(ws.data)).toMatchObject({ anonymous: 2, blocked: { sms: 1, whatsapp: 1, email: 0, rcs: 0 } });

    // Without --json: one summary line a person reads.
    const plain = cli(ws.data, ['keywords', file]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/messages 3: opt-outs 0, opt-ins 0, unchanged 2, not keywords 0, ignored 1, rejected 0/);
  });

  it('applies messages in received_at order, not file order; equal times keep file order', () => {
    const ws = makeWorkspace();
    const file = ws.file(
      'unordered.csv',
      log([
        // +919876500001: STOP then START by time → not blocked.
        '9876500001,sms,START,2025-03-01T10:10:00Z',
        '9876500001,sms,STOP,2025-03-01T10:00:00Z',
        // +919876500002: START then STOP by time → blocked.
        '9876500002,sms,STOP,2025-03-01T10:10:00Z',
        '9876500002,sms,START,2025-03-01T10:00:00Z',
        // Offsets: 15:00+05:30 is 09:30Z, before 10:00Z, so the START comes last.
        '9876500003,sms,START,2025-03-01T10:00:00Z',
        '9876500003,sms,STOP,2025-03-01T15:00:00+05:30',
        // The same instant: the file's order decides (STOP, then START).
        '9876500004,sms,STOP,2025-03-01 10:00:00',
        '9876500004,sms,START,2025-03-01T10:00:00Z',
      ]),
    );
    const { code, report } = keywords(ws.data, file);
    expect(code).toBe(0);
    expect(report).toMatchObject({ messages: 8, opt_outs: 4, opt_ins: 3, unchanged: 1 });
    expectBucketsAddUp(report);
    expect(contact(ws.data, '+919876500001')?.channels.sms.status).toBe('none');
    expect(contact(ws.data, '+919876500002')?.channels.sms).toMatchObject({ status: 'blocked', at: '2025-03-01T10:10:00.000Z' });
    expect(contact(ws.data, '+919876500003')?.channels.sms.status).toBe('none');
    expect(contact(ws.data, '+919876500004')?.channels.sms.status).toBe('none');
  });

  it('reads a log that splits the moment into date and time columns', () => {
    const ws = makeWorkspace();
    const file = ws.file('split.csv', 'date,time,from,channel,text\n2025-03-01,10:00,+919800000001,SMS,STOP\n2025-03-01,09:00,+919800000001,SMS,START\n');
    const r = keywords(ws.data, file);
    expect(r.report).toMatchObject({ status: 'succeeded', messages: 2, opt_outs: 1, opt_ins: 0, rejected: 0 });
    expect(contact(ws.data, '+919800000001')?.channels.sms).toMatchObject({ status: 'blocked', category: 'opt_out', at: '2025-03-01T10:00:00.000Z' });
  });

  it('matches the whole message, any case, surrounding punctuation, symbols and emoji ignored', () => {
    const ws = makeWorkspace();
    const texts = ['stop!', '  Stop. ', '¡STOP!', "'unsubscribe'", '"Opt-Out"', '...Quit...', 'ＳＴＯＰ', 'STOP please', 'S T O P', 'STOP ALL', 'stop 🛑', '', 'STOPALL?'];
    const rows = texts.map((text, i) => `98765${String(10000 + i)},sms,"${text.replace(/"/g, '""')}",2025-03-01T10:00:0${i % 10}Z`);
    const file = ws.file('punctuation.csv', log(rows));
    const { report } = keywords(ws.data, file);
    expectBucketsAddUp(report);
    const blocked = texts.filter((_, i) => contact(ws.data, `+9198765${String(10000 + i)}`)?.channels.sms.status === 'blocked');
    // "Opt-Out" keeps its inner hyphen, so it is not OPTOUT.
    // An emoji after the word is decoration around it, as punctuation is.
    expect(blocked).toEqual(['stop!', '  Stop. ', '¡STOP!', "'unsubscribe'", '...Quit...', 'ＳＴＯＰ', 'stop 🛑', 'STOPALL?']);
    expect(report).toMatchObject({ opt_outs: 8, not_keywords: 5 });
    // The reason is the message as received (trimmed).
    expect(contact(ws.data, '+919876510001')?.channels.sms.reason).toBe('Stop.');
  });

  it('START on WhatsApp or RCS changes nothing; on SMS it lifts only an opt_out block', () => {
    const ws = makeWorkspace();
    const seed = ws.file('seed.csv', 'mobile\n9876520001\n');
    expect(cli(ws.data, ['import', seed, '--using', 'mobile', '--channels', 'sms', '--category', 'manual']).code).toBe(0);
    const file = ws.file(
      'start.csv',
      log([
        '9876520000,WhatsApp,STOP,2025-03-01T10:00:00Z',
        '9876520000,WhatsApp,START,2025-03-01T11:00:00Z',
        '9876520000,RCS,STOP,2025-03-01T10:00:00Z',
        '9876520000,rcs,UNSTOP,2025-03-01T11:00:00Z',
        // A manual SMS block is not the contact's to lift by texting START.
        '9876520001,sms,START,2025-03-01T11:00:00Z',
        // Nothing to lift on a number we do not know: no contact is created.
        '9876520002,sms,START,2025-03-01T11:00:00Z',
      ]),
    );
    const { report } = keywords(ws.data, file);
    expect(report).toMatchObject({ opt_outs: 2, opt_ins: 0, not_keywords: 2, unchanged: 2 });
    expectBucketsAddUp(report);
    expect(contact(ws.data, '+919876520000')?.channels).toMatchObject({ whatsapp: { status: 'blocked' }, rcs: { status: 'blocked' } });
    expect(contact(ws.data, '+919876520001')?.channels.sms).toMatchObject({ status: 'blocked', category: 'manual' });
    expect(contact(ws.data, '+919876520002')).toBeUndefined();

    // An opt_out block from an import is lifted by a later START (and the opt-in needs no --confirm).
    const optOut = ws.file('optout.csv', 'mobile\n9876520003\n');
    expect(cli(ws.data, ['import', optOut, '--using', 'mobile', '--channels', 'sms', '--category', 'opt_out']).code).toBe(0);
    const later = new Date(Date.now() + 60_000).toISOString();
    const lift = keywords(ws.data, ws.file('lift.csv', log([`9876520003,sms,Start,${later}`])));
    expect(lift.report).toMatchObject({ opt_ins: 1, updated: 1 });
    expect(contact(ws.data, '+919876520003')?.channels.sms.status).toBe('none');
    // An opt-in older than the block it would lift is stale: the block stays.
    expect(cli(ws.data, ['import', optOut, '--using', 'mobile', '--channels', 'sms', '--category', 'opt_out']).code).toBe(0);
    const stale = keywords(ws.data, ws.file('stale.csv', log(['9876520003,sms,START,2025-01-01T00:00:00Z'])));
    expect(stale.report).toMatchObject({ opt_ins: 0, unchanged: 1 });
    expect(contact(ws.data, '+919876520003')?.channels.sms.status).toBe('blocked');
  });

  it('reads national numbers with the default country, and --country for one command', () => {
    const ws = makeWorkspace();
    const file = ws.file(
      'national.csv',
      log(['98765 43210,sms,STOP,2025-03-01T10:00:00Z', '09876543210,whatsapp,STOP,2025-03-01T10:00:01Z', '+91-98765-43210,rcs,STOP,2025-03-01T10:00:02Z', '919876543210,sms,STOP,2025-03-01T10:00:03Z']),
    );
    const { report } = keywords(ws.data, file);
    expect(report).toMatchObject({ opt_outs: 3, unchanged: 1, added: 1, rejected: 0 });
    expect(stats(ws.data).anonymous).toBe(1);
    expect(contact(ws.data, '+919876543210')?.channels).toMatchObject({ sms: { status: 'blocked' }, whatsapp: { status: 'blocked' }, rcs: { status: 'blocked' } });

    const us = keywords(ws.data, ws.file('us.csv', log(['(415) 555-0100,SMS,stop,2025-03-01T10:00:00Z'])), ['--country', 'US']);
    expect(us.report.opt_outs).toBe(1);
    expect(contact(ws.data, '+14155550100')?.channels.sms.status).toBe('blocked');
  });

  it('ignores email and unknown channels, reads channel names in any case with aliases, rejects bad numbers and dates an opt-out with a bad time at the job', () => {
    const ws = makeWorkspace();
    const file = ws.file(
      'mixed.csv',
      [
        'Mobile No,Channel,Message,Received At,Operator',
        '9876530001,E-mail,STOP,2025-03-01T10:00:00Z,x',
        '9876530002,telegram,STOP,2025-03-01T10:00:00Z,x',
        '9876530003,,STOP,2025-03-01T10:00:00Z,x',
        '9876530004,WA,STOP,2025-03-01T10:00:00Z,x',
        '9876530005,Whats App,STOP,2025-03-01T10:00:00Z,x',
        '9876530006,sMs,STOP,2025-03-01T10:00:00Z,x',
        '12,sms,STOP,2025-03-01T10:00:00Z,x',
        '9.19877E+11,sms,STOP,2025-03-01T10:00:00Z,x',
        '9876530007,sms,STOP,01/03/2025 10:00,x',
        '9876530008,sms,STOP,2025-02-30T10:00:00Z,x',
        '9876530009,sms,STOP,,x',
        ',sms,STOP,2025-03-01T10:00:00Z,x',
        '9876530010,sms,hello,not a date,x',
        '9876530011,sms,START,2099-01-01T00:00:00Z,x',
      ].join('\r\n'),
    );
    const before = Date.now();
    const { code, report } = keywords(ws.data, file, ['--timezone', 'Asia/Kolkata']);
    expect(code).toBe(3);
    expect(report).toMatchObject({
      status: 'succeeded_with_problems',
      messages: 14,
      ignored: 3,
      ignored_by_reason: { email_channel: 1, unknown_channel: 2 },
      opt_outs: 6,
      not_keywords: 1,
      rejected: 4,
      rejected_by_reason: { invalid_mobile: 1, scientific_notation: 1, missing_from: 1, date_out_of_range: 1 },
      problems: 6,
      problems_by_kind: { invalid_mobile: 1, scientific_notation: 1, missing_from: 1, date_out_of_range: 1, unreadable_date: 1, missing_date: 1 },
    });
    expectBucketsAddUp(report);
    expect(stats(ws.data).blocked).toMatchObject({ email: 0, sms: 4, whatsapp: 2 });
    // A day-first date in the file's time zone; an unusable one is the job's time, never a lost opt-out.
    expect(contact(ws.data, '9876530007')?.channels.sms).toMatchObject({ status: 'blocked', at: '2025-03-01T04:30:00.000Z' });
    expect(Date.parse(contact(ws.data, '9876530008')?.channels.sms.at as string)).toBeGreaterThanOrEqual(before);
    const problems = fs.readFileSync(report.problems_file as string, 'utf8').trim().split(/\r?\n/);
    expect(problems[0]).toBe('file,line,column,value,problem,action');
    expect(problems).toContainEqual(expect.stringMatching(/^mixed\.csv,11,Received At,2025-02-30T10:00:00Z,.*,dated at import$/));
    expect(problems).toContainEqual(expect.stringMatching(/^mixed\.csv,8,Mobile No,12,.*,row rejected$/));
    expect(problems).toContainEqual(expect.stringMatching(/^mixed\.csv,15,Received At,2099-01-01T00:00:00Z,.*opt-in needs its time.*,row rejected$/));
  });

  it('uses the keyword lists from the settings as the next job starts', () => {
    const ws = makeWorkspace();
    expect(cli(ws.data, ['stats']).code).toBe(0);
    const db = openDatabase(path.join(ws.data, 'blocklist.db'));
    updateSettings(db, { keywords: { sms: { opt_out: ['halt'], opt_in: ['resume'] }, whatsapp: { opt_out: ['basta'] }, rcs: { opt_out: ['STOP'] } } });
    db.close();
    const file = ws.file('custom.csv', log(['9876540001,sms,STOP,2025-03-01T10:00:00Z', '9876540001,sms,Halt!,2025-03-01T10:01:00Z', '9876540002,whatsapp,BASTA,2025-03-01T10:00:00Z', '9876540001,sms,resume,2025-03-01T10:02:00Z']));
    const { report } = keywords(ws.data, file);
    expect(report).toMatchObject({ opt_outs: 2, opt_ins: 1, not_keywords: 1 });
    expect(contact(ws.data, '+919876540001')?.channels.sms.status).toBe('none');
    expect(contact(ws.data, '+919876540002')?.channels.whatsapp.status).toBe('blocked');
  });

  it('is reverted by revert JOB: statuses go back, contacts it created go, even when it changed one channel several times', () => {
    const ws = makeWorkspace();
    const seed = ws.file('seed.csv', 'customer_id,mobile\nC1,9876550001\n');
    expect(cli(ws.data, ['import', seed, '--using', 'auto', '--channels', 'sms', '--category', 'opt_out', '--reason', 'vendor']).code).toBe(0);
    const before = stats(ws.data);
    const seeded = contact(ws.data, 'C1')?.channels.sms;
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const file = ws.file(
      'revert.csv',
      log([
        // A new number: STOP, START, STOP on SMS.
        `9876550002,sms,STOP,${later(1)}`,
        `9876550002,sms,START,${later(2)}`,
        `9876550002,sms,STOP,${later(3)}`,
        // The seeded contact: its opt_out block lifted and put back with new details, then WhatsApp blocked.
        `9876550001,sms,START,${later(1)}`,
        `9876550001,sms,Stop!,${later(2)}`,
        `9876550001,whatsapp,STOP,${later(3)}`,
      ]),
    );
    const { report } = keywords(ws.data, file);
    expect(report).toMatchObject({ opt_outs: 4, opt_ins: 2, added: 1, updated: 1 });
    expect(contact(ws.data, 'C1')?.channels.sms.reason).toBe('Stop!');
    expect(stats(ws.data)).toMatchObject({ identified: 1, anonymous: 1, blocked: { sms: 2, whatsapp: 1 } });
    const jobs = cliJson<{ jobs: { id: string; kind: string; revertible: boolean }[] }>(ws.data, ['jobs']).json.jobs;
    expect(jobs.find((j) => j.id === report.job)).toMatchObject({ kind: 'keywords' });

    const revert = cliJson<{ status: string; reverted: number; warnings: string[] }>(ws.data, ['revert', report.job]);
    expect(revert.code).toBe(0);
    expect(revert.json.status).toBe('succeeded');
    expect(stats(ws.data)).toEqual(before);
    expect(contact(ws.data, '+919876550002')).toBeUndefined();
    expect(contact(ws.data, 'C1')?.channels.sms).toEqual(seeded);
    expect(contact(ws.data, 'C1')?.channels.whatsapp.status).toBe('none');
    // One revert entry per contact channel, going back to the status from before the job.
    const reverted = cliJson<{ entries: AuditEntry[] }>(ws.data, ['audit']).json.entries.filter((e) => e.action === 'revert' && e.contact === 'C1');
    expect(reverted.map((e) => [e.channel, e.before, e.after])).toEqual(expect.arrayContaining([['sms', 'blocked', 'blocked'], ['whatsapp', 'blocked', 'none']]));
    expect(reverted).toHaveLength(2);
    const doctor = cliJson<{ integrity: string; counters: string }>(ws.data, ['doctor']).json;
    expect(doctor).toMatchObject({ integrity: 'ok', counters: 'ok' });
  });

  it('refuses a log without from, text and received_at, changing nothing; usage errors exit 2', () => {
    const ws = makeWorkspace();
    const bad = ws.file('bad.csv', 'from,text\n9876560001,STOP\n');
    const r = keywords(ws.data, bad);
    expect(r.code).toBe(1);
    expect(r.report).toMatchObject({ status: 'failed', error: { code: 'file_malformed' } });
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.csv: line 1 .*missing received_at/);
    expect(stats(ws.data).anonymous).toBe(0);

    const missing = keywords(ws.data, path.join(ws.dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.report.error?.code).toBe('file_missing');

    expect(cli(ws.data, ['keywords']).code).toBe(2);
    const flag = cli(ws.data, ['keywords', bad, '--channels', 'sms']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/keywords does not take --channels/);
  });
});

describe('keywords jobs are atomic', () => {
  function bigLog(rows: number): string {
    const out = [HEADER];
    for (let i = 0; i < rows; i += 1) out.push(`9${String(100000000 + i).padStart(9, '0')},sms,STOP,2025-03-01T10:00:00Z`);
    return out.join('\n') + '\n';
  }

  it('a job killed with SIGKILL, or cancelled, leaves the blocklist as it was', async () => {
    const ws = makeWorkspace();
    const big = ws.file('big.csv', bigLog(10_000));
    expect(cli(ws.data, ['stats']).code).toBe(0);
    const before = stats(ws.data);
    // Both jobs are held after their first batch: the kill and the cancel land while they run.
    const hold = readingHold(ws.dir);

    const killed = spawnCli(ws.data, ['keywords', big], hold.env);
    expect((await waitForJobStarted(ws.data, 1)).status).toBe('running');
    const killedExit = exitOf(killed);
    killed.kill('SIGKILL');
    expect(await killedExit).toBeNull();
    expect(stats(ws.data)).toEqual(before);

    const cancelled = spawnCli(ws.data, ['keywords', big, '--json'], hold.env);
    let stdout = '';
    cancelled.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    expect((await waitForJobStarted(ws.data, 2)).status).toBe('running');
    const cancelledExit = exitOf(cancelled);
    cancelled.kill('SIGINT');
    expect(await cancelledExit).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(stats(ws.data)).toEqual(before);
    const jobs = cliJson<{ jobs: { status: string; error: { code: string } | null }[] }>(ws.data, ['jobs']).json.jobs;
    expect(jobs.map((j) => [j.status, j.error?.code])).toEqual([
      ['cancelled', 'cancelled'],
      ['failed', 'interrupted'],
    ]);
  }, 120_000);
});

describe('keywords logs longer than one staging page', () => {
  // src/jobs/keywordStaging.ts applies the staged messages 1000 (PAGE_ROWS) at a time, paged
  // by (received_at, seq): two full pages and a part one, every message at the same time.
  const MESSAGES = 1000 * 2 + 500;

  it('applies every STOP when all share one received_at', () => {
    const ws = makeWorkspace();
    const rows = Array.from({ length: MESSAGES }, (_, i) => `9${String(100000000 + i)},sms,STOP,2025-03-01T10:00:00Z`);
    const { code, report } = keywords(ws.data, ws.file('same-time.csv', log(rows)));
    expect(code).toBe(0);
    expect(report).toMatchObject({ status: 'succeeded', messages: MESSAGES, opt_outs: MESSAGES, unchanged: 0, added: MESSAGES });
    expect(stats(ws.data)).toMatchObject({ identified: 0, anonymous: MESSAGES, blocked: { sms: MESSAGES } });
    expect(contact(ws.data, `+919${String(100000000 + MESSAGES - 1)}`)?.channels.sms.status).toBe('blocked');
  });
});

describe('messages that say an opt-out in other words', () => {
  interface Reviewed {
    index: number;
    file: string;
    line: number;
    from: string;
    channel: string;
    text: string;
    received_at: string;
    phrase: string;
    state: string;
    contact_id: number | null;
  }
  const noFiles: FileAccess = {
    readable: () => {
      throw new Error('no files in this test');
    },
    writable: () => {
      throw new Error('no files in this test');
    },
  };
  async function call<T>(desk: Desk, key: string, input: unknown): Promise<DeskResult<T>> {
    const [area, name] = key.split('.') as [string, string];
    return (await callOperation(desk.context, area, name, input)) as DeskResult<T>;
  }

  it('are listed to review, not applied; the officer applies one through the API, audited as theirs, and again changes nothing', async () => {
    const ws = makeWorkspace();
    const file = ws.file(
      'replies.csv',
      log([
        '98765 70001,sms,STOP please,2025-03-01T10:00:00Z',
        '98765 70002,whatsapp,pls unsubscribe me,2025-03-01T10:01:00Z',
        '98765 70003,sms,hello,2025-03-01T10:02:00Z',
      ]),
    );
    const { code, report } = keywords(ws.data, file);
    expect(code).toBe(0);
    expect(report).toMatchObject({ status: 'succeeded', messages: 3, opt_outs: 0, not_keywords: 3, to_review: 2, added: 0, rejected: 0 });
    expectBucketsAddUp(report);
    expect(report.to_review_messages).toEqual([
      { file: 'replies.csv', line: 2, from: '+919876570001', channel: 'sms', text: 'STOP please', received_at: '2025-03-01T10:00:00.000Z', phrase: 'STOP' },
      { file: 'replies.csv', line: 3, from: '+919876570002', channel: 'whatsapp', text: 'pls unsubscribe me', received_at: '2025-03-01T10:01:00.000Z', phrase: 'UNSUBSCRIBE' },
    ]);
    const csv = fs.readFileSync(report.to_review_file as string, 'utf8').trim().split(/\r\n/);
    expect(path.dirname(report.to_review_file as string)).toBe(path.join(ws.data, 'jobs', report.job));
    expect(csv).toEqual(['file,line,from,channel,received_at,says,text', 'replies.csv,2,+919876570001,sms,2025-03-01T10:00:00.000Z,STOP,STOP please', 'replies.csv,3,+919876570002,whatsapp,2025-03-01T10:01:00.000Z,UNSUBSCRIBE,pls unsubscribe me']);
    // Not applied: nobody is blocked, nothing is audited.
    expect(contact(ws.data, '+919876570001')).toBeUndefined();
    expect(contact(ws.data, '+919876570002')).toBeUndefined();
    expect(cliJson<{ entries: AuditEntry[] }>(ws.data, ['audit']).json.entries).toEqual([]);

    const desk = openDesk({ dataFolder: ws.data, files: noFiles, appVersion: '0.0.0-test', actor: 'officer.asha' });
    try {
      const listed = await call<{ messages: Reviewed[]; total: number; file: string }>(desk, 'jobs.toReview', { id: report.job });
      expect(listed).toMatchObject({ ok: true, value: { total: 2, file: report.to_review_file } });
      const messages = (listed as { value: { messages: Reviewed[] } }).value.messages;
      expect(messages.map((m) => [m.index, m.from, m.state])).toEqual([
        [0, '+919876570001', 'open'],
        [1, '+919876570002', 'open'],
      ]);

      const first = await call<{ applied: boolean; message: Reviewed }>(desk, 'jobs.applyOptOut', { id: report.job, message: 1 });
      expect(first).toMatchObject({ ok: true, value: { applied: true, message: { index: 1, state: 'applied', block: { category: 'opt_out', source: 'ui', actor: 'officer.asha', at: '2025-03-01T10:01:00.000Z' } } } });
      const again = await call<{ applied: boolean; message: Reviewed }>(desk, 'jobs.applyOptOut', { id: report.job, message: 1 });
      expect(again).toMatchObject({ ok: true, value: { applied: false, message: { state: 'applied' } } });
      expect(await call(desk, 'jobs.applyOptOut', { id: report.job, message: 2 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const after = await call<{ messages: Reviewed[] }>(desk, 'jobs.toReview', { id: report.job });
      expect((after as { value: { messages: Reviewed[] } }).value.messages.map((m) => m.state)).toEqual(['open', 'applied']);
    } finally {
      await desk.close();
    }

    expect(contact(ws.data, '+919876570002')?.channels.whatsapp).toMatchObject({
      status: 'blocked',
      category: 'opt_out',
      reason: 'pls unsubscribe me',
      source: 'ui',
      at: '2025-03-01T10:01:00.000Z',
    });
    expect(contact(ws.data, '+919876570002')?.channels.sms.status).toBe('none');
    expect(contact(ws.data, '+919876570001')).toBeUndefined();
    // One audit entry, the officer's, from the UI and no job: a revert of the keywords job leaves it.
    const entries = cliJson<{ entries: (AuditEntry & { actor: string })[] }>(ws.data, ['audit']).json.entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'officer.asha', source: 'ui', job: null, channel: 'whatsapp', before: 'none', after: 'blocked', contact: '+919876570002' });
  });

  it('keeps a message to review without a usable number as a rejected row, and one with an unreadable time dated at the job', () => {
    const ws = makeWorkspace();
    const file = ws.file('odd.csv', log([',sms,stop it,2025-03-01T10:00:00Z', '9876570010,sms,Do not text me,yesterday', '9876570011,rcs,Stop🛑 now,2025-03-01T10:00:00Z']));
    const before = Date.now();
    const { code, report } = keywords(ws.data, file);
    expect(code).toBe(3);
    expect(report).toMatchObject({ messages: 3, rejected: 1, rejected_by_reason: { missing_from: 1 }, not_keywords: 2, to_review: 2 });
    expectBucketsAddUp(report);
    expect(report.to_review_messages?.map((m) => m.phrase)).toEqual(['DO NOT TEXT', 'STOP']);
    expect(Date.parse(report.to_review_messages?.[0]?.received_at ?? '')).toBeGreaterThanOrEqual(before);
    const problems = fs.readFileSync(report.problems_file as string, 'utf8');
    expect(problems).toMatch(/odd\.csv,2,from,,"the from column is empty: nothing to block \(it says STOP; not listed to review\)",row rejected/);
    expect(problems).toMatch(/odd\.csv,3,received_at,yesterday,".*listed to review as of the job",dated at import/);
  });
});
