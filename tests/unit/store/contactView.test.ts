import { describe, expect, it } from 'vitest';
import { emptyContactRow, withStatus, type ContactRow } from '../../../src/store/contactRow';
import { toContactView } from '../../../src/store/contactView';

describe('toContactView', () => {
  it('gives the search --json shape: ISO times, status names, every channel', () => {
    let row: ContactRow = { ...emptyContactRow(Date.parse('2025-01-02T03:04:05.678Z'), null), id: 7, email: 'Ann@Example.com', email_key: 'ann@example.com' };
    row = withStatus(row, 'email', { status: 'whitelisted', category: 'manual', reason: 'vip', source: 'ui', at: Date.parse('2025-01-02T03:04:05.006Z'), actor: 'ann' });
    expect(toContactView(row)).toEqual({
      id: 7,
      customer_id: null,
      email: 'Ann@Example.com',
      mobile: null,
      kind: 'identified',
      changed_at: '2025-01-02T03:04:05.678Z',
      channels: {
        email: { status: 'whitelisted', category: 'manual', reason: 'vip', source: 'ui', at: '2025-01-02T03:04:05.006Z', actor: 'ann' },
        sms: { status: 'none', category: null, reason: null, source: null, at: null, actor: null },
        whatsapp: { status: 'none', category: null, reason: null, source: null, at: null, actor: null },
        rcs: { status: 'none', category: null, reason: null, source: null, at: null, actor: null },
      },
    });
  });

  it('calls a contact with only a mobile anonymous', () => {
    const row = { ...emptyContactRow(0, null), id: 1, mobile: '+919876543210' };
    expect(toContactView(row).kind).toBe('anonymous');
    expect(Object.keys(toContactView(row).channels)).toEqual(['email', 'sms', 'whatsapp', 'rcs']);
  });
});
