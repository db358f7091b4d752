import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYWORDS, keywordForm, matchKeyword } from '../../../src/domain/keywords';

describe('keyword matching', () => {
  it('takes the whole message, any case, ignoring punctuation, symbols and emoji around it', () => {
    for (const text of ['STOP', ' stop ', 'Stop.', '"STOP"', '<STOP>', 'STOP‼️', 'STOP 🛑', '🛑stop👍🏽', 'ＳＴＯＰ', '\u200bSTOP']) {
      expect(matchKeyword(DEFAULT_KEYWORDS, 'sms', text), text).toBe('opt_out');
    }
  });

  it('is no keyword when other words or characters stand inside the message', () => {
    for (const text of ['STOP please', 'STOP STOP', 'S.T.O.P', 'STOP🛑NOW', 'STOPP', '']) {
      expect(matchKeyword(DEFAULT_KEYWORDS, 'sms', text), text).toBeNull();
    }
    expect(keywordForm('please, stop!')).toBe('PLEASE, STOP');
  });

  it('has opt-in words on SMS only', () => {
    expect(matchKeyword(DEFAULT_KEYWORDS, 'sms', 'start!')).toBe('opt_in');
    expect(matchKeyword(DEFAULT_KEYWORDS, 'whatsapp', 'START')).toBeNull();
    expect(matchKeyword(DEFAULT_KEYWORDS, 'rcs', 'unstop')).toBeNull();
  });
});
