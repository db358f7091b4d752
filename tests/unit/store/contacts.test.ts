import { describe, expect, it } from 'vitest';
import { listAudit } from '../../../src/store/audit';
import { blockIdentifier, deleteContact, findContact, getContact, LiftReasonError, setChannelStatus } from '../../../src/store/contacts';
import { readCounts } from '../../../src/store/counters';
import type { Db } from '../../../src/store/database';
import { ACTOR, expectCountersExact, T0, tempDb, thrown } from './tempStore';

const base = { country: 'IN' as const, category: 'manual', reason: null, source: 'ui', actor: ACTOR };

function auditOf(db: Db, contactId: number) {
  return listAudit(db, { contactId, limit: 100 }).entries.reverse();
}

describe('blockIdentifier', () => {
  it('creates an identified contact for an email, keeping its spelling and matching any case', () => {
    const db = tempDb();
    const r = blockIdentifier(db, { ...base, using: 'email', value: ' Ann.Lee+x@Example.COM ', channels: ['email'], reason: 'asked', at: T0 });
    expect(r.created).toBe(true);
    expect(r.changedChannels).toEqual(['email']);
    expect(r.contact).toMatchObject({ email: 'Ann.Lee+x@Example.COM', kind: 'identified', changed_at: new Date(T0).toISOString() });
    expect(r.contact.channels.email).toEqual({ status: 'blocked', category: 'manual', reason: 'asked', source: 'ui', at: new Date(T0).toISOString(), actor: ACTOR });
    expect(findContact(db, 'email', 'ann.lee+x@example.com')?.id).toBe(r.contact.id);
    expect(readCounts(db)).toMatchObject({ identified: 1, anonymous: 0, blocked: { email: 1, sms: 0 } });
    expectCountersExact(db);
  });

  it('creates an anonymous contact for a mobile, any format being one number', () => {
    const db = tempDb();
    const a = blockIdentifier(db, { ...base, using: 'mobile', value: '98765 43210', channels: ['sms', 'whatsapp'] });
    expect(a.contact).toMatchObject({ mobile: '+919876543210', kind: 'anonymous' });
    const b = blockIdentifier(db, { ...base, using: 'mobile', value: '+91-98765-43210', channels: ['rcs', 'sms'] });
    expect(b.created).toBe(false);
    expect(b.contact.id).toBe(a.contact.id);
    expect(b.changedChannels).toEqual(['rcs']);
    expect(readCounts(db)).toMatchObject({ identified: 0, anonymous: 1, blocked: { sms: 1, whatsapp: 1, rcs: 1 } });
    expectCountersExact(db);
  });

  it('keeps an existing block and its history; audits only the channels it changed', () => {
    const db = tempDb();
    const first = blockIdentifier(db, { ...base, using: 'customer_id', value: 'C-1', channels: ['sms'], category: 'opt_out', reason: 'STOP', at: T0 });
    const again = blockIdentifier(db, { ...base, using: 'customer_id', value: 'C-1', channels: ['sms', 'email'], category: 'manual', at: T0 + 1000 });
    expect(again.changedChannels).toEqual(['email']);
    expect(again.contact.channels.sms).toMatchObject({ category: 'opt_out', reason: 'STOP', at: new Date(T0).toISOString() });
    expect(auditOf(db, first.contact.id).map((e) => [e.action, e.channel, e.before, e.after])).toEqual([
      ['block', 'sms', 'none', 'blocked'],
      ['block', 'email', 'none', 'blocked'],
    ]);
    const nothing = blockIdentifier(db, { ...base, using: 'customer_id', value: 'C-1', channels: ['sms'], at: T0 + 2000 });
    expect(nothing.changedChannels).toEqual([]);
    expect(nothing.contact.changed_at).toBe(new Date(T0 + 1000).toISOString());
    expect(auditOf(db, first.contact.id)).toHaveLength(2);
    expectCountersExact(db);
  });

  it('turns a whitelisted email into a block, recording the whitelist it replaced', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...base, using: 'email', value: 'a@x.com', channels: ['email'], at: T0 });
    setChannelStatus(db, { contactId: c.contact.id, channel: 'email', status: 'whitelisted', source: 'ui', actor: ACTOR, at: T0 + 1 });
    expect(readCounts(db)).toMatchObject({ blocked: { email: 0 }, whitelisted: { email: 1 } });
    const r = blockIdentifier(db, { ...base, using: 'email', value: 'A@X.com', channels: ['email'], category: 'hard_bounce', at: T0 + 2 });
    expect(r.changedChannels).toEqual(['email']);
    const last = auditOf(db, c.contact.id).at(-1);
    expect(last).toMatchObject({ action: 'block', before: 'whitelisted', after: 'blocked' });
    expect(readCounts(db)).toMatchObject({ blocked: { email: 1 }, whitelisted: { email: 0 } });
    expectCountersExact(db);
  });

  it('enforces the channel rules of each identifier', () => {
    const db = tempDb();
    expect(thrown(() => blockIdentifier(db, { ...base, using: 'email', value: 'a@x.com', channels: ['sms'] })).code).toBe('usage');
    expect(thrown(() => blockIdentifier(db, { ...base, using: 'mobile', value: '9876543210', channels: ['email'] })).code).toBe('usage');
    expect(thrown(() => blockIdentifier(db, { ...base, using: 'mobile', value: '9876543210', channels: [] })).code).toBe('usage');
    expect(blockIdentifier(db, { ...base, using: 'customer_id', value: 'c', channels: ['email', 'sms', 'whatsapp', 'rcs'] }).changedChannels).toHaveLength(4);
    expect(thrown(() => blockIdentifier(db, { ...base, using: 'email', value: 'not an email', channels: ['email'] })).code).toBe('invalid_identifier');
    expect(thrown(() => blockIdentifier(db, { ...base, using: 'mobile', value: '9.19877E+11', channels: ['sms'] })).code).toBe('invalid_identifier');
    expect(thrown(() => blockIdentifier(db, { ...base, using: 'customer_id', value: 'c2', channels: ['sms'], category: 'whim' })).code).toBe('usage');
    expect(readCounts(db).identified).toBe(1);
    expectCountersExact(db);
  });
});

describe('setChannelStatus', () => {
  it('unblocks, clearing the status evidence, and audits before_detail', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...base, using: 'customer_id', value: 'C', channels: ['sms', 'email'], reason: 'r', at: T0 });
    const r = setChannelStatus(db, { contactId: c.contact.id, channel: 'sms', status: 'none', source: 'ui', actor: 'boss', at: T0 + 5 });
    expect(r.changed).toBe(true);
    expect(r.contact.channels.sms).toEqual({ status: 'none', category: null, reason: null, source: null, at: null, actor: null });
    expect(r.contact.changed_at).toBe(new Date(T0 + 5).toISOString());
    const entry = auditOf(db, c.contact.id).at(-1);
    expect(entry).toMatchObject({ action: 'unblock', channel: 'sms', before: 'blocked', after: 'none', actor: 'boss' });
    const raw = db.prepare('SELECT before_detail FROM audit WHERE id = ?').get(entry?.id) as { before_detail: string };
    expect(JSON.parse(raw.before_detail)).toEqual({ status: 'blocked', category: 'manual', reason: 'r', source: 'ui', at: T0, actor: ACTOR });
    expect(readCounts(db).blocked).toMatchObject({ sms: 0, email: 1 });
    expectCountersExact(db);
  });

  it('needs confirmation to lift a protected category, and names contact, channel and category', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...base, using: 'email', value: 'u@x.com', channels: ['email'], category: 'unsubscribe' });
    const id = c.contact.id;
    const err = thrown(() => setChannelStatus(db, { contactId: id, channel: 'email', status: 'none', source: 'ui', actor: ACTOR }));
    expect(err.code).toBe('confirm_required');
    expect(err.message).toContain('u@x.com');
    expect(err.message).toContain('email');
    expect(err.message).toContain('unsubscribe');
    expect(thrown(() => setChannelStatus(db, { contactId: id, channel: 'email', status: 'whitelisted', source: 'ui', actor: ACTOR })).code).toBe(
      'confirm_required',
    );
    expect(
      thrown(() => setChannelStatus(db, { contactId: id, channel: 'email', status: 'blocked', category: 'manual', source: 'ui', actor: ACTOR })).code,
    ).toBe('confirm_required');
    // Staying protected needs no confirmation.
    expect(setChannelStatus(db, { contactId: id, channel: 'email', status: 'blocked', category: 'spam_complaint', source: 'ui', actor: ACTOR }).changed).toBe(true);
    expect(getContact(db, id)?.channels.email.status).toBe('blocked');
    // Confirmed, a lift still needs the officer's written reason, naming the field.
    const unexplained = thrown(() => setChannelStatus(db, { contactId: id, channel: 'email', status: 'none', reason: '  ', source: 'ui', actor: ACTOR, confirm: true }));
    expect(unexplained).toBeInstanceOf(LiftReasonError);
    expect(unexplained).toMatchObject({ code: 'usage', field: 'reason' });
    expect(unexplained.message).toContain('email (spam_complaint)');
    expect(unexplained.message).toContain('what evidence of consent you have');
    expect(getContact(db, id)?.channels.email.status).toBe('blocked');
    const r = setChannelStatus(db, { contactId: id, channel: 'email', status: 'none', reason: 'Signed consent form, 3 Mar', source: 'ui', actor: ACTOR, confirm: true });
    expect(r.contact.channels.email.status).toBe('none');
    expectCountersExact(db);
  });

  it('whitelists email only, and only channels the contact can carry', () => {
    const db = tempDb();
    const m = blockIdentifier(db, { ...base, using: 'mobile', value: '9876543210', channels: ['sms'] });
    expect(thrown(() => setChannelStatus(db, { contactId: m.contact.id, channel: 'sms', status: 'whitelisted', source: 'ui', actor: ACTOR })).code).toBe('usage');
    expect(thrown(() => setChannelStatus(db, { contactId: m.contact.id, channel: 'email', status: 'blocked', source: 'ui', actor: ACTOR })).code).toBe('usage');
    expect(thrown(() => setChannelStatus(db, { contactId: 999, channel: 'email', status: 'none', source: 'ui', actor: ACTOR })).code).toBe('not_found');
  });

  it('changes category and reason of a block as an update; a no-op writes nothing', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...base, using: 'customer_id', value: 'C', channels: ['whatsapp'], at: T0 });
    const id = c.contact.id;
    expect(setChannelStatus(db, { contactId: id, channel: 'whatsapp', status: 'blocked', source: 'ui', actor: ACTOR, at: T0 + 1 }).changed).toBe(false);
    expect(setChannelStatus(db, { contactId: id, channel: 'sms', status: 'none', source: 'ui', actor: ACTOR, at: T0 + 1 }).changed).toBe(false);
    const r = setChannelStatus(db, { contactId: id, channel: 'whatsapp', status: 'blocked', reason: 'complained', source: 'ui', actor: ACTOR, at: T0 + 2 });
    expect(r.contact.channels.whatsapp).toMatchObject({ status: 'blocked', category: 'manual', reason: 'complained' });
    expect(auditOf(db, id).map((e) => e.action)).toEqual(['block', 'update']);
    expectCountersExact(db);
  });
});

describe('deleteContact', () => {
  it('removes the contact, audits each status and the identifiers, and updates the counters', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...base, using: 'customer_id', value: 'C', channels: ['email', 'rcs'] });
    blockIdentifier(db, { ...base, using: 'mobile', value: '9876543210', channels: ['sms'] });
    deleteContact(db, c.contact.id, { actor: ACTOR, source: 'ui' });
    expect(getContact(db, c.contact.id)).toBeNull();
    expect(auditOf(db, c.contact.id).map((e) => [e.action, e.channel, e.before, e.after])).toEqual([
      ['block', 'email', 'none', 'blocked'],
      ['block', 'rcs', 'none', 'blocked'],
      ['delete', 'email', 'blocked', 'none'],
      ['delete', 'rcs', 'blocked', 'none'],
      ['delete', null, '{"customer_id":"C","email":null,"mobile":null}', ''],
    ]);
    expect(readCounts(db)).toMatchObject({ identified: 0, anonymous: 1, blocked: { email: 0, rcs: 0, sms: 1 } });
    expectCountersExact(db);
    expect(thrown(() => deleteContact(db, c.contact.id, { actor: ACTOR, source: 'ui' })).code).toBe('not_found');
  });

  it('refuses without confirmation when a status has a protected category', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...base, using: 'mobile', value: '9876543210', channels: ['sms'], category: 'opt_out' });
    const err = thrown(() => deleteContact(db, c.contact.id, { actor: ACTOR, source: 'ui' }));
    expect(err.code).toBe('confirm_required');
    expect(err.message).toContain('+919876543210');
    expect(err.message).toContain('opt_out');
    expect(getContact(db, c.contact.id)).not.toBeNull();
    expect(thrown(() => deleteContact(db, c.contact.id, { actor: ACTOR, source: 'ui', confirm: true }))).toMatchObject({ code: 'usage', field: 'reason' });
    expect(getContact(db, c.contact.id)).not.toBeNull();
    deleteContact(db, c.contact.id, { actor: ACTOR, source: 'ui', confirm: true, reason: 'Opted back in by letter' });
    expect(getContact(db, c.contact.id)).toBeNull();
    expectCountersExact(db);
  });
});
