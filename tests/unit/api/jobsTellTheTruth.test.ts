import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress, JobReport, JobView, OperationResult } from '../../../src/api/contract';
import { callOperation } from '../../../src/api/dispatch';
import type { DeskResult } from '../../../src/api/result';
import { countPastedEntries } from '../../../src/domain/pasteEntries';
import { nextEvent, tempDesk, type TempDesk } from './tempDesk';

/*
 * Issue 12, "Jobs that tell the truth": a cancelled job shows no counts, unchanged is split
 * into already blocked and no channel asked, a paste counts the same everywhere, the apply
 * has its own progress and refuses a cancel it cannot honour, and a revert says what it
 * will do before it runs and can be cancelled until its apply starts.
 */

async function call<T>(desk: TempDesk, key: string, input: unknown): Promise<DeskResult<T>> {
  const [area, name] = key.split('.') as [string, string];
  return (await callOperation(desk.context, area, name, input)) as DeskResult<T>;
}

async function ok<T>(desk: TempDesk, key: string, input: unknown): Promise<T> {
  const result = await call<T>(desk, key, input);
  if (!result.ok) throw new Error(`${key} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function finished(desk: TempDesk, job: JobView): Promise<{ job: JobView; report: JobReport }> {
  const event = await nextEvent(desk.context, 'job:finished', (e) => e.job.id === job.id);
  return { job: event.job, report: event.job.report as JobReport };
}

async function importText(desk: TempDesk, name: string, text: string, input: Record<string, unknown> = {}): Promise<{ job: JobView; report: JobReport }> {
  const file = desk.file(name, text);
  const started = await ok<{ job: JobView }>(desk, 'jobs.startImport', { files: [file], using: 'auto', channels: ['email'], ...input });
  return finished(desk, started.job);
}

const emails = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${prefix}${from + i}@example.com`);

// Test gates (src/jobs/heldForTest.ts): read by the job's worker threads when they start.
const GATES = ['BLOCKLIST_DESK_TEST_HOLD', 'BLOCKLIST_DESK_TEST_HOLD_APPLY'] as const;
afterEach(() => {
  for (const name of GATES) delete process.env[name];
});
function gate(desk: TempDesk, name: (typeof GATES)[number]): { release(): void } {
  const file = path.join(desk.dir, `${name.toLowerCase()}-released`);
  process.env[name] = file;
  return { release: () => fs.writeFileSync(file, '') };
}

describe('a cancelled job', () => {
  it('keeps no counts of the rows it had read, rejected or found asking nothing', async () => {
    const desk = tempDesk();
    gate(desk, 'BLOCKLIST_DESK_TEST_HOLD'); // held after its first batch; never released
    // The first batch alone has rows that would count as read, rejected and no channel asked.
    const rows = ['email,email_blocked'];
    for (let i = 0; i < 6000; i += 1) rows.push(i % 3 === 0 ? `bad-${i},yes` : i % 3 === 1 ? `n${i}@example.com,no` : `y${i}@example.com,yes`);
    const file = desk.file('held.csv', `${rows.join('\n')}\n`);
    const started = await ok<{ job: JobView }>(desk, 'jobs.startImport', { files: [file], using: 'auto', channels: ['email'] });
    await nextEvent(desk.context, 'job:progress', (p) => p.job === started.job.id && p.rows > 0);
    expect(await ok(desk, 'jobs.cancel', { id: started.job.id })).toEqual({ cancelled: true });
    const end = await finished(desk, started.job);

    expect(end.job.status).toBe('cancelled');
    expect(end.report).toMatchObject({ status: 'cancelled', rows_read: 0, added: 0, updated: 0, unchanged: 0, rejected: 0, rejected_by_reason: {} });
    expect(end.report.no_channel ?? 0).toBe(0);
    expect(end.report.problems ?? 0).toBe(0);
    expect(end.job.files.problems).toBeNull();
    // The stored job says the same as the event.
    expect((await ok<{ job: JobView }>(desk, 'jobs.get', { id: started.job.id })).job.report).toEqual(end.report);
    expect(await ok(desk, 'contacts.counts', {})).toMatchObject({ identified: 0 });
  });
});

describe("an import's unchanged rows", () => {
  it('are split into already blocked and no channel asked, over several batches', async () => {
    const desk = tempDesk();
    await importText(desk, 'first.csv', ['email', ...emails('old', 2500)].join('\n'));
    // 2500 already blocked, 4500 asking for no channel (batches of 2000 rows), 3000 new.
    const rows = ['email,email_blocked', ...emails('old', 2500).map((e) => `${e},yes`), ...emails('skip', 4500).map((e) => `${e},no`), ...emails('new', 3000).map((e) => `${e},yes`)];
    const { report } = await importText(desk, 'second.csv', rows.join('\n'));
    expect(report).toMatchObject({ rows_read: 10_000, added: 3000, updated: 0, already_blocked: 2500, no_channel: 4500, unchanged: 7000 });
  });
});

describe('a paste', () => {
  it('counts the identifiers once: what the screen says were entered, the job label and the rows read', async () => {
    const desk = tempDesk();
    const text = '98765 43210, +91-98765-43210; 09876543210\n+1 415 555 0100\n\n9876543211 9876543212\ntel:+91 98765 43213';
    const entered = countPastedEntries(text, 'mobile');
    expect(entered).toBe(7);
    const started = await ok<{ job: JobView }>(desk, 'jobs.startImport', { text, using: 'mobile', channels: ['sms'] });
    const end = await finished(desk, started.job);
    expect(end.job.label).toBe('7 pasted identifiers');
    expect(end.report).toMatchObject({ rows_read: 7, added: 5, already_blocked: 2, no_channel: 0, rejected: 0 });
  });

  it('splits emails on spaces and keeps a customer ID with spaces whole, the same for the count and the job', async () => {
    const desk = tempDesk();
    const emailsText = 'a@example.com b@example.com;c@example.com\n d@example.com ';
    expect(countPastedEntries(emailsText, 'email')).toBe(4);
    const started = await ok<{ job: JobView }>(desk, 'jobs.startImport', { text: emailsText, using: 'email', channels: ['email'] });
    expect((await finished(desk, started.job)).report).toMatchObject({ rows_read: 4, added: 4 });

    const ids = 'ACME 001, ACME 002\nB-3';
    expect(countPastedEntries(ids, 'customer_id')).toBe(3);
    const idsJob = await ok<{ job: JobView }>(desk, 'jobs.startImport', { text: ids, using: 'customer_id', channels: ['sms'] });
    const end = await finished(desk, idsJob.job);
    expect(end.report).toMatchObject({ rows_read: 3, added: 3 });
    expect(end.job.label).toBe('3 pasted identifiers');
  });
});

describe("an import's apply", () => {
  it('reports rows applied of the total and refuses a cancel once it has started', async () => {
    const desk = tempDesk();
    const hold = gate(desk, 'BLOCKLIST_DESK_TEST_HOLD_APPLY');
    const started = await ok<{ job: JobView }>(desk, 'jobs.startImport', { files: [desk.file('big.csv', ['email', ...emails('bulk', 45_000)].join('\n'))], using: 'auto', channels: ['email'] });
    const seen: JobProgress[] = [];
    desk.context.events.subscribe((name, payload) => {
      if (name === 'job:progress' && (payload as JobProgress).job === started.job.id) seen.push(payload as JobProgress);
    });
    const held = await nextEvent(desk.context, 'job:progress', (p) => p.job === started.job.id && (p.applied ?? 0) > 0);
    expect(held).toMatchObject({ phase: 'applying', applied: 20_000, apply_total: 45_000, cancellable: false });

    const refused = await call(desk, 'jobs.cancel', { id: started.job.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('can no longer be cancelled') } });

    hold.release();
    const end = await finished(desk, started.job);
    expect(end.job.status).toBe('succeeded');
    expect(end.report.added).toBe(45_000);
    // While it read, a cancel could still act; the apply's own counts only grow, up to the total.
    expect(seen.filter((p) => p.phase === 'reading').every((p) => p.cancellable === true)).toBe(true);
    const applied = seen.filter((p) => p.applied !== undefined).map((p) => p.applied as number);
    expect(applied).toEqual([...applied].sort((a, b) => a - b));
    expect(applied.at(-1)).toBe(45_000);
  });
});

describe("an import's apply onto contacts already there", () => {
  it('moves through the existing contacts before it ends, not from nothing to all at once', async () => {
    const desk = tempDesk();
    const file = desk.file('again.csv', ['email', ...emails('again', 25_000)].join('\n'));
    await finished(desk, (await ok<{ job: JobView }>(desk, 'jobs.startImport', { files: [file], using: 'auto', channels: ['email'] })).job);
    const hold = gate(desk, 'BLOCKLIST_DESK_TEST_HOLD_APPLY');
    const started = await ok<{ job: JobView }>(desk, 'jobs.startImport', { files: [file], using: 'auto', channels: ['email'] });
    const held = await nextEvent(desk.context, 'job:progress', (p) => p.job === started.job.id && (p.applied ?? 0) > 0);
    // Its asks recorded: the first of the existing contacts' four steps (asks, changes, the one channel's update, the end).
    expect(held).toMatchObject({ phase: 'applying', applied: 6250, apply_total: 25_000, cancellable: false });
    hold.release();
    expect((await finished(desk, started.job)).report).toMatchObject({ added: 0, already_blocked: 25_000 });
  });
});

type RevertPreview = OperationResult<'jobs', 'previewRevert'>;

describe('revert', () => {
  /** Job A blocks 3000 new emails; job B asks again for 1200 of them (and 10 new); 5 of A's contacts are edited after. */
  async function twoImports(desk: TempDesk): Promise<{ a: JobView; b: JobView }> {
    const a = await importText(desk, 'a.csv', ['email', ...emails('a', 3000)].join('\n'));
    const b = await importText(desk, 'b.csv', ['email', ...emails('a', 1200, 1800), ...emails('b', 10)].join('\n'));
    for (let i = 0; i < 5; i += 1) {
      const found = await ok<{ contacts: { id: number }[] }>(desk, 'contacts.search', { query: `a${i}@example.com` });
      await ok(desk, 'contacts.setStatus', { contactId: found.contacts[0]?.id, channel: 'email', status: 'blocked', category: 'manual', reason: 'checked by phone' });
    }
    return { a: a.job, b: b.job };
  }

  it('previews what it will do, then does exactly that', async () => {
    const desk = tempDesk();
    const { a, b } = await twoImports(desk);
    const countsBefore = await ok<Record<string, number>>(desk, 'contacts.counts', {});
    const preview = await ok<RevertPreview>(desk, 'jobs.previewRevert', { id: a.id });
    expect(preview).toEqual({ job: a.id, lifts: 1795, restores: 0, deletes: 1795, identifiers: 0, kept: 1200, kept_by_job: { [b.id]: 1200 }, left_changed: 5 });
    // The preview writes nothing.
    expect(await ok(desk, 'contacts.counts', {})).toEqual(countsBefore);
    expect((await ok<{ job: JobView }>(desk, 'jobs.get', { id: a.id })).job.revertible).toBe(true);

    const revert = await ok<{ job: JobView }>(desk, 'jobs.revert', { id: a.id });
    const end = await finished(desk, revert.job);
    expect(end.report).toMatchObject({ status: 'succeeded', lifted: preview.lifts, deleted_contacts: preview.deletes, kept: preview.kept, left_changed: preview.left_changed });
    expect(await ok(desk, 'contacts.counts', {})).toMatchObject({ identified: 1200 + 10 + 5 });

    expect(await call(desk, 'jobs.previewRevert', { id: a.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const exportJob = await ok<{ job: JobView }>(desk, 'jobs.startExport', { scope: { kind: 'all' }, target: desk.file('all.csv', '') });
    await finished(desk, exportJob.job);
    expect(await call(desk, 'jobs.previewRevert', { id: exportJob.job.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('can be cancelled until its apply starts, changing nothing', async () => {
    const desk = tempDesk();
    const { a } = await twoImports(desk);
    const countsBefore = await ok<Record<string, number>>(desk, 'contacts.counts', {});
    gate(desk, 'BLOCKLIST_DESK_TEST_HOLD'); // held once it has worked out what to undo
    const revert = await ok<{ job: JobView }>(desk, 'jobs.revert', { id: a.id });
    const planned = await nextEvent(desk.context, 'job:progress', (p) => p.job === revert.job.id && p.rows > 0);
    expect(planned).toMatchObject({ phase: 'reading', rows: 1795, cancellable: true });
    expect(await ok(desk, 'jobs.cancel', { id: revert.job.id })).toEqual({ cancelled: true });
    const end = await finished(desk, revert.job);
    expect(end.job.status).toBe('cancelled');
    expect(end.report).toMatchObject({ added: 0, updated: 0, unchanged: 0 });
    expect(end.report.lifted ?? 0).toBe(0);
    expect(await ok(desk, 'contacts.counts', {})).toEqual(countsBefore);
    expect((await ok<{ job: JobView }>(desk, 'jobs.get', { id: a.id })).job).toMatchObject({ revertible: true, reverted_by: null });
  });

  it('shows its apply progress and refuses a cancel once the apply has started', async () => {
    const desk = tempDesk();
    const { a } = await twoImports(desk);
    const hold = gate(desk, 'BLOCKLIST_DESK_TEST_HOLD_APPLY');
    const revert = await ok<{ job: JobView }>(desk, 'jobs.revert', { id: a.id });
    const held = await nextEvent(desk.context, 'job:progress', (p) => p.job === revert.job.id && (p.applied ?? 0) > 0);
    expect(held).toMatchObject({ phase: 'applying', applied: 1795, apply_total: 1795, cancellable: false });
    expect(await call(desk, 'jobs.cancel', { id: revert.job.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    hold.release();
    expect((await finished(desk, revert.job)).job.status).toBe('succeeded');
  });
});
