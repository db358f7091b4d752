import { describe, expect, it } from 'vitest';
import type { ContactView } from '../../../src/api/contract';
import { callOperation } from '../../../src/api/dispatch';
import type { DeskResult } from '../../../src/api/result';
import { tempDesk, type TempDesk } from './tempDesk';

/*
 * Spelled out, not imported: dropping a category from the core's list must fail here
 * (DESIGN.md, Contacts and channel status).
 */
const PROTECTED = ['unsubscribe', 'opt_out', 'hard_bounce', 'spam_complaint'] as const;
const UNPROTECTED = ['manual', 'legacy'] as const;

async function call(desk: TempDesk, key: string, input: unknown): Promise<DeskResult<unknown>> {
  const [area, name] = key.split('.') as [string, string];
  return callOperation(desk.context, area, name, input);
}

/** A contact blocked on email and SMS with `category`. */
async function blocked(desk: TempDesk, category: string, value = `C-${category}`): Promise<ContactView> {
  const result = await call(desk, 'contacts.block', { using: 'customer_id', value, channels: ['email', 'sms'], category });
  if (!result.ok) throw new Error(`block failed: ${result.error.code} ${result.error.message}`);
  return (result.value as { contact: ContactView }).contact;
}

async function statuses(desk: TempDesk, id: number): Promise<[string, string]> {
  const result = await call(desk, 'contacts.get', { id });
  if (!result.ok) throw new Error(`get failed: ${result.error.code}`);
  const { channels } = (result.value as { contact: ContactView }).contact;
  return [channels.email.status, channels.sms.status];
}

interface Entry {
  action: string;
  channel: string | null;
  before: string;
  after: string;
  lifted_category: string | null;
  reason: string | null;
  description: string | null;
}

async function history(desk: TempDesk, contactId: number): Promise<Entry[]> {
  const result = await call(desk, 'audit.list', { contactId });
  if (!result.ok) throw new Error(`audit.list failed: ${result.error.code}`);
  return (result.value as { entries: Entry[] }).entries;
}

describe('lifting a block through the API', () => {
  it.each(PROTECTED)('of category %s needs confirm and a written reason on every operation that lifts it', async (category) => {
    const desk = tempDesk();
    const contact = await blocked(desk, category);
    const refused = { ok: false, error: { code: 'confirm_required' } };

    expect(await call(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms'] })).toMatchObject(refused);
    expect(await call(desk, 'contacts.setStatus', { contactId: contact.id, channel: 'sms', status: 'none' })).toMatchObject(refused);
    expect(await call(desk, 'contacts.setStatuses', { contactId: contact.id, changes: [{ channel: 'sms', status: 'none' }] })).toMatchObject(refused);
    expect(await call(desk, 'contacts.delete', { contactId: contact.id })).toMatchObject(refused);

    // Confirmed without a reason (or a blank one): a usage error naming the field.
    const noReason = (field: string) => ({ ok: false, error: { code: 'usage', field, message: expect.stringContaining('what evidence of consent you have') } });
    expect(await call(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms'], confirm: true })).toMatchObject(noReason('reason'));
    expect(await call(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms'], confirm: true, reason: '   ' })).toMatchObject(noReason('reason'));
    expect(await call(desk, 'contacts.setStatus', { contactId: contact.id, channel: 'sms', status: 'none', confirm: true })).toMatchObject(noReason('reason'));
    expect(
      await call(desk, 'contacts.setStatuses', {
        contactId: contact.id,
        changes: [{ channel: 'email', status: 'blocked', category, reason: 'still wanted' }, { channel: 'sms', status: 'none' }],
        confirm: true,
      }),
    ).toMatchObject(noReason('changes.1.reason'));
    expect(await call(desk, 'contacts.delete', { contactId: contact.id, confirm: true })).toMatchObject(noReason('reason'));
    expect(await statuses(desk, contact.id)).toEqual(['blocked', 'blocked']);

    const evidence = `Signed consent form for ${category}, ref 881`;
    expect(await call(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms'], confirm: true, reason: evidence })).toMatchObject({
      ok: true,
      value: { unblocked: ['sms'] },
    });
    expect(await statuses(desk, contact.id)).toEqual(['blocked', 'none']);
    // The audit entry keeps the category lifted and the reason.
    expect((await history(desk, contact.id))[0]).toMatchObject({ action: 'unblock', channel: 'sms', before: 'blocked', after: 'none', lifted_category: category, reason: evidence });
  });

  it.each(PROTECTED)('of category %s: Manage Consent and Delete keep the category and the reason in the audit log', async (category) => {
    const desk = tempDesk();
    const contact = await blocked(desk, category);
    const consent = await call(desk, 'contacts.setStatuses', {
      contactId: contact.id,
      changes: [{ channel: 'email', status: 'whitelisted', reason: 'Opted in again on the web form' }],
      confirm: true,
    });
    expect(consent).toMatchObject({ ok: true, value: { changed: ['email'] } });
    expect((await history(desk, contact.id))[0]).toMatchObject({
      action: 'whitelist',
      channel: 'email',
      lifted_category: category,
      reason: 'Opted in again on the web form',
    });

    const deleted = await call(desk, 'contacts.delete', { contactId: contact.id, confirm: true, reason: 'Customer asked by letter, scan on file' });
    expect(deleted).toMatchObject({ ok: true });
    const entries = await history(desk, contact.id);
    expect(entries.slice(0, 3)).toMatchObject([
      {
        action: 'delete',
        channel: null,
        reason: 'Customer asked by letter, scan on file',
        lifted_category: null,
        description: `Deleted: customer_id C-${category}; was blocked on SMS (${category}) and whitelisted on Email (manual)`,
      },
      { action: 'delete', channel: 'sms', lifted_category: category, reason: 'Customer asked by letter, scan on file' },
      { action: 'delete', channel: 'email', lifted_category: null, reason: 'Customer asked by letter, scan on file' },
    ]);
  });

  it('checks every change before asking for a confirmation: email is refused for a mobile-only contact first', async () => {
    const desk = tempDesk();
    const result = await call(desk, 'contacts.block', { using: 'mobile', value: '98765 43210', channels: ['sms'], category: 'opt_out' });
    if (!result.ok) throw new Error(result.error.message);
    const { contact } = result.value as { contact: ContactView };
    const refused = await call(desk, 'contacts.setStatuses', {
      contactId: contact.id,
      changes: [
        { channel: 'sms', status: 'none' },
        { channel: 'email', status: 'blocked' },
      ],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'usage', message: expect.stringContaining('email') } });
  });

  it.each(UNPROTECTED)('of category %s needs no confirm and no reason', async (category) => {
    const desk = tempDesk();
    const contact = await blocked(desk, category);
    expect(await call(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms'] })).toMatchObject({ ok: true, value: { unblocked: ['sms'] } });
    expect(await call(desk, 'contacts.setStatuses', { contactId: contact.id, changes: [{ channel: 'email', status: 'none' }] })).toMatchObject({ ok: true });
    expect(await statuses(desk, contact.id)).toEqual(['none', 'none']);

    const other = await blocked(desk, category, 'C-other');
    expect(await call(desk, 'contacts.delete', { contactId: other.id })).toMatchObject({ ok: true });
  });
});
