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

describe('lifting a block through the API', () => {
  it.each(PROTECTED)('of category %s needs confirm on every operation that lifts it', async (category) => {
    const desk = tempDesk();
    const contact = await blocked(desk, category);
    const refused = { ok: false, error: { code: 'confirm_required' } };

    expect(await call(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms'] })).toMatchObject(refused);
    expect(await call(desk, 'contacts.setStatus', { contactId: contact.id, channel: 'sms', status: 'none' })).toMatchObject(refused);
    expect(await call(desk, 'contacts.setStatuses', { contactId: contact.id, changes: [{ channel: 'sms', status: 'none' }] })).toMatchObject(refused);
    expect(await call(desk, 'contacts.delete', { contactId: contact.id })).toMatchObject(refused);
    expect(await statuses(desk, contact.id)).toEqual(['blocked', 'blocked']);

    expect(await call(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms'], confirm: true })).toMatchObject({ ok: true, value: { unblocked: ['sms'] } });
    expect(await statuses(desk, contact.id)).toEqual(['blocked', 'none']);
  });

  it.each(UNPROTECTED)('of category %s needs no confirm', async (category) => {
    const desk = tempDesk();
    const contact = await blocked(desk, category);
    expect(await call(desk, 'contacts.unblock', { contactId: contact.id, channels: ['sms'] })).toMatchObject({ ok: true, value: { unblocked: ['sms'] } });
    expect(await call(desk, 'contacts.setStatuses', { contactId: contact.id, changes: [{ channel: 'email', status: 'none' }] })).toMatchObject({ ok: true });
    expect(await statuses(desk, contact.id)).toEqual(['none', 'none']);

    const other = await blocked(desk, category, 'C-other');
    expect(await call(desk, 'contacts.delete', { contactId: other.id })).toMatchObject({ ok: true });
  });
});
