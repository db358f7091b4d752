import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliAsync, cliJson, contactsCsv, exitOf, makeWorkspace, readingHold, spawnCli, stats, waitForJobStarted } from './harness';

interface Report {
  job: string;
  status: string;
  rows_read: number;
  added: number;
  rejected: number;
  error: { code: string; message: string } | null;
}
interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  contact: string;
  channel: string | null;
  before: string;
  after: string;
  source: string;
  job: string | null;
}

describe('unblock, audit, export and revert', () => {
  it('refuses to lift a protected category without --confirm and audits each change', () => {
    const ws = makeWorkspace();
    const file = ws.file('u.csv', 'mobile\n9876543210\n');
    expect(cli(ws.data, ['import', file, '--using', 'mobile', '--channels', 'sms,rcs', '--category', 'opt_out']).code).toBe(0);

    const refused = cli(ws.data, ['unblock', '98765 43210', '--channels', 'sms']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/opt_out/);
    expect(stats(ws.data).blocked.sms).toBe(1);

    const done = cli(ws.data, ['unblock', '+919876543210', '--channels', 'sms', '--confirm', '--reason', 'Texted START on 2 May']);
    expect(done.code).toBe(0);
    expect(stats(ws.data).blocked).toMatchObject({ sms: 0, rcs: 1 });

    const entries = cliJson<{ entries: AuditEntry[] }>(ws.data, ['audit']).json.entries;
    expect(entries).toHaveLength(3);
    const lifted = entries.find((e) => e.before === 'blocked' && e.after === 'none');
    expect(lifted).toMatchObject({ channel: 'sms', contact: '+919876543210', source: 'cli', lifted_category: 'opt_out', reason: 'Texted START on 2 May' });
    expect(lifted?.actor).toBeTruthy();
    const future = cliJson<{ entries: AuditEntry[] }>(ws.data, ['audit', '--since', new Date(Date.now() + 3_600_000).toISOString()]).json.entries;
    expect(future).toHaveLength(0);
  });

  it('exports formula-safe CSV that re-imports to the same blocklist', () => {
    const ws = makeWorkspace();
    const file = ws.file('x.csv', 'customer_id,email,mobile\n=HYPERLINK("x"),a@x.com,9876500001\n+C2,,9876500002\n-C3,c@x.com,\n');
    expect(cli(ws.data, ['import', file, '--using', 'auto', '--channels', 'email,sms', '--category', 'hard_bounce']).code).toBe(0);
    const before = stats(ws.data);
    const out = path.join(ws.dir, 'export.csv');
    const exported = cliJson<Report>(ws.data, ['export', '--out', out]);
    expect(exported.code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain(`"'+C2"`);

    const again = path.join(ws.dir, 'again');
    const reimport = cliJson<Report>(again, ['import', out, '--using', 'auto', '--channels', 'email']);
    expect(reimport.json).toMatchObject({ status: 'succeeded', rejected: 0 });
    expect(stats(again)).toEqual(before);
    const c = cliJson<{ contacts: { customer_id: string }[] }>(again, ['search', '=HYPERLINK("x")']).json.contacts;
    expect(c[0]?.customer_id).toBe('=HYPERLINK("x")');

    const sms = path.join(ws.dir, 'sms.csv');
    expect(cli(ws.data, ['export', '--out', sms, '--channel', 'sms']).code).toBe(0);
    expect(fs.readFileSync(sms, 'utf8').trim().split(/\r?\n/)).toHaveLength(4); // header + C1, +C2 and -C3 (a customer ID may carry SMS)
  });

  it('reverts an import: statuses go back and contacts it created disappear', () => {
    const ws = makeWorkspace();
    const seed = ws.file('seed.csv', 'email\nkeep@x.com\n');
    expect(cli(ws.data, ['import', seed, '--using', 'email', '--channels', 'email', '--category', 'unsubscribe']).code).toBe(0);
    const base = stats(ws.data);
    const file = ws.file('more.csv', 'customer_id,email,mobile\nC9,keep@x.com,\nC10,new@x.com,9876511111\n');
    const imported = cliJson<Report>(ws.data, ['import', file, '--using', 'customer_id', '--channels', 'sms,whatsapp']);
    expect(imported.json.status).toBe('succeeded');
    expect(stats(ws.data)).not.toEqual(base);

    const reverted = cliJson<Report>(ws.data, ['revert', imported.json.job]);
    expect(reverted.code).toBe(0);
    expect(stats(ws.data)).toEqual(base);
    const keep = cliJson<{ contacts: { channels: { email: { category: string } } }[] }>(ws.data, ['search', 'keep@x.com']).json.contacts[0];
    expect(keep?.channels.email.category).toBe('unsubscribe');
    expect(cliJson<{ contacts: unknown[] }>(ws.data, ['search', 'C10']).json.contacts).toHaveLength(0);

    const twice = cli(ws.data, ['revert', imported.json.job]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already reverted/);
  });

  it('keeps a change made after the job when reverting it', () => {
    const ws = makeWorkspace();
    const file = ws.file('r.csv', 'email\na@x.com\nb@x.com\n');
    const job = cliJson<Report>(ws.data, ['import', file, '--using', 'email', '--channels', 'email']).json.job;
    expect(cli(ws.data, ['unblock', 'b@x.com', '--channels', 'email']).code).toBe(0);
    const reb = ws.file('r2.csv', 'email\nb@x.com\n');
    expect(cli(ws.data, ['import', reb, '--using', 'email', '--channels', 'email', '--category', 'spam_complaint']).code).toBe(0);
    expect(cli(ws.data, ['revert', job]).code).toBe(0);
    const b = cliJson<{ contacts: { channels: { email: { status: string; category: string } } }[] }>(ws.data, ['search', 'b@x.com']).json.contacts[0];
    expect(b?.channels.email).toMatchObject({ status: 'blocked', category: 'spam_complaint' });
    expect(cliJson<{ contacts: unknown[] }>(ws.data, ['search', 'a@x.com']).json.contacts).toHaveLength(0);
    expect(stats(ws.data).blocked.email).toBe(1);
  });
});

describe('revert keeps what later jobs asked for', () => {
  it('never lifts a block (nor deletes a contact) that a later import, paste or keyword message also asked for, and says which job holds it', () => {
    const ws = makeWorkspace();
    // Job A blocks five emails and two mobiles, creating their contacts; enough rows that the asks span runs of ids.
    const a = ws.file('a.csv', ['customer_id,email,mobile', 'C1,shared@x.com,', 'C2,pasted@x.com,', 'C3,alone@x.com,', 'C4,,9876500004', 'C5,,9876500005', 'C6,also@x.com,'].join('\n') + '\n');
    const jobA = cliJson<Report>(ws.data, ['import', a, '--using', 'auto', '--channels', 'email,sms', '--category', 'unsubscribe']).json.job;
    // B asks for C1's and C6's email blocks again (found in place: unchanged, no audit entry).
    const b = ws.file('b.csv', 'email\nshared@x.com\nalso@x.com\n');
    const jobB = cliJson<Report>(ws.data, ['import', b, '--using', 'email', '--channels', 'email']).json;
    expect(jobB).toMatchObject({ status: 'succeeded', added: 0, updated: 0, unchanged: 2 });
    // A paste asks for C2's email block; a STOP asks for C4's SMS block.
    const jobP = cliJson<Report>(ws.data, ['paste', '--using', 'email', '--channels', 'email'], 'pasted@x.com\n').json.job;
    const log = ws.file('in.csv', 'from,channel,text,received_at\n9876500004,sms,STOP,2025-03-01T10:00:00Z\n');
    const jobK = cliJson<Report>(ws.data, ['keywords', log]).json.job;

    const reverted = cliJson<Report & { kept: number; kept_by_job: Record<string, number> }>(ws.data, ['revert', jobA]);
    expect(reverted.code).toBe(0);
    expect(reverted.json).toMatchObject({ kept: 4, kept_by_job: { [jobB.job]: 2, [jobP]: 1, [jobK]: 1 } });
    const contact = (q: string) => cliJson<{ contacts: { customer_id: string | null; channels: Record<string, { status: string; category: string }> }[] }>(ws.data, ['search', q]).json.contacts[0];
    // Kept: the asked channel, with A's category, on A's contact; A's other channel is lifted.
    expect(contact('shared@x.com')?.channels.email).toMatchObject({ status: 'blocked', category: 'unsubscribe' });
    expect(contact('shared@x.com')?.channels.sms?.status).toBe('none');
    expect(contact('also@x.com')?.channels.email?.status).toBe('blocked');
    expect(contact('pasted@x.com')?.channels.email?.status).toBe('blocked');
    expect(contact('+919876500004')?.channels.sms?.status).toBe('blocked');
    // Nobody else asked for these: gone with A.
    expect(contact('alone@x.com')).toBeUndefined();
    expect(contact('+919876500005')).toBeUndefined();
    expect(stats(ws.data)).toMatchObject({ identified: 4, anonymous: 0, blocked: { email: 3, sms: 1 } });
  });

  it('lifts a block whose only later ask came from a job that was itself reverted', () => {
    const ws = makeWorkspace();
    const jobA = cliJson<Report>(ws.data, ['import', ws.file('a.csv', 'email\nx@x.com\n'), '--using', 'email', '--channels', 'email']).json.job;
    const jobB = cliJson<Report>(ws.data, ['import', ws.file('b.csv', 'email\nx@x.com\n'), '--using', 'email', '--channels', 'email']).json.job;
    expect(cli(ws.data, ['revert', jobB]).code).toBe(0);
    expect(cliJson<Report & { kept: number }>(ws.data, ['revert', jobA]).json.kept).toBe(0);
    expect(stats(ws.data).identified).toBe(0);
  });
});

describe('atomic imports', () => {
  interface Doctor {
    integrity: string;
    counters: string;
    contacts: number;
  }
  const jobsOf = (data: string) => cliJson<{ jobs: { id: string; status: string; error: { code: string } | null }[] }>(data, ['jobs']).json.jobs;

  it('an import killed with SIGKILL while it reads leaves the blocklist as it was', async () => {
    const ws = makeWorkspace();
    const seed = ws.file('seed.csv', 'email\nfirst@x.com\n');
    expect(cli(ws.data, ['import', seed, '--using', 'email', '--channels', 'email']).code).toBe(0);
    const before = stats(ws.data);
    const big = ws.file('big.csv', contactsCsv(20_000));
    // Held after its first batch: the kill lands while the job runs, with rows staged.
    const hold = readingHold(ws.dir);
    const child = spawnCli(ws.data, ['import', big, '--using', 'auto', '--channels', 'email,sms'], hold.env);
    expect((await waitForJobStarted(ws.data, 2)).status).toBe('running');
    const exited = exitOf(child);
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    expect(stats(ws.data)).toEqual(before);
    expect(cliJson<Doctor>(ws.data, ['doctor']).json).toMatchObject({ integrity: 'ok', counters: 'ok', contacts: 1 });
    expect(jobsOf(ws.data)[0]).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
  });

  it('an import killed inside its apply transaction, its new contacts and their audit rows written, leaves nothing behind', async () => {
    const ws = makeWorkspace();
    expect(cli(ws.data, ['stats']).code).toBe(0);
    const before = stats(ws.data);
    const big = ws.file('big.csv', contactsCsv(200_000));
    // src/store/mergeStaging.ts kills the process there ($BLOCKLIST_DESK_TEST_CRASH).
    const killed = await cliAsync(ws.data, ['import', big, '--using', 'auto', '--channels', 'email,sms', '--json'], { BLOCKLIST_DESK_TEST_CRASH: 'import-apply' });
    expect(killed.stdout, 'the process was killed before it could report').toBe('');
    expect(killed.code).not.toBe(0);
    expect(stats(ws.data)).toEqual(before);
    expect(cliJson<Doctor>(ws.data, ['doctor']).json).toMatchObject({ integrity: 'ok', counters: 'ok', contacts: 0 });
    expect(cliJson<{ entries: AuditEntry[] }>(ws.data, ['audit']).json.entries).toEqual([]);
    const jobs = jobsOf(ws.data);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });

    // Run again without the crash: all of it lands, once.
    const again = cliJson<Report>(ws.data, ['import', big, '--using', 'auto', '--channels', 'email,sms']);
    expect(again.json).toMatchObject({ status: 'succeeded', added: 200_000 });
    expect(stats(ws.data)).toMatchObject({ identified: 200_000, blocked: { email: 200_000, sms: 200_000 } });
  }, 180_000);

  it('Ctrl+C cancels an import: nothing applied, the job says cancelled', async () => {
    const ws = makeWorkspace();
    const big = ws.file('big.csv', contactsCsv(20_000));
    const hold = readingHold(ws.dir);
    const child = spawnCli(ws.data, ['import', big, '--using', 'auto', '--channels', 'email', '--json'], hold.env);
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    expect((await waitForJobStarted(ws.data)).status).toBe('running');
    const exited = exitOf(child);
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(stats(ws.data).identified).toBe(0);
    expect(jobsOf(ws.data)[0]).toMatchObject({ status: 'cancelled' });
  });

  it('an edit made while an import runs is kept, and the import lands too', async () => {
    const ws = makeWorkspace();
    const big = ws.file('big.csv', contactsCsv(20_000));
    const hold = readingHold(ws.dir);
    const child = spawnCli(ws.data, ['import', big, '--using', 'auto', '--channels', 'email'], hold.env);
    const exited = exitOf(child);
    expect((await waitForJobStarted(ws.data)).status).toBe('running');
    const edit = cli(ws.data, ['paste', '--using', 'mobile', '--channels', 'rcs', '--json'], '+44 7911 123456\n');
    expect(edit.code, edit.stderr).toBe(0);
    // The import is still held in its reading: the edit did not wait for it.
    expect(child.exitCode).toBeNull();
    expect(stats(ws.data)).toMatchObject({ identified: 0, anonymous: 1 });
    hold.release();
    expect(await exited).toBe(0);
    const s = stats(ws.data);
    expect(s.identified).toBe(20_000);
    expect(s.anonymous).toBe(1);
    expect(s.blocked.rcs).toBe(1);
  });
});
