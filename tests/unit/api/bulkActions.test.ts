import { describe, expect, it } from 'vitest';
import type { ContactView, JobView } from '../../../src/api/contract';
import { callOperation } from '../../../src/api/dispatch';
import type { DeskResult } from '../../../src/api/result';
import { nextEvent, tempDesk, type TempDesk } from './tempDesk';

async function call<T>(desk: TempDesk, key: string, input: unknown): Promise<DeskResult<T>> {
  const [area, name] = key.split('.') as [string, string];
  return callOperation(desk.context, area, name, input) as Promise<DeskResult<T>>;
}

async function ok<T>(desk: TempDesk, key: string, input: unknown): Promise<T> {
  const result = await call<T>(desk, key, input);
  if (!result.ok) throw new Error(`${key} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Starts a bulk action and waits for its job to end. */
async function bulk(desk: TempDesk, input: unknown): Promise<JobView> {
  const { job } = await ok<{ job: JobView }>(desk, 'contacts.startBulk', input);
  const finished = nextEvent(desk.context, 'job:finished', (e) => e.job.id === job.id);
  return (await finished).job;
}

/** 260 contacts blocked on SMS (more than a listing page): every 10th as opt_out, the rest manual; and 40 on email only. */
async function seed(desk: TempDesk): Promise<void> {
  const lines = Array.from({ length: 260 }, (_, i) => `C${String(i).padStart(4, '0')}`).join('\n');
  const paste = await ok<{ job: JobView }>(desk, 'jobs.startImport', { text: lines, using: 'customer_id', channels: ['sms'], category: 'manual' });
  await nextEvent(desk.context, 'job:finished', (e) => e.job.id === paste.job.id);
  for (let i = 0; i < 260; i += 10) {
    const { contacts } = await ok<{ contacts: ContactView[] }>(desk, 'contacts.search', { query: `C${String(i).padStart(4, '0')}` });
    await ok(desk, 'contacts.setStatus', { contactId: contacts[0]?.id, channel: 'sms', status: 'blocked', category: 'opt_out' });
  }
  for (let i = 0; i < 40; i += 1) await ok(desk, 'contacts.block', { using: 'email', value: `e${i}@example.com`, channels: ['email'] });
}

const count = (desk: TempDesk, filter: object) => ok<{ count: number }>(desk, 'contacts.count', { tab: 'identified', ...filter }).then((r) => r.count);

describe('bulk actions', () => {
  it('unblocks every contact of a filter as one job; protected blocks need a confirmation and a reason first, and nothing changes until then', async () => {
    const desk = tempDesk();
    await seed(desk);
    const filter = { tab: 'identified', channel: 'sms', status: 'blocked' };
    expect(await count(desk, filter)).toBe(260);

    const unconfirmed = await bulk(desk, { target: { kind: 'filter', filter }, action: { kind: 'unblock', channels: ['sms'] } });
    expect(unconfirmed.status).toBe('failed');
    expect(unconfirmed.error?.code).toBe('confirm_required');
    expect(unconfirmed.error?.message).toContain('26 of these contacts are blocked with a protected category (26 opt_out)');
    const noReason = await bulk(desk, { target: { kind: 'filter', filter }, action: { kind: 'unblock', channels: ['sms'], reason: '  ' }, confirm: true });
    expect(noReason.status).toBe('failed');
    expect(noReason.error?.message).toContain('needs a reason: what evidence of consent you have');
    expect(await count(desk, filter)).toBe(260);

    const done = await bulk(desk, { target: { kind: 'filter', filter }, action: { kind: 'unblock', channels: ['sms'], reason: 'Re-consented by phone, ticket 4411' }, confirm: true });
    expect(done.status).toBe('succeeded');
    expect(done.report?.rows_read).toBe(260);
    expect(done.report?.updated).toBe(260);
    expect(done.label).toBe('Unblock SMS · every contact of a filter');
    expect(await count(desk, filter)).toBe(0);
    expect(await count(desk, { channel: 'email' })).toBe(40);

    // Audited as Manage Consent audits a lift: the job, the reason, the category lifted.
    const { entries } = await ok<{ entries: { job: string | null; action: string; reason: string | null; lifted_category: string | null }[] }>(desk, 'audit.list', { job: done.id, limit: 1000 });
    expect(entries).toHaveLength(260);
    expect(entries.every((e) => e.action === 'unblock' && e.reason === 'Re-consented by phone, ticket 4411')).toBe(true);
    expect(entries.filter((e) => e.lifted_category === 'opt_out')).toHaveLength(26);

    // One job, so one revert puts every block back.
    expect(done.revertible).toBe(true);
    const revert = await ok<{ job: JobView }>(desk, 'jobs.revert', { id: done.id });
    await nextEvent(desk.context, 'job:finished', (e) => e.job.id === revert.job.id);
    expect(await count(desk, filter)).toBe(260);
    expect(await count(desk, { ...filter, category: 'opt_out' })).toBe(26);
  });

  it('blocks selected contacts, skipping channels they have no identifier for, and deletes selected contacts', async () => {
    const desk = tempDesk();
    await seed(desk);
    const { contacts: emails } = await ok<{ contacts: ContactView[]; next: unknown }>(desk, 'contacts.list', { tab: 'identified', channel: 'email', limit: 5 });
    const { contacts: smsOnly } = await ok<{ contacts: ContactView[] }>(desk, 'contacts.list', { tab: 'identified', channel: 'sms', category: 'manual', limit: 3 });
    const ids = [...emails, ...smsOnly].map((c) => c.id);

    const blocked = await bulk(desk, { target: { kind: 'contacts', ids }, action: { kind: 'block', channels: ['whatsapp'], category: 'manual', reason: 'campaign complaint' } });
    expect(blocked.status).toBe('succeeded');
    expect(blocked.report?.updated).toBe(3); // the e-mail-only contacts have no mobile or customer ID for WhatsApp
    expect(blocked.report?.warnings.join(' ')).toContain('5 contacts have no identifier for the channels asked');
    expect(blocked.label).toBe('Block WhatsApp · 8 selected contacts');
    expect(await count(desk, { channel: 'whatsapp' })).toBe(3);

    const deleted = await bulk(desk, { target: { kind: 'contacts', ids: emails.map((c) => c.id) }, action: { kind: 'delete' } });
    expect(deleted.status).toBe('succeeded');
    expect(deleted.revertible).toBe(false);
    expect(await count(desk, { channel: 'email' })).toBe(35);
    const gone = await call(desk, 'contacts.get', { id: emails[0]?.id });
    expect(gone.ok).toBe(false);
  });

  it('counts a filter exactly, and a newer count with the same key cancels the older', async () => {
    const desk = tempDesk();
    await seed(desk);
    const first = call<{ count: number }>(desk, 'contacts.count', { tab: 'identified', channel: 'sms' });
    const second = call<{ count: number }>(desk, 'contacts.count', { tab: 'identified', channel: 'sms', category: 'opt_out' });
    const other = call<{ count: number }>(desk, 'contacts.count', { tab: 'identified', key: 'elsewhere' });
    const [a, b, c] = await Promise.all([first, second, other]);
    // 300 contacts fit one chunk, so the first may finish before the second starts; when it does not, it is cancelled.
    if (a.ok) expect(a.value.count).toBe(260);
    else expect(a.error.code).toBe('cancelled');
    expect(b).toEqual({ ok: true, value: { count: 26 } });
    expect(c).toEqual({ ok: true, value: { count: 300 } });
  });

  it('a count over many chunks lets other calls through between its chunks', async () => {
    const desk = tempDesk();
    await seed(desk);
    // A contact far up the id range: the table now spans several chunks of the count.
    const now = Date.now();
    desk.context.db.prepare('INSERT INTO contacts(id, customer_id, created_at, changed_at, sms_status, sms_category) VALUES (?, ?, ?, ?, 1, ?)').run(100_000, 'FAR-1', now, now, 'manual');
    let counted: Awaited<ReturnType<typeof call<{ count: number }>>> | null = null;
    const counting = call<{ count: number }>(desk, 'contacts.count', { tab: 'identified', channel: 'sms' }).then((r) => (counted = r));
    // A turn of the event loop later the count is still going: it gives the thread back between chunks.
    await new Promise((resolve) => setImmediate(resolve));
    expect(counted).toBeNull();
    const found = await call<{ contacts: ContactView[] }>(desk, 'contacts.search', { query: 'FAR-1' });
    expect(found.ok && found.value.contacts.map((c) => c.customer_id)).toEqual(['FAR-1']);
    expect(counted).toBeNull();
    await counting;
    expect(counted).toEqual({ ok: true, value: { count: 261 } });
  });

  it('summarises blocked contacts by channel and category, what waits to sync and the recent jobs', async () => {
    const desk = tempDesk();
    await seed(desk);
    const summary = await ok<{
      blocked: Record<string, Record<string, number>>;
      blockedTotal: Record<string, number>;
      outbox: { total: number };
      jobs: JobView[];
      contacts: { identified: number };
      blockedAnywhere: number;
    }>(desk, 'contacts.summary', {});
    expect(summary.blocked.sms).toMatchObject({ manual: 234, opt_out: 26, unsubscribe: 0 });
    expect(summary.blocked.email).toMatchObject({ manual: 40 });
    expect(summary.blockedTotal).toEqual({ email: 40, sms: 260, whatsapp: 0, rcs: 0 });
    expect(summary.contacts.identified).toBe(300);
    expect(summary.blockedAnywhere).toBe(300);
    expect(summary.outbox.total).toBeGreaterThan(0);
    expect(summary.jobs.map((j) => j.kind)).toEqual(['paste']);
  });
});
