import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliJson, makeWorkspace } from './harness';

// "A block the input asks for is never lost because of something else in the row"
// (DESIGN.md, Domain). Each row of one file carries exactly one defect a real export has;
// the test's own model says which (identifier, channel) pairs must end blocked, with which
// date and category, and which problem action the row's problem lines take.

type Channel = 'email' | 'sms' | 'whatsapp' | 'rcs';
type Action = 'row rejected' | 'cell ignored' | 'channel not applied' | 'dated at import' | 'category replaced' | 'blocked separately' | 'blocked, check it';

interface Case {
  name: string;
  /** customer_id, email, mobile, email_blocked, sms_blocked, category, blocked_at */
  cells: [string, string, string, string, string, string, string];
  /** Identifier → channels that must be blocked on the contact holding it. */
  blocked: Record<string, Channel[]>;
  /** Identifiers that must hold no block on `notBlocked` channels. */
  notBlocked?: Record<string, Channel[]>;
  actions: Action[];
  /** Expected block date (ISO) of the first identifier's first channel, or 'import' for the import's time. */
  at?: string;
  category?: string;
}

const CASES: Case[] = [
  { name: 'clean row', cells: ['C01', 'c01@x.com', '9876500001', '', '', '', ''], blocked: { C01: ['email', 'sms'], 'c01@x.com': ['email'], '+919876500001': ['sms'] }, actions: [] },
  { name: 'day-first date proves the order', cells: ['C02', '', '', '', '', '', '25/01/2022'], blocked: { C02: ['email', 'sms'] }, actions: [], at: '2022-01-25T00:00:00.000Z' },
  { name: 'ambiguous date read day-first', cells: ['C03', '', '', '', '', '', '05/04/2024'], blocked: { C03: ['email', 'sms'] }, actions: [], at: '2024-04-05T00:00:00.000Z' },
  { name: 'Excel serial date', cells: ['C04', '', '', '', '', '', '45123'], blocked: { C04: ['email', 'sms'] }, actions: [], at: '2023-07-16T00:00:00.000Z' },
  { name: 'date in the future', cells: ['C05', '', '', '', '', '', '2099-01-01'], blocked: { C05: ['email', 'sms'] }, actions: ['dated at import'], at: 'import' },
  { name: 'unreadable date', cells: ['C06', '', '', '', '', '', 'soon'], blocked: { C06: ['email', 'sms'] }, actions: ['dated at import'], at: 'import' },
  { name: 'RFC 2822 date', cells: ['C07', '', '', '', '', '', 'Tue, 12 Mar 2024 16:15:32 +0000'], blocked: { C07: ['email', 'sms'] }, actions: [], at: '2024-03-12T16:15:32.000Z' },
  { name: 'Unix seconds', cells: ['C08', '', '', '', '', '', '1710432000'], blocked: { C08: ['email', 'sms'] }, actions: [], at: '2024-03-14T16:00:00.000Z' },
  { name: 'Excel day-month-year with time', cells: ['C09', '', '', '', '', '', '14-03-2024 10:22'], blocked: { C09: ['email', 'sms'] }, actions: [], at: '2024-03-14T10:22:00.000Z' },
  { name: 'dotted date', cells: ['C10', '', '', '', '', '', '15.03.2024'], blocked: { C10: ['email', 'sms'] }, actions: [], at: '2024-03-15T00:00:00.000Z' },
  { name: 'email with a phone of n/a', cells: ['', 'e11@x.com', 'n/a', '', '', '', ''], blocked: { 'e11@x.com': ['email'] }, actions: ['cell ignored', 'channel not applied'] },
  { name: 'email with a short phone', cells: ['', 'e12@x.com', '12345', '', '', '', ''], blocked: { 'e12@x.com': ['email'] }, actions: ['cell ignored', 'channel not applied'] },
  { name: 'email with a phone that lost digits', cells: ['', 'e13@x.com', '9.19845E+11', '', '', '', ''], blocked: { 'e13@x.com': ['email'] }, actions: ['cell ignored', 'channel not applied'] },
  { name: 'mobile alone, email asked', cells: ['', '', '9876500014', '', '', '', ''], blocked: { '+919876500014': ['sms'] }, actions: ['channel not applied'] },
  { name: 'bad email beside a good mobile', cells: ['', 'bad@@x', '9876500015', '', '', '', ''], blocked: { '+919876500015': ['sms'] }, actions: ['cell ignored', 'channel not applied'] },
  { name: 'bad customer_id beside a good email', cells: ['C\u000716', 'e16@x.com', '', '', '', '', ''], blocked: { 'e16@x.com': ['email'] }, actions: ['cell ignored', 'channel not applied'] },
  { name: 'vendor category word', cells: ['C17', '', '', '', '', 'Unsubscribed', ''], blocked: { C17: ['email', 'sms'] }, actions: [], category: 'unsubscribe' },
  { name: 'unknown category', cells: ['C18', '', '', '', '', 'VIP list', ''], blocked: { C18: ['email', 'sms'] }, actions: ['category replaced'], category: 'manual' },
  { name: 'flag word blocklisted', cells: ['C19', '', '', 'blocklisted', 'no', '', ''], blocked: { C19: ['email'] }, notBlocked: { C19: ['sms'] }, actions: [] },
  { name: 'unknown flag word', cells: ['C20', '', '', 'yes', 'maybe', '', ''], blocked: { C20: ['email'] }, notBlocked: { C20: ['sms'] }, actions: ['channel not applied'] },
  { name: 'household phone, first person', cells: ['C21', '', '9876500021', '', '', '', ''], blocked: { C21: ['email', 'sms'], '+919876500021': ['sms'] }, actions: [] },
  { name: 'household phone, second person', cells: ['C22', '', '9876500021', '', '', '', ''], blocked: { C22: ['email', 'sms'] }, actions: ['blocked separately'] },
  { name: 'one customer, mobile written two ways (1)', cells: ['C23', '', '98765 00023', '', '', '', ''], blocked: { C23: ['email', 'sms'], '+919876500023': ['sms'] }, actions: [] },
  { name: 'one customer, mobile written two ways (2)', cells: ['C23', '', '+1 213-381-1891', '', '', '', ''], blocked: { '+12133811891': ['sms'] }, actions: ['blocked separately'] },
  { name: 'nothing valid', cells: ['', 'not-an-email', 'abc', '', '', '', ''], blocked: {}, actions: ['row rejected', 'row rejected'] },
  { name: 'only an email, only SMS asked', cells: ['', 'e26@x.com', '', 'no', 'yes', '', ''], blocked: {}, notBlocked: { 'e26@x.com': ['email'] }, actions: ['row rejected'] },
];

const HEADER = 'customer_id,email,mobile,email_blocked,sms_blocked,category,blocked_at';

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface ContactRow {
  customer_id: string | null;
  email_key: string | null;
  mobile: string | null;
  [column: string]: string | number | null;
}

describe('every block in a file lands', () => {
  it('lands each row on its valid identifiers, whatever else is wrong in it, with one problem line per fault', () => {
    const ws = makeWorkspace();
    const file = ws.file('defects.csv', [HEADER, ...CASES.map((c) => c.cells.map(csvCell).join(','))].join('\n') + '\n');
    const before = Date.now();
    const { code, json } = cliJson<{ status: string; rejected: number; problems: number; problems_file: string; date_order: string }>(ws.data, [
      'import', file, '--using', 'auto', '--channels', 'email,sms', '--timezone', 'UTC', '--country', 'IN',
    ]);
    const after = Date.now();
    expect(code).toBe(3);
    expect(json).toMatchObject({ status: 'succeeded_with_problems', rejected: 2, date_order: 'dmy' });

    const db = new Database(path.join(ws.data, 'blocklist.db'), { readonly: true });
    const contacts = db.prepare('SELECT * FROM contacts').all() as ContactRow[];
    db.close();
    const holding = (identifier: string): ContactRow | undefined =>
      contacts.find((c) => c.customer_id === identifier || c.email_key === identifier || c.mobile === identifier);

    const problemLines = fs.readFileSync(json.problems_file, 'utf8').trim().split(/\r?\n/).slice(1);
    CASES.forEach((c, i) => {
      const line = i + 2;
      for (const [identifier, channels] of Object.entries(c.blocked)) {
        const contact = holding(identifier);
        expect(contact, `${c.name}: ${identifier} is in the blocklist`).toBeDefined();
        for (const channel of channels) expect(contact?.[`${channel}_status`], `${c.name}: ${identifier} blocked on ${channel}`).toBe(1);
      }
      for (const [identifier, channels] of Object.entries(c.notBlocked ?? {})) {
        for (const channel of channels) expect(holding(identifier)?.[`${channel}_status`] ?? 0, `${c.name}: ${identifier} not blocked on ${channel}`).toBe(0);
      }
      const first = Object.entries(c.blocked)[0];
      if (c.at !== undefined && first) {
        const at = holding(first[0])?.[`${first[1][0]}_at`] as number;
        if (c.at === 'import') {
          expect(at, `${c.name}: dated at the import`).toBeGreaterThanOrEqual(before);
          expect(at).toBeLessThanOrEqual(after);
        } else expect(new Date(at).toISOString(), `${c.name}: block date`).toBe(c.at);
      }
      if (c.category !== undefined && first) expect(holding(first[0])?.[`${first[1][0]}_category`], `${c.name}: category`).toBe(c.category);
      const actions = problemLines.filter((l) => l.startsWith(`defects.csv,${line},`)).map((l) => l.slice(l.lastIndexOf(',') + 1));
      expect(actions.sort(), `${c.name}: problem actions on line ${line}`).toEqual([...c.actions].sort());
    });
    expect(json.problems).toBe(CASES.reduce((n, c) => n + c.actions.length, 0));
    // The unknown category is kept in the reason, for the officer to see.
    expect(holding('C18')?.email_reason).toBe('(category in file: VIP list)');
  });

  it('reads a file whose dates show month-first order month-first, ambiguous ones included', () => {
    const ws = makeWorkspace();
    const file = ws.file('us.csv', 'email,blocked_at\na@x.com,01/25/2022\nb@x.com,05/04/2024\nc@x.com,2023-01-02\n');
    const { json } = cliJson<{ status: string; date_order: string }>(ws.data, ['import', file, '--using', 'email', '--channels', 'email', '--timezone', 'UTC']);
    expect(json).toMatchObject({ status: 'succeeded', date_order: 'mdy' });
    const db = new Database(path.join(ws.data, 'blocklist.db'), { readonly: true });
    const at = (email: string) => new Date((db.prepare('SELECT email_at AS at FROM contacts WHERE email_key = ?').get(email) as { at: number }).at).toISOString();
    expect(at('b@x.com')).toBe('2024-05-04T00:00:00.000Z');
    expect(at('a@x.com')).toBe('2022-01-25T00:00:00.000Z');
    db.close();
  });

  it('where a file shows both orders, the setting decides and the contradicting dates are dated at import', () => {
    const ws = makeWorkspace();
    const file = ws.file('mixed.csv', 'email,blocked_at\na@x.com,25/01/2022\nb@x.com,01/25/2022\nc@x.com,05/04/2024\n');
    const { code, json } = cliJson<{ status: string; date_order: string; problems_file: string; problems_by_kind: Record<string, number> }>(ws.data, [
      'import', file, '--using', 'email', '--channels', 'email', '--timezone', 'Asia/Kolkata', '--date-order', 'mdy',
    ]);
    expect(code).toBe(3);
    expect(json).toMatchObject({ date_order: 'mdy', problems_by_kind: { date_order_contradiction: 1 } });
    expect(fs.readFileSync(json.problems_file, 'utf8')).toMatch(/mixed\.csv,2,blocked_at,25\/01\/2022,.*,dated at import/);
    const db = new Database(path.join(ws.data, 'blocklist.db'), { readonly: true });
    const at = (email: string) => new Date((db.prepare('SELECT email_at AS at FROM contacts WHERE email_key = ?').get(email) as { at: number }).at).toISOString();
    // Month first, midnight in Kolkata.
    expect(at('c@x.com')).toBe('2024-05-03T18:30:00.000Z');
    expect(at('b@x.com')).toBe('2022-01-24T18:30:00.000Z');
    db.close();
  });
});

describe('an honest outcome', () => {
  it('exits 0 when every row landed, 3 with problems, 1 when nothing could land (blocklist unchanged, problems kept), and 1 for an error', () => {
    const ws = makeWorkspace();
    const clean = cliJson<{ status: string }>(ws.data, ['import', ws.file('a.csv', 'email\na@x.com\n'), '--using', 'email', '--channels', 'email']);
    expect([clean.code, clean.json.status]).toEqual([0, 'succeeded']);
    const some = cliJson<{ status: string }>(ws.data, ['import', ws.file('b.csv', 'email\nb@x.com\nbad@\n'), '--using', 'email', '--channels', 'email']);
    expect([some.code, some.json.status]).toEqual([3, 'succeeded_with_problems']);
    const none = cliJson<{ status: string; rejected: number; problems_file: string | null; error: { code: string } }>(ws.data, [
      'import', ws.file('c.csv', 'email\nbad@\nworse@@\n'), '--using', 'email', '--channels', 'email',
    ]);
    expect(none.code).toBe(1);
    expect(none.json).toMatchObject({ status: 'failed', rejected: 2, error: { code: 'nothing_landed' } });
    expect(fs.readFileSync(none.json.problems_file as string, 'utf8')).toContain('worse@@');
    const missing = cliJson<{ status: string }>(ws.data, ['import', path.join(ws.dir, 'nope.csv'), '--using', 'email', '--channels', 'email']);
    expect([missing.code, missing.json.status]).toEqual([1, 'failed']);
    const counts = cliJson<{ identified: number }>(ws.data, ['stats']).json;
    expect(counts.identified).toBe(2);
  });
});
