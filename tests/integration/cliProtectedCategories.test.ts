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

interface AuditLine {
  action: string;
  contact: string;
  channel: string | null;
  before: string;
  after: string;
  lifted_category: string | null;
  reason: string | null;
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

  it.each(PROTECTED)('%s is refused without --confirm, and without --reason, and lifted with both', (category) => {
    expect(smsOf(category)).toMatchObject({ status: 'blocked', category });

    const refused = cliJson<Unblocked>(ws.data, ['unblock', `C-${category}`, '--channels', 'sms']);
    expect(refused.code).toBe(1);
    expect(refused.json.error?.code).toBe('confirm_required');
    expect(refused.stderr).toContain(category);
    expect(refused.stderr).toContain('--confirm --reason TEXT');
    expect(smsOf(category)?.status).toBe('blocked');

    // Confirmed but unexplained: a usage error naming the flag, before anything is written.
    for (const reason of [[], ['--reason', '  ']]) {
      const unexplained = cli(ws.data, ['unblock', `C-${category}`, '--channels', 'sms', '--confirm', ...reason]);
      expect(unexplained.code).toBe(2);
      expect(unexplained.stderr).toContain('unblocking a protected category needs --reason TEXT: what evidence of consent you have');
      expect(smsOf(category)?.status).toBe('blocked');
    }

    const evidence = `Signed form for ${category}, ref 42`;
    const lifted = cliJson<Unblocked>(ws.data, ['unblock', `C-${category}`, '--channels', 'sms', '--confirm', '--reason', evidence]);
    expect(lifted.code).toBe(0);
    expect(lifted.json.unblocked).toEqual(['sms']);
    expect(smsOf(category)?.status).toBe('none');

    // The audit log shows the category lifted and the reason, in JSON and as text.
    const entries = cliJson<{ entries: AuditLine[] }>(ws.data, ['audit']).json.entries;
    expect(entries.filter((e) => e.contact === `C-${category}` && e.action === 'unblock')).toEqual([
      expect.objectContaining({ channel: 'sms', before: 'blocked', after: 'none', lifted_category: category, reason: evidence }),
    ]);
    const text = cli(ws.data, ['audit']).stdout.split('\n').filter((line) => line.includes(`C-${category}`) && line.includes('unblock'));
    expect(text).toEqual([expect.stringContaining(`blocked → none  cli  lifted ${category}  reason "${evidence}"`)]);
  });

  it.each(UNPROTECTED)('%s is lifted without --confirm', (category) => {
    expect(smsOf(category)?.status).toBe('blocked');
    const lifted = cliJson<Unblocked>(ws.data, ['unblock', `C-${category}`, '--channels', 'sms']);
    expect(lifted.code).toBe(0);
    expect(lifted.json.unblocked).toEqual(['sms']);
    expect(smsOf(category)?.status).toBe('none');
  });
});
