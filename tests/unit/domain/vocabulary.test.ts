import { describe, it, expect } from 'vitest';
import { categoryFromCell, flagFromCell } from '../../../src/domain/vocabulary';

describe('categoryFromCell', () => {
  it.each([
    ['unsubscribe', 'unsubscribe'],
    ['Unsubscribed', 'unsubscribe'],
    ['UNSUB', 'unsubscribe'],
    ['opt_out', 'opt_out'],
    ['Opted Out', 'opt_out'],
    ['optout', 'opt_out'],
    ['STOP', 'opt_out'],
    ['dnd', 'opt_out'],
    ['hard_bounce', 'hard_bounce'],
    ['Hard Bounce', 'hard_bounce'],
    ['bounced', 'hard_bounce'],
    ['cleaned', 'hard_bounce'],
    ['Invalid email', 'hard_bounce'],
    ['spam report', 'spam_complaint'],
    ['Marked-as-Spam', 'spam_complaint'],
    ['abuse', 'spam_complaint'],
    ['complaint', 'spam_complaint'],
    ['User suppressed', 'manual'],
    ['blocklisted', 'manual'],
    ['admin', 'manual'],
    ['legacy', 'legacy'],
  ])('reads %s as %s', (cell, category) => {
    expect(categoryFromCell(cell)).toBe(category);
  });

  it('knows no other word', () => {
    for (const cell of ['', 'bounce-ish', 'vip', 'opt in', 'subscribed']) expect(categoryFromCell(cell), cell).toBeUndefined();
  });
});

describe('flagFromCell', () => {
  it('reads yes words in any case, with spaces, - and _ ignored', () => {
    for (const yes of ['1', 'y', 'YES', 'true', 'x', 'X', 'Blocked', 'blocklisted', 'blacklisted', 'Unsubscribed', 'opted out', 'Opt-Out', 'suppressed', 'bounced', 'cleaned', 'DND']) {
      expect(flagFromCell(yes), yes).toBe(true);
    }
  });

  it('reads no words, our own export\'s whitelisted among them', () => {
    for (const no of ['0', 'n', 'No', 'FALSE', 'subscribed', 'active', 'enabled', 'opted in', 'none', 'whitelisted', 'unblocked']) expect(flagFromCell(no), no).toBe(false);
  });

  it('is null for a blank cell and undefined for a word it does not know', () => {
    expect(flagFromCell('')).toBeNull();
    expect(flagFromCell('   ')).toBeNull();
    for (const other of ['maybe', '2', 'yes please', 'pending']) expect(flagFromCell(other), other).toBeUndefined();
  });
});
