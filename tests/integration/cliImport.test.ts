import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliJson, contactsCsv, makeWorkspace, stats } from './harness';

interface Report {
  job: string;
  status: string;
  rows_read: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejected_by_reason: Record<string, number>;
  warnings: string[];
  encoding: string;
  rejected_file: string | null;
  problems: number;
  problems_by_kind: Record<string, number>;
  problems_file: string | null;
  error: { code: string; message: string } | null;
}

interface SearchResult {
  contacts: {
    id: number;
    customer_id: string | null;
    email: string | null;
    mobile: string | null;
    kind: string;
    channels: Record<string, { status: string; category: string | null; reason: string | null; source: string | null; at: string | null; actor: string | null }>;
  }[];
}

describe('import from the command line', () => {
  it('blocks every email of a file, reports counts and finds each contact', () => {
    const ws = makeWorkspace();
    const file = ws.file('list.csv', 'Email ID,Name\nA@Example.com,Ann\nb@example.com,Bob\nnot-an-email,Zed\n\nb@EXAMPLE.com,Bob again\n');
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--using', 'email', '--channels', 'email', '--reason', 'vendor list']);
    expect(code).toBe(3);
    expect(json).toMatchObject({ status: 'succeeded_with_problems', rows_read: 4, added: 2, updated: 0, unchanged: 1, rejected: 1, rejected_by_reason: { invalid_email: 1 }, encoding: 'utf-8' });
    expect(json).toMatchObject({ problems: 1, problems_by_kind: { invalid_email: 1 } });
    expect(stats(ws.data)).toEqual({ identified: 2, anonymous: 0, blocked: { email: 2, sms: 0, whatsapp: 0, rcs: 0 }, whitelisted: { email: 0 } });

    const found = cliJson<SearchResult>(ws.data, ['search', 'a@EXAMPLE.COM']).json.contacts;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ email: 'A@Example.com', kind: 'identified', mobile: null });
    expect(found[0]?.channels.email).toMatchObject({ status: 'blocked', category: 'manual', reason: 'vendor list', source: `import:${json.job}` });
    expect(found[0]?.channels.sms?.status).toBe('none');

    expect(json.rejected_file).toBe(json.problems_file);
    const problems = fs.readFileSync(json.problems_file as string, 'utf8').split(/\r?\n/);
    expect(problems[0]).toBe('file,line,column,value,problem,action');
    expect(problems[1]).toMatch(/^list\.csv,4,Email ID,not-an-email,.*,row rejected$/);
  });

  it('leaves no problems file when every row landed as asked', () => {
    const ws = makeWorkspace();
    const file = ws.file('clean.csv', 'email\na@x.com\nb@x.com\n');
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--using', 'email', '--channels', 'email']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ status: 'succeeded', problems: 0, problems_by_kind: {}, problems_file: null, rejected_file: null });
    expect(fs.existsSync(path.join(ws.data, 'jobs', json.job))).toBe(false);
  });

  it('imports mobiles in any format as one number and keeps them anonymous', () => {
    const ws = makeWorkspace();
    const file = ws.file('m.txt', '98765 43210\n09876543210\n+91-98765-43210\n919876543210\n9.19877E+11\n');
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--using', 'mobile', '--channels', 'sms,whatsapp']);
    expect(code).toBe(3);
    expect(json).toMatchObject({ rows_read: 5, added: 1, unchanged: 3, rejected: 1, rejected_by_reason: { scientific_notation: 1 } });
    const s = stats(ws.data);
    expect(s).toMatchObject({ identified: 0, anonymous: 1, blocked: { sms: 1, whatsapp: 1, rcs: 0, email: 0 } });
    const found = cliJson<SearchResult>(ws.data, ['search', '+91 98765-43210']).json.contacts;
    expect(found[0]?.mobile).toBe('+919876543210');
  });

  it('with --using auto takes identifiers and per-row channels from the columns', () => {
    const ws = makeWorkspace();
    const file = ws.file(
      'auto.csv',
      'customer_id;email;mobile;sms_blocked;whatsapp_blocked;category\nC1;c1@x.com;9876500001;yes;no;opt_out\nC2;;9876500002;;;\n;only@x.com;;;;\n',
    );
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--using', 'auto', '--channels', 'email']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ rows_read: 3, added: 3, rejected: 0 });
    const c1 = cliJson<SearchResult>(ws.data, ['search', 'C1']).json.contacts[0];
    expect(c1?.channels.sms).toMatchObject({ status: 'blocked', category: 'opt_out' });
    expect(c1?.channels.whatsapp?.status).toBe('none');
    expect(c1?.channels.email?.status).toBe('none');
    const c2 = cliJson<SearchResult>(ws.data, ['search', 'C2']).json.contacts[0];
    expect(c2?.channels.email?.status).toBe('blocked');
    expect(stats(ws.data)).toMatchObject({ identified: 3, anonymous: 0, blocked: { email: 2, sms: 1, whatsapp: 0 } });
  });

  it('never adds a block that already exists, and never unblocks on "no"', () => {
    const ws = makeWorkspace();
    const first = ws.file('a.csv', 'email\nx@y.com\n');
    expect(cli(ws.data, ['import', first, '--using', 'email', '--channels', 'email', '--category', 'unsubscribe']).code).toBe(0);
    const second = ws.file('b.csv', 'email,email_blocked\nx@y.com,no\nx@y.com,yes\n');
    const { json } = cliJson<Report>(ws.data, ['import', second, '--using', 'email', '--channels', 'email']);
    expect(json).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    const contact = cliJson<SearchResult>(ws.data, ['search', 'x@y.com']).json.contacts[0];
    expect(contact?.channels.email?.category).toBe('unsubscribe');
  });

  it('never joins two existing contacts: each identifier of the row is blocked on the contact that holds it', () => {
    const ws = makeWorkspace();
    ws.file('seed.csv', 'customer_id,email\nC1,one@x.com\nC2,two@x.com\n');
    expect(cli(ws.data, ['import', path.join(ws.dir, 'seed.csv'), '--using', 'auto', '--channels', 'email']).code).toBe(0);
    const file = ws.file('join.csv', 'customer_id,email,sms_blocked\nC1,two@x.com,yes\n');
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--using', 'auto', '--channels', 'email']);
    expect(code).toBe(3);
    expect(json).toMatchObject({ rejected: 0, problems: 1, problems_by_kind: { conflict: 1 } });
    expect(fs.readFileSync(json.problems_file as string, 'utf8')).toMatch(/join\.csv,2,,"customer_id C1, email two@x.com","would join two existing contacts.*",blocked separately/);
    expect(stats(ws.data)).toMatchObject({ identified: 2, blocked: { sms: 1 } });
    // The customer_id carries SMS to its own contact; the email is left on the contact that holds it.
    expect(cliJson<SearchResult>(ws.data, ['search', 'C1']).json.contacts[0]).toMatchObject({ email: 'one@x.com', channels: { sms: { status: 'blocked' } } });
    expect(cliJson<SearchResult>(ws.data, ['search', 'two@x.com']).json.contacts[0]).toMatchObject({ customer_id: 'C2', channels: { sms: { status: 'none' } } });
  });

  it('blocks every identifier of rows that share an email or a mobile with an earlier row, joining none of them to it', () => {
    const ws = makeWorkspace();
    const file = ws.file(
      'shared.csv',
      'customer_id,email,mobile\nC1,a@x.com,9876543210\nC2,A@X.com,\nC3,b@x.com,+91 98765 43210\nC4,c@x.com,\nC5,d@x.com,\nC5,e@x.com,\n',
    );
    const { json } = cliJson<Report>(ws.data, ['import', file, '--using', 'auto', '--channels', 'email,sms']);
    expect(json).toMatchObject({ rows_read: 6, rejected: 0, problems: 3, problems_by_kind: { conflict: 3 } });
    const problems = fs.readFileSync(json.problems_file as string, 'utf8');
    expect(problems.match(/shares an identifier with an earlier row/g)).toHaveLength(2);
    expect(problems).toMatch(/shared\.csv,7,email,e@x\.com,"an earlier row of the file gives C5 the email d@x\.com/);
    // The earlier row keeps its identifiers; the shared ones stay there.
    expect(cliJson<SearchResult>(ws.data, ['search', 'a@x.com']).json.contacts[0]?.customer_id).toBe('C1');
    expect(cliJson<SearchResult>(ws.data, ['search', '9876543210']).json.contacts[0]?.customer_id).toBe('C1');
    // Every other identifier is blocked on its own, on the channels it carries.
    expect(cliJson<SearchResult>(ws.data, ['search', 'C2']).json.contacts[0]).toMatchObject({ email: null, channels: { email: { status: 'blocked' }, sms: { status: 'blocked' } } });
    expect(cliJson<SearchResult>(ws.data, ['search', 'C3']).json.contacts[0]).toMatchObject({ email: null, mobile: null });
    expect(cliJson<SearchResult>(ws.data, ['search', 'b@x.com']).json.contacts[0]).toMatchObject({ customer_id: null, channels: { email: { status: 'blocked' } } });
    expect(cliJson<SearchResult>(ws.data, ['search', 'C5']).json.contacts[0]?.email).toBe('d@x.com');
    expect(cliJson<SearchResult>(ws.data, ['search', 'e@x.com']).json.contacts[0]).toMatchObject({ customer_id: null, channels: { email: { status: 'blocked' } } });
    expect(stats(ws.data)).toMatchObject({ identified: 7, anonymous: 0, blocked: { email: 7, sms: 5 } });
  });

  it('names the file and line of every problem when several files are imported in one job', () => {
    const ws = makeWorkspace();
    const one = ws.file('one.csv', 'email\na@x.com\nbad@@x\n');
    const two = ws.file('two.csv', 'customer_id,email\nC1,z@x.com\nC2,b@x.com\nC3,z@x.com\n');
    const { json } = cliJson<Report>(ws.data, ['import', one, two, '--using', 'auto', '--channels', 'email']);
    expect(json).toMatchObject({ rows_read: 5, added: 4, rejected: 1, problems: 2 });
    const lines = fs.readFileSync(json.problems_file as string, 'utf8').trim().split(/\r?\n/).slice(1);
    expect(lines).toEqual([expect.stringMatching(/^one\.csv,3,email,bad@@x,.*,row rejected$/), expect.stringMatching(/^two\.csv,4,,"customer_id C3, email z@x\.com",.*,blocked separately$/)]);
  });

  it('imports a large CRLF file across many read chunks', () => {
    const ws = makeWorkspace();
    const file = ws.file('big.csv', contactsCsv(60_000, { crlf: true }));
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--using', 'auto', '--channels', 'email,sms']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ rows_read: 60_000, added: 60_000, rejected: 0 });
    expect(stats(ws.data)).toMatchObject({ identified: 60_000, blocked: { email: 60_000, sms: 60_000 } });
    const last = cliJson<SearchResult>(ws.data, ['search', 'user.59999@example.com']).json.contacts[0];
    expect(last?.customer_id).toBe('C59999');
  });

  it('paste takes identifiers from stdin, split by lines, commas, semicolons and spaces', () => {
    const ws = makeWorkspace();
    const { code, json } = cliJson<Report>(ws.data, ['paste', '--using', 'email', '--channels', 'email'], 'a@x.com, b@x.com;c@x.com\nd@x.com e@x.com\n\nbad@\n');
    expect(code).toBe(3);
    expect(json).toMatchObject({ kind: 'paste', rows_read: 6, added: 5, rejected: 1 });
    const a = cliJson<SearchResult>(ws.data, ['search', 'a@x.com']).json.contacts[0];
    expect(a?.channels.email?.source).toBe('paste');
  });

  it('legacy import blocks email with category legacy and touches nothing else', () => {
    const ws = makeWorkspace();
    const file = ws.file('old.txt', 'old1@x.com\nold2@x.com\n');
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--legacy']);
    expect(code).toBe(0);
    expect(json.added).toBe(2);
    const c = cliJson<SearchResult>(ws.data, ['search', 'old1@x.com']).json.contacts[0];
    expect(c?.channels.email).toMatchObject({ status: 'blocked', category: 'legacy' });
    expect(stats(ws.data).blocked).toEqual({ email: 2, sms: 0, whatsapp: 0, rcs: 0 });
  });

  it('imports several files and a ZIP in one job', () => {
    const ws = makeWorkspace();
    const a = ws.file('a.csv', 'email\na@x.com\n');
    const b = ws.file('b.txt', 'b@x.com\n');
    const { json } = cliJson<Report>(ws.data, ['import', a, b, '--using', 'email', '--channels', 'email']);
    expect(json).toMatchObject({ status: 'succeeded', added: 2 });
    expect(cliJson<{ jobs: unknown[] }>(ws.data, ['jobs']).json.jobs).toHaveLength(1);
  });
});
