import { describe, expect, it } from 'vitest';
import { decide, type LocalChannelState } from '../../../src/domain/syncConflicts';

const T = 1_700_000_000_000;
const blocked = (category: string, at: number | null, reason: string | null = null): LocalChannelState => ({ status: 'blocked', category, reason, at });
const none = (at: number | null): LocalChannelState => ({ status: 'none', category: null, reason: null, at });
const change = (action: 'block' | 'unblock' | 'whitelist', at: number, category = 'manual', reason = '') => ({ action, category, reason, at });

describe('pulled change against the local status (CE-SYNC.md conflicts)', () => {
  it('applies the later change and skips the older one', () => {
    expect(decide(blocked('manual', T), change('unblock', T + 1))).toBe('apply');
    expect(decide(blocked('manual', T), change('unblock', T - 1))).toBe('older');
    expect(decide(none(T), change('block', T + 1))).toBe('apply');
    expect(decide(none(T), change('block', T - 1))).toBe('older');
  });

  it('on a tie lets the block win over the unblock or a whitelist, whichever side has it', () => {
    expect(decide(blocked('manual', T), change('unblock', T))).toBe('tie');
    expect(decide(none(T), change('block', T))).toBe('apply');
    expect(decide({ status: 'whitelisted', category: 'manual', reason: null, at: T }, change('block', T))).toBe('apply');
    expect(decide(blocked('manual', T), change('whitelist', T))).toBe('tie');
  });

  it('never lets a pulled unblock lift a newer local opt-out, unsubscribe, hard bounce or spam complaint', () => {
    for (const category of ['opt_out', 'unsubscribe', 'hard_bounce', 'spam_complaint']) {
      expect(decide(blocked(category, T + 5), change('unblock', T))).toBe('protected');
    }
    expect(decide(blocked('opt_out', T), change('unblock', T + 5))).toBe('apply');
  });

  it('changes nothing for our own change echoed back, or a repeat', () => {
    expect(decide(blocked('manual', T, 'asked'), change('block', T, 'manual', 'asked'))).toBe('same');
    expect(decide(blocked('manual', T), change('block', T - 10, 'manual', ''))).toBe('same');
    expect(decide(none(T), change('unblock', T))).toBe('same');
    expect(decide(none(null), change('unblock', T))).toBe('same');
  });

  it('takes anything for a status that was never set here', () => {
    expect(decide(none(null), change('block', 0))).toBe('apply');
    expect(decide(none(null), change('whitelist', 0))).toBe('apply');
  });
});
