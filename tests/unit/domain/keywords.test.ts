import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYWORDS, keywordForm, matchKeyword, readMessage } from '../../../src/domain/keywords';

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

describe('messages that say an opt-out in other words are to review', () => {
  const read = (text: string, channel: 'sms' | 'whatsapp' | 'rcs' = 'sms') => readMessage(DEFAULT_KEYWORDS, channel, text);

  it.each([
    ['STOP please', 'STOP'],
    ['pls unsubscribe me', 'UNSUBSCRIBE'],
    ['Please stop texting me', 'STOP'],
    ['stop all', 'STOPALL'],
    ['STOP STOP', 'STOP'],
    ['STOP🛑NOW', 'STOP'],
    // Spelled out: the words of a phrase are compared without what separates them.
    ['S T O P', 'STOP'],
    ['S.T.O.P', 'STOP'],
    ['“Stop” — thanks', 'STOP'],
    ['I want to opt-out', 'OPTOUT'],
    ['opt out of these', 'OPTOUT'],
    ['Remove me from your list', 'REMOVE ME'],
    ['take me off this list!!', 'TAKE ME OFF'],
    ['Do not text me again', 'DO NOT TEXT'],
    ['don’t message me', "DON'T MESSAGE"],
    ['dont contact me', 'DONT CONTACT'],
    ['never call this number again', 'NEVER CALL'],
    ['no more messages pls', 'NO MORE MESSAGES'],
    ['How do I unsubscribe?', 'UNSUBSCRIBE'],
    ['Cancel my subscription', 'CANCEL'],
    ['you never stop texting me', 'STOP'],
    ['ＳＴＯＰ ｐｌｅａｓｅ', 'STOP'],
  ])('%s says %s', (text, phrase) => {
    expect(read(text)).toEqual({ kind: 'to_review', phrase });
  });

  it.each([
    'hello',
    "Don't stop, I love these deals",
    'please do not unsubscribe me',
    'Do not cancel my order',
    'non-stop offers!',
    'meet me at the bus stop',
    'see you at the end of the month',
    'stopped by the shop',
    'unsubscribed already?',
    'STOPP',
    'start again please',
    'START',
    '',
  ])('%s is not to review', (text) => {
    expect(read(text).kind).not.toBe('to_review');
  });

  it('leaves exact keywords to the job', () => {
    expect(read('unsubscribe!!')).toEqual({ kind: 'keyword', action: 'opt_out' });
    expect(read('Stop.')).toEqual({ kind: 'keyword', action: 'opt_out' });
    expect(read('start')).toEqual({ kind: 'keyword', action: 'opt_in' });
  });

  it('never reads an opt-in word as to review, on any channel', () => {
    for (const channel of ['sms', 'whatsapp', 'rcs'] as const) {
      for (const text of ['START please', 'unstop me', 'Start again', 'START']) expect(read(text, channel).kind, `${channel}: ${text}`).not.toBe('to_review');
    }
  });

  it("uses the channel's own opt-out words, and the common phrasings whatever the lists hold", () => {
    const lists = { sms: { opt_out: ['HALT'], opt_in: ['RESUME'] }, whatsapp: { opt_out: ['BASTA', 'OPT-OUT'] }, rcs: { opt_out: ['STOP'] } };
    expect(readMessage(lists, 'whatsapp', 'basta ya!')).toEqual({ kind: 'to_review', phrase: 'BASTA' });
    expect(readMessage(lists, 'whatsapp', 'I opt out')).toEqual({ kind: 'to_review', phrase: 'OPT OUT' });
    expect(readMessage(lists, 'sms', 'basta ya!')).toEqual({ kind: 'not_keyword' });
    expect(readMessage(lists, 'sms', 'halt now')).toEqual({ kind: 'to_review', phrase: 'HALT' });
    // STOP is no keyword on SMS here, but it still says an opt-out.
    expect(readMessage(lists, 'sms', 'STOP')).toEqual({ kind: 'to_review', phrase: 'STOP' });
    expect(readMessage(lists, 'sms', 'resume please')).toEqual({ kind: 'not_keyword' });
    // An opt-in word that is also a common phrasing stays an opt-in word.
    const odd = { ...lists, sms: { opt_out: ['HALT'], opt_in: ['STOP'] } };
    expect(readMessage(odd, 'sms', 'STOP please').kind).toBe('not_keyword');
  });
});
