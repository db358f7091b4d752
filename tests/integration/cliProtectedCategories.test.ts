import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, makeWorkspace } from './harness';

/*
 * Spelled out, not imported: dropping a category from the core's list must fail here
 * (DESIGN.md, Contacts and channel status).
 */
const PROTECTED = ['unsubscribe', 'opt_out', 'hard_bounce', 'spam_complaint'] as const;
const UNPROTECTED = ['manual', 'legacy'] as const;

interface Unblocked {
  unblocked: string[];
  error?: { code: string; message: string };
}

interface Found {
  contacts: { channels: Record<string, { status: string; category: string | null }> }[];
}

describe('unblock of each category', () => {
  const ws = makeWorkspace();

  beforeAll(() => {
    // One contact per category, each blocked on email and SMS.
    const rows = [...PROTECTED, ...UNPROTECTED].map((category) => `C-${category},${category}`);
    const file = ws.file('categories.csv', ['customer_id,category', ...rows, ''].join('\n'));
    const imported = cli(ws.data, ['import', file, '--using', 'customer_id', '--channels', 'email,sms']);
    expect(imported.code, imported.stderr).toBe(0);
  });

  function smsOf(category: string): { status: string; category: string | null } | undefined {
    return cliJson<Found>(ws.data, ['search', `C-${category}`]).json.contacts[0]?.channels.sms;
  }

  it.each(PROTECTED)('%s is refused without --confirm and lifted with it', (category) => {
    expect(smsOf(category)).toMatchObject({ status: 'blocked', category });

    const refused = cliJson<Unblocked>(ws.data, ['unblock', `C-${category}`, '--channels', 'sms']);
    expect(refused.code).toBe(1);
    expect(refused.json.error?.code).toBe('confirm_required');
    expect(refused.stderr).toContain(category);
    expect(smsOf(category)?.status).toBe('blocked');

    const lifted = cliJson<Unblocked>(ws.data, ['unblock', `C-${category}`, '--channels', 'sms', '--confirm']);
    expect(lifted.code).toBe(0);
    expect(lifted.json.unblocked).toEqual(['sms']);
    expect(smsOf(category)?.status).toBe('none');
  });

  it.each(UNPROTECTED)('%s is lifted without --confirm', (category) => {
    expect(smsOf(category)?.status).toBe('blocked');
    const lifted = cliJson<Unblocked>(ws.data, ['unblock', `C-${category}`, '--channels', 'sms']);
    expect(lifted.code).toBe(0);
    expect(lifted.json.unblocked).toEqual(['sms']);
    expect(smsOf(category)?.status).toBe('none');
  });
});
