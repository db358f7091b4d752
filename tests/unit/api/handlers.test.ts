import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ContactView, JobView } from '../../../src/api/contract';
import { callOperation } from '../../../src/api/dispatch';
import type { DeskResult } from '../../../src/api/result';
import { nextEvent, tempDesk, type TempDesk } from './tempDesk';

type Ok<T> = { ok: true; value: T };

async function call<T>(desk: TempDesk, key: string, input: unknown): Promise<DeskResult<T>> {
  const [area, name] = key.split('.') as [string, string];
  return (await callOperation(desk.context, area, name, input)) as DeskResult<T>;
}

async function ok<T>(desk: TempDesk, key: string, input: unknown): Promise<T> {
  const result = await call<T>(desk, key, input);
  if (!result.ok) throw new Error(`${key} failed: ${result.error.code} ${result.error.message}`);
  return (result as Ok<T>).value;
}

describe('contact operations over a real database', () => {
  it('blocks an identifier, then finds it by search and in the listing', async () => {
    const desk = tempDesk();
    const blocked = await ok<{ contact: ContactView; created: boolean; changedChannels: string[] }>(desk, 'contacts.block', {
      using: 'mobile',
      value: '098765 43210',
      channels: ['sms', 'whatsapp'],
      category: 'opt_out',
      reason: 'replied STOP',
    });
    expect(blocked.created).toBe(true);
    expect(blocked.contact).toMatchObject({ mobile: '+919876543210', kind: 'anonymous' });
    expect(blocked.contact.channels.sms).toMatchObject({ status: 'blocked', category: 'opt_out', reason: 'replied STOP', source: 'ui', actor: 'tester' });

    const found = await ok<{ contacts: ContactView[] }>(desk, 'contacts.search', { query: '+91-98765-43210' });
    expect(found.contacts.map((c) => c.id)).toEqual([blocked.contact.id]);

    await ok(desk, 'contacts.block', { using: 'email', value: 'Asha@Example.com', channels: ['email'] });
    const identified = await ok<{ contacts: ContactView[]; next: unknown }>(desk, 'contacts.list', { tab: 'identified' });
    expect(identified.contacts.map((c) => c.email)).toEqual(['Asha@Example.com']);
    expect(identified.next).toBeNull();
    const onSms = await ok<{ contacts: ContactView[] }>(desk, 'contacts.list', { tab: 'anonymous', channel: 'sms', category: 'opt_out' });
    expect(onSms.contacts).toHaveLength(1);
    const onRcs = await ok<{ contacts: ContactView[] }>(desk, 'contacts.list', { tab: 'anonymous', channel: 'rcs' });
    expect(onRcs.contacts).toHaveLength(0);

    expect(await ok(desk, 'contacts.counts', {})).toMatchObject({ identified: 1, anonymous: 1, blocked: { email: 1, sms: 1, whatsapp: 1, rcs: 0 } });
  });

  it('pages the listing with the keyset cursor', async () => {
    const desk = tempDesk();
    for (let i = 0; i < 5; i += 1) await ok(desk, 'contacts.block', { using: 'customer_id', value: `C-${i}`, channels: ['rcs'] });
    const first = await ok<{ contacts: ContactView[]; next: unknown }>(desk, 'contacts.list', { tab: 'identified', limit: 3 });
    const second = await ok<{ contacts: ContactView[]; next: unknown }>(desk, 'contacts.list', { tab: 'identified', limit: 3, after: first.next });
    expect(first.contacts).toHaveLength(3);
    expect(second.contacts).toHaveLength(2);
    expect(second.next).toBeNull();
    expect(new Set([...first.contacts, ...second.contacts].map((c) => c.customer_id)).size).toBe(5);
  });

  it('refuses an edit to an identifier another contact holds, naming the field', async () => {
    const desk = tempDesk();
    await ok(desk, 'contacts.block', { using: 'email', value: 'taken@example.com', channels: ['email'] });
    const other = await ok<{ contact: ContactView }>(desk, 'contacts.block', { using: 'email', value: 'mine@example.com', channels: ['email'] });
    const refused = await call(desk, 'contacts.edit', { contactId: other.contact.id, email: 'TAKEN@example.com' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', field: 'email' } });

    const invalid = await call(desk, 'contacts.edit', { contactId: other.contact.id, mobile: '9.19877E+11' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_identifier', field: 'mobile' } });

    const edited = await ok<{ contact: ContactView; changedFields: string[] }>(desk, 'contacts.edit', { contactId: other.contact.id, customer_id: 'C-9' });
    expect(edited.changedFields).toEqual(['customer_id']);
  });

  it('will not lift a protected category without confirm', async () => {
    const desk = tempDesk();
    const { contact } = await ok<{ contact: ContactView }>(desk, 'contacts.block', { using: 'customer_id', value: 'C-1', channels: ['sms', 'email'], category: 'unsubscribe' });
    const refused = await call(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms', 'email'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'confirm_required' } });
    // all or nothing: neither channel was lifted
    expect((await ok<{ contact: ContactView }>(desk, 'contacts.get', { id: contact.id })).contact.channels.sms.status).toBe('blocked');

    const lifted = await ok<{ contact: ContactView; unblocked: string[] }>(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms', 'rcs'], confirm: true, reason: 'Re-subscribed in the app' });
    expect(lifted.unblocked).toEqual(['sms']);
    expect(lifted.contact.channels.sms.status).toBe('none');

    expect(await call(desk, 'contacts.delete', { contactId: contact.id })).toMatchObject({ ok: false, error: { code: 'confirm_required' } });
    await ok(desk, 'contacts.delete', { contactId: contact.id, confirm: true, reason: 'Account closed; consent letter on file' });
    expect(await call(desk, 'contacts.get', { id: contact.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('Manage Consent applies several channels all or none', async () => {
    const desk = tempDesk();
    const { contact } = await ok<{ contact: ContactView }>(desk, 'contacts.block', { using: 'customer_id', value: 'C-77', channels: ['email', 'sms'] });
    // The second change is impossible (only email can be whitelisted): the first is not applied either.
    const refused = await call(desk, 'contacts.setStatuses', {
      contactId: contact.id,
      changes: [{ channel: 'email', status: 'none' }, { channel: 'sms', status: 'whitelisted' }],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect((await ok<{ contact: ContactView }>(desk, 'contacts.get', { id: contact.id })).contact.channels.email.status).toBe('blocked');

    const done = await ok<{ contact: ContactView; changed: string[] }>(desk, 'contacts.setStatuses', {
      contactId: contact.id,
      changes: [{ channel: 'email', status: 'whitelisted', reason: 'VIP' }, { channel: 'rcs', status: 'blocked', category: 'opt_out' }],
    });
    expect(done.changed).toEqual(['email', 'rcs']);
    expect(done.contact.channels.email).toMatchObject({ status: 'whitelisted', reason: 'VIP' });
    expect(done.contact.channels.rcs).toMatchObject({ status: 'blocked', category: 'opt_out' });
  });

  it('whitelists email only, and records every change in the audit log', async () => {
    const desk = tempDesk();
    const { contact } = await ok<{ contact: ContactView }>(desk, 'contacts.block', { using: 'email', value: 'a@example.com', channels: ['email'] });
    const white = await ok<{ contact: ContactView; changed: boolean }>(desk, 'contacts.whitelist', { contactId: contact.id, reason: 'VIP' });
    expect(white.contact.channels.email).toMatchObject({ status: 'whitelisted', reason: 'VIP' });
    expect(await call(desk, 'contacts.setStatus', { contactId: contact.id, channel: 'sms', status: 'whitelisted' })).toMatchObject({ ok: false, error: { code: 'usage' } });

    const page = await ok<{ entries: { action: string; channel: string | null }[]; next: number | null }>(desk, 'audit.list', { contactId: contact.id, limit: 1 });
    expect(page.entries).toHaveLength(1);
    expect(page.next).not.toBeNull();
    const rest = await ok<{ entries: unknown[] }>(desk, 'audit.list', { contactId: contact.id, before: page.next });
    expect(rest.entries.length).toBeGreaterThan(0);
    const byActor = await ok<{ entries: unknown[] }>(desk, 'audit.list', { actor: 'nobody' });
    expect(byActor.entries).toHaveLength(0);
  });

  it('answers malformed input with invalid_input and the field, never by throwing', async () => {
    const desk = tempDesk();
    expect(await call(desk, 'contacts.block', { using: 'fax', value: 'x', channels: ['sms'] })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'using' } });
    expect(await call(desk, 'contacts.list', { tab: 'identified', limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'limit' } });
    expect(await call(desk, 'contacts.get', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(desk, 'contacts.nothing', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(await call(desk, 'constructor.name', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(await call(desk, 'contacts.block', { using: 'email', value: 'a@example.com', channels: ['sms'] })).toMatchObject({ ok: false, error: { code: 'usage' } });
  });

  it('keeps settings, refusing a bad country with its field', async () => {
    const desk = tempDesk();
    expect(await ok(desk, 'settings.get', {})).toMatchObject({ primary_key: 'email', country: 'IN', dataFolder: desk.dataFolder });
    expect(await call(desk, 'settings.update', { country: 'ZZ' })).toMatchObject({ ok: false, error: { code: 'usage', field: 'country' } });
    expect(await ok(desk, 'settings.update', { country: 'us', primary_key: 'customer_id' })).toMatchObject({ country: 'US', primary_key: 'customer_id' });
    const found = await ok<{ contact: ContactView }>(desk, 'contacts.block', { using: 'mobile', value: '(201) 555-0123', channels: ['sms'] });
    expect(found.contact.mobile).toBe('+12015550123');
  });
});

describe('jobs over a real database', () => {
  it('imports a file in a worker and announces job:finished with the report', async () => {
    const desk = tempDesk();
    const file = desk.file('list.csv', 'email\na@example.com\nb@example.com\nnot-an-email\n');
    const started = await ok<{ job: JobView }>(desk, 'jobs.startImport', { files: [file], using: 'auto', channels: ['email'], category: 'hard_bounce' });
    expect(started.job).toMatchObject({ kind: 'import', label: 'list.csv' });
    const finished = await nextEvent(desk.context, 'job:finished', (e) => e.job.id === started.job.id);
    expect(finished.job.status).toBe('succeeded_with_problems');
    expect(finished.report).toMatchObject({ added: 2, rejected: 1, problems: 1, problems_by_kind: { invalid_email: 1 } });
    expect(finished.job.files.problems).toMatchObject({ ref: `artifact:${started.job.id}/problems`, name: 'problems.csv' });
    expect(finished.job.revertible).toBe(true);

    const reverted = await ok<{ job: JobView }>(desk, 'jobs.revert', { id: started.job.id });
    const revertDone = await nextEvent(desk.context, 'job:finished', (e) => e.job.id === reverted.job.id);
    expect(revertDone.job.status).toBe('succeeded');
    expect(await ok(desk, 'contacts.counts', {})).toMatchObject({ identified: 0 });
    expect(await call(desk, 'jobs.revert', { id: started.job.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('imports pasted identifiers, keeping the text out of the jobs table', async () => {
    const desk = tempDesk();
    expect(await call(desk, 'jobs.startImport', { text: 'a@example.com', using: 'auto', channels: ['email'] })).toMatchObject({ ok: false, error: { field: 'using' } });
    const started = await ok<{ job: JobView }>(desk, 'jobs.startImport', { text: 'a@example.com, b@example.com\nc@example.com', using: 'email', channels: ['email'] });
    const finished = await nextEvent(desk.context, 'job:finished', (e) => e.job.id === started.job.id);
    expect(finished.report).toMatchObject({ added: 3 });
    expect(finished.job.label).toBe('3 pasted identifiers');
    const params = desk.context.db.prepare('SELECT params FROM jobs WHERE id = ?').pluck().get(started.job.id) as string;
    expect(params).not.toContain('b@example.com');
  });

  it('exports the current listing filter and the audit log to the chosen files', async () => {
    const desk = tempDesk();
    await ok(desk, 'contacts.block', { using: 'customer_id', value: '=cmd', channels: ['sms'] });
    await ok(desk, 'contacts.block', { using: 'customer_id', value: 'C-2', channels: ['email'] });
    const out = desk.file('listing.csv', '');
    const started = await ok<{ job: JobView }>(desk, 'jobs.startExport', { scope: { kind: 'listing', filter: { tab: 'identified', channel: 'sms' } }, target: out });
    const finished = await nextEvent(desk.context, 'job:finished', (e) => e.job.id === started.job.id);
    expect(finished.job.status).toBe('succeeded');
    expect(finished.job.files.out).toMatchObject({ ref: `artifact:${started.job.id}/out`, name: 'listing.csv' });
    const lines = fs.readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"'=cmd",/);

    const auditOut = desk.file('audit.csv', '');
    const audit = await ok<{ job: JobView }>(desk, 'audit.export', { target: auditOut });
    const auditDone = await nextEvent(desk.context, 'job:finished', (e) => e.job.id === audit.job.id);
    expect(auditDone.report).toMatchObject({ rows_read: 2 });
    expect(fs.readFileSync(auditOut, 'utf8').split('\r\n')[0]).toBe('at,actor,action,contact,channel,before,after,source,job,lifted_category,reason,description');

    expect(await call(desk, 'jobs.startExport', { scope: { kind: 'all' }, target: 'relative.csv' })).toMatchObject({ ok: false, error: { code: 'usage', field: 'target' } });
  });

  it('cancels a running job', async () => {
    const desk = tempDesk();
    const rows = ['email', ...Array.from({ length: 200_000 }, (_, i) => `user${i}@example.com`)].join('\n');
    const file = desk.file('big.csv', rows);
    const started = await ok<{ job: JobView }>(desk, 'jobs.startImport', { files: [file], using: 'auto', channels: ['email'] });
    await nextEvent(desk.context, 'job:progress', (p) => p.job === started.job.id);
    expect(await ok(desk, 'jobs.cancel', { id: started.job.id })).toEqual({ cancelled: true });
    const finished = await nextEvent(desk.context, 'job:finished', (e) => e.job.id === started.job.id);
    expect(['cancelled', 'succeeded']).toContain(finished.job.status);
    if (finished.job.status === 'cancelled') expect(await ok(desk, 'contacts.counts', {})).toMatchObject({ identified: 0 });
    expect(await ok(desk, 'jobs.cancel', { id: started.job.id })).toEqual({ cancelled: false });
  });
});
