import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ContactView, JobView } from '../../../src/api/contract';
import { callOperation } from '../../../src/api/dispatch';
import { nextEvent, tempDesk, type TempDesk } from './tempDesk';

async function ok<T>(desk: TempDesk, key: string, input: unknown): Promise<T> {
  const [area, name] = key.split('.') as [string, string];
  const result = await callOperation(desk.context, area, name, input);
  if (!result.ok) throw new Error(`${key} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function block(desk: TempDesk, using: string, value: string, channels: string[]): Promise<ContactView> {
  return (await ok<{ contact: ContactView }>(desk, 'contacts.block', { using, value, channels })).contact;
}

/** The audit log's contact filter, as the Audit log screen sends what the officer typed. */
async function entriesFor(desk: TempDesk, contact: string): Promise<AuditEntry[]> {
  return (await ok<{ entries: AuditEntry[] }>(desk, 'audit.list', { contact })).entries;
}

describe('the audit log finds a person however they are written', () => {
  it('an email in another case finds the contact written Priya.Sharma@Example.com', async () => {
    const desk = tempDesk();
    const priya = await block(desk, 'email', 'Priya.Sharma@Example.com', ['email']);
    await block(desk, 'email', 'someone.else@example.com', ['email']);

    for (const typed of ['priya.sharma@example.com', 'PRIYA.SHARMA@EXAMPLE.COM', '  Priya.Sharma@Example.com ']) {
      const entries = await entriesFor(desk, typed);
      expect(entries.map((e) => [e.contact_id, e.action, e.channel]), typed).toEqual([[priya.id, 'block', 'email']]);
    }
    expect(await entriesFor(desk, 'priya.sharma@example.org')).toEqual([]);
  });

  it('a mobile in any format finds its contact, whatever the label the log recorded', async () => {
    const desk = tempDesk();
    // Labelled by its customer ID in every entry; the mobile is only its identifier.
    const contact = await block(desk, 'customer_id', 'CUST-7', ['email']);
    await ok(desk, 'contacts.edit', { contactId: contact.id, mobile: '+91 98765 43210' });
    await ok(desk, 'contacts.setStatus', { contactId: contact.id, channel: 'sms', status: 'blocked', category: 'manual' });
    await block(desk, 'mobile', '98765 00000', ['sms']);

    for (const typed of ['+91 98765 43210', '09876543210', '919876543210', '+91-98765-43210']) {
      const entries = await entriesFor(desk, typed);
      expect(entries.map((e) => e.contact_id), typed).toEqual([contact.id, contact.id, contact.id]);
      expect(entries.every((e) => e.contact === 'CUST-7')).toBe(true);
    }
  });

  it('finds a contact by an identifier it no longer holds: edited away, or the contact deleted', async () => {
    const desk = tempDesk();
    const moved = await block(desk, 'email', 'Old.Address@Example.com', ['email']);
    await ok(desk, 'contacts.edit', { contactId: moved.id, email: 'new.address@example.com' });
    // The old address now belongs to someone else: both are found, each by its own entries.
    const newcomer = await block(desk, 'email', 'old.address@example.com', ['email']);
    const found = await entriesFor(desk, 'OLD.address@example.com');
    expect(new Set(found.map((e) => e.contact_id))).toEqual(new Set([moved.id, newcomer.id]));
    expect(found.filter((e) => e.contact_id === moved.id).map((e) => e.action)).toEqual(['edit_email', 'block']);

    const gone = await block(desk, 'customer_id', 'GONE-1', ['email', 'sms']);
    await ok(desk, 'contacts.edit', { contactId: gone.id, email: 'Gone.Person@Example.com', mobile: '9812345678' });
    await ok(desk, 'contacts.delete', { contactId: gone.id });
    for (const typed of ['gone.person@example.com', '098123 45678', 'GONE-1']) {
      const entries = await entriesFor(desk, typed);
      expect(entries.map((e) => e.contact_id), typed).toEqual(entries.map(() => gone.id));
      // Delete entries read as a sentence.
      expect(entries[0], typed).toMatchObject({
        action: 'delete',
        channel: null,
        description: 'Deleted: customer_id GONE-1, email Gone.Person@Example.com, mobile +919812345678; was blocked on Email (manual), SMS (manual)',
      });
    }
    // A customer ID is matched exactly, as search matches it.
    expect(await entriesFor(desk, 'gone-1')).toEqual([]);
  });

  it('the export holds the same entries as the screen', async () => {
    const desk = tempDesk();
    await block(desk, 'email', 'Priya.Sharma@Example.com', ['email']);
    await block(desk, 'email', 'other@example.com', ['email']);
    const out = desk.file('audit.csv', '');
    const started = await ok<{ job: JobView }>(desk, 'audit.export', { contact: 'priya.sharma@example.com', target: out });
    const finished = await nextEvent(desk.context, 'job:finished', (e) => e.job.id === started.job.id);
    expect(finished.job.status).toBe('succeeded');
    const lines = fs.readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Priya.Sharma@Example.com');
  });
});
