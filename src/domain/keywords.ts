import type { Channel } from './channels';

/** The channels keyword capture acts on: an inbound message arrives over one of these. */
export const KEYWORD_CHANNELS = ['sms', 'whatsapp', 'rcs'] as const;
export type KeywordChannel = (typeof KEYWORD_CHANNELS)[number];

/**
 * Per channel, the words that opt a mobile out, and for SMS — the only channel with a
 * full opt-in/opt-out cycle — the words that lift an `opt_out` block again.
 */
export interface KeywordLists {
  sms: { opt_out: string[]; opt_in: string[] };
  whatsapp: { opt_out: string[] };
  rcs: { opt_out: string[] };
}

const OPT_OUT_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];

export const DEFAULT_KEYWORDS: Readonly<KeywordLists> = {
  sms: { opt_out: [...OPT_OUT_WORDS], opt_in: ['START', 'UNSTOP'] },
  whatsapp: { opt_out: [...OPT_OUT_WORDS] },
  rcs: { opt_out: [...OPT_OUT_WORDS] },
};

export const MAX_KEYWORD_LENGTH = 40;
export const MAX_KEYWORDS_PER_LIST = 50;

// Punctuation, spaces, invisible format characters (a zero-width space pasted from a
// phone's keyboard), symbols and emoji (with their variation selectors and skin tones)
// around a word are ignored: "STOP 🛑", "<STOP>" and "STOP‼️" say STOP. Inside the
// message they still count: "STOP🛑NOW" is no keyword.
const SURROUNDING = /^[\p{P}\p{Z}\p{Cf}\p{S}\p{M}\p{Extended_Pictographic}\s]+|[\p{P}\p{Z}\p{Cf}\p{S}\p{M}\p{Extended_Pictographic}\s]+$/gu;

/**
 * A message (or a configured word) as it is compared: NFKC (full-width `ＳＴＯＰ` is
 * `STOP`), surrounding punctuation and spaces removed, upper case. `"  stop!! "` is
 * `STOP`; `"STOP please"` is `STOP PLEASE`, which is no keyword.
 */
export function keywordForm(text: string): string {
  return text.normalize('NFKC').replace(SURROUNDING, '').toUpperCase();
}

export type KeywordAction = 'opt_out' | 'opt_in';

/** What a whole message means on a channel under the lists, or null when it is no keyword there. */
export function matchKeyword(lists: KeywordLists, channel: KeywordChannel, text: string): KeywordAction | null {
  const word = keywordForm(text);
  if (word === '') return null;
  if (lists[channel].opt_out.includes(word)) return 'opt_out';
  if (channel === 'sms' && lists.sms.opt_in.includes(word)) return 'opt_in';
  return null;
}

/**
 * What a message on a keyword channel means: exactly a keyword (applied by the job), a
 * message that says an opt-out in other words (`STOP please`, `pls unsubscribe me`,
 * `Please stop texting me`) — put in front of the officer "to review", never applied by
 * itself — or neither.
 */
export type MessageMeaning = { kind: 'keyword'; action: KeywordAction } | { kind: 'to_review'; phrase: string } | { kind: 'not_keyword' };

/**
 * Phrasings that say an opt-out whatever the lists hold (regulators expect an opt-out by
 * any reasonable means to be honoured); the channel's own opt-out words count too.
 */
const NEGATIONS = ['DO NOT', "DON'T", 'DONT', 'NEVER'];
const CONTACT_VERBS = ['TEXT', 'MESSAGE', 'CONTACT', 'CALL', 'SMS', 'EMAIL', 'SEND', 'WHATSAPP', 'SPAM'];
const OPT_OUT_PHRASES: readonly string[] = [
  'STOP',
  'UNSUBSCRIBE',
  'OPT OUT',
  'REMOVE ME',
  'TAKE ME OFF',
  ...['TEXTS', 'MESSAGES', 'SMS'].map((what) => `NO MORE ${what}`),
  ...NEGATIONS.flatMap((negation) => CONTACT_VERBS.map((verb) => `${negation} ${verb}`)),
];

/**
 * Words before a phrase that turn it into something else: a negated request (`don't stop`,
 * `do not unsubscribe me`, `please don't cancel`) and nouns (`non-stop`, `bus stop`, `the
 * end`). Other negations stay in front of the officer: `you never stop texting me` is a
 * complaint worth a look.
 */
const NOT_AN_OPT_OUT_BEFORE = new Set(["DON'T", 'DONT', 'DO NOT']);
const NOT_AN_OPT_OUT_NOUNS = new Set(['NON STOP', 'BUS STOP', 'THE END']);

/** The longest run of message words that can make one phrase (`do not text`, `take me off`). */
const MAX_PHRASE_WORDS = 4;

// A word is letters and digits (with their combining marks), an apostrophe inside it kept
// (`don't`); everything else — spaces, punctuation, `-`, symbols, emoji — separates words.
const WORD = /(?:[\p{L}\p{N}]\p{M}*)+(?:'(?:[\p{L}\p{N}]\p{M}*)+)*/gu;

/** A message's words as compared: NFKC, upper case, curly apostrophes straight, emoji variation selectors dropped. */
export function messageWords(text: string): string[] {
  const plain = text.normalize('NFKC').replace(/[\u2018\u2019\u02BC]/g, "'").replace(/[\uFE00-\uFE0F]/g, '').toUpperCase();
  return plain.match(WORD) ?? [];
}

/**
 * Phrases are compared without their spaces, so `opt out`, `opt-out` and `OPTOUT` are one
 * phrase and `stop all` is the STOPALL keyword; each key keeps the phrase as shown.
 */
type PhraseIndex = Map<string, string>;

const phraseIndexes = new WeakMap<KeywordLists, Map<KeywordChannel, PhraseIndex>>();

function phraseIndex(lists: KeywordLists, channel: KeywordChannel): PhraseIndex {
  let byChannel = phraseIndexes.get(lists);
  if (byChannel === undefined) phraseIndexes.set(lists, (byChannel = new Map()));
  let index = byChannel.get(channel);
  if (index !== undefined) return index;
  index = new Map();
  const optIn = new Set(channel === 'sms' ? lists.sms.opt_in.map((word) => messageWords(word).join('')) : []);
  for (const phrase of [...lists[channel].opt_out, ...OPT_OUT_PHRASES]) {
    const words = messageWords(phrase);
    const key = words.join('');
    // An opt-in word is never read as an opt-out, whatever the built-in phrases say.
    if (key === '' || optIn.has(key) || index.has(key)) continue;
    index.set(key, words.join(' '));
  }
  byChannel.set(channel, index);
  return index;
}

function negatedOrNoun(words: readonly string[], start: number, phrase: string): boolean {
  if (NEGATIONS.some((negation) => phrase.startsWith(`${negation} `))) return false;
  const before = words[start - 1] ?? '';
  const twoBefore = `${words[start - 2] ?? ''} ${before}`;
  const first = phrase.split(' ')[0] ?? '';
  return NOT_AN_OPT_OUT_BEFORE.has(before) || NOT_AN_OPT_OUT_BEFORE.has(twoBefore) || NOT_AN_OPT_OUT_NOUNS.has(`${before} ${first}`);
}

/**
 * The opt-out phrase a message says in other words, or null: one of the channel's opt-out
 * keywords or a common phrasing (STOP, UNSUBSCRIBE, OPT OUT, REMOVE ME, TAKE ME OFF, NO
 * MORE TEXTS, DO NOT / DON'T / NEVER TEXT, MESSAGE, CONTACT…) as whole words, in any case,
 * punctuation and emoji ignored — except directly after don't / do not, and in `non-stop`,
 * `bus stop`, `the end`. The channel's opt-in words never count. Call it on a message that
 * is not exactly a keyword.
 */
export function optOutPhrase(lists: KeywordLists, channel: KeywordChannel, text: string): string | null {
  const index = phraseIndex(lists, channel);
  const words = messageWords(text);
  for (let start = 0; start < words.length; start += 1) {
    let found: string | null = null;
    let key = '';
    for (let end = start; end < Math.min(words.length, start + MAX_PHRASE_WORDS); end += 1) {
      key += words[end];
      const phrase = index.get(key);
      if (phrase !== undefined) found = phrase;
    }
    if (found !== null && !negatedOrNoun(words, start, found)) return found;
  }
  return null;
}

/** A message on a keyword channel: exactly a keyword, an opt-out to review, or neither. */
export function readMessage(lists: KeywordLists, channel: KeywordChannel, text: string): MessageMeaning {
  const action = matchKeyword(lists, channel, text);
  if (action !== null) return { kind: 'keyword', action };
  const phrase = optOutPhrase(lists, channel, text);
  return phrase === null ? { kind: 'not_keyword' } : { kind: 'to_review', phrase };
}

/** How a `channel` cell reads: a keyword channel, the email channel, or unknown. */
export type MessageChannel = { kind: 'keyword'; channel: KeywordChannel } | { kind: 'email' } | { kind: 'unknown' };

const CHANNEL_ALIASES: Record<string, Channel> = {
  sms: 'sms',
  whatsapp: 'whatsapp',
  wa: 'whatsapp',
  rcs: 'rcs',
  email: 'email',
  mail: 'email',
};

/** `SMS`, `WhatsApp`, `whats app`, `WA`, `rcs`, `E-mail`: any case, spaces, `-` and `_` ignored. */
export function parseMessageChannel(value: string): MessageChannel {
  const key = value.toLowerCase().replace(/[\s_-]+/g, '');
  const channel = CHANNEL_ALIASES[key];
  if (channel === undefined) return { kind: 'unknown' };
  if (channel === 'email') return { kind: 'email' };
  return { kind: 'keyword', channel };
}

const CHANNEL_NAMES: Record<KeywordChannel, string> = { sms: 'SMS', whatsapp: 'WhatsApp', rcs: 'RCS' };

type ListCheck = { ok: true; words: string[] } | { ok: false; message: string };

function checkList(raw: unknown, where: string, mayBeEmpty: boolean): ListCheck {
  if (!Array.isArray(raw)) return { ok: false, message: `${where} must be a list of words` };
  if (raw.length > MAX_KEYWORDS_PER_LIST) return { ok: false, message: `${where} has ${raw.length} words; at most ${MAX_KEYWORDS_PER_LIST}` };
  const words: string[] = [];
  for (const item of raw) {
    if (typeof item !== 'string') return { ok: false, message: `${where} must be a list of words` };
    if (/\s/.test(item.trim())) return { ok: false, message: `${where}: "${item.trim()}" has a space; a keyword is one word` };
    const word = keywordForm(item);
    if (word === '') return { ok: false, message: `${where}: an empty word${item.trim() === '' ? '' : ` ("${item}" is only punctuation)`}` };
    if (/\s/.test(word)) return { ok: false, message: `${where}: "${item.trim()}" has a space; a keyword is one word` };
    if (word.length > MAX_KEYWORD_LENGTH) return { ok: false, message: `${where}: "${word.slice(0, 20)}…" is longer than ${MAX_KEYWORD_LENGTH} characters` };
    if (!words.includes(word)) words.push(word);
  }
  if (words.length === 0 && !mayBeEmpty) return { ok: false, message: `${where} needs at least one word` };
  return { ok: true, words };
}

/**
 * Validates keyword lists as given (settings, the API): every word non-empty, one word,
 * stored upper-cased; duplicates dropped. Opt-out lists need a word each (an empty one
 * would silently stop capturing opt-outs on that channel); the SMS opt-in list may be
 * empty, which turns opt-in off. A word cannot both opt out and opt in.
 */
export function parseKeywordLists(value: unknown): { ok: true; lists: KeywordLists } | { ok: false; message: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, message: 'keywords must be an object with sms, whatsapp and rcs lists' };
  const given = value as Record<string, Record<string, unknown> | undefined>;
  const lists: KeywordLists = { sms: { opt_out: [], opt_in: [] }, whatsapp: { opt_out: [] }, rcs: { opt_out: [] } };
  for (const channel of KEYWORD_CHANNELS) {
    const entry = given[channel];
    if (typeof entry !== 'object' || entry === null) return { ok: false, message: `keywords.${channel} is missing` };
    const optOut = checkList(entry.opt_out, `${CHANNEL_NAMES[channel]} opt-out keywords`, false);
    if (!optOut.ok) return optOut;
    lists[channel].opt_out = optOut.words;
  }
  const optIn = checkList(given.sms?.opt_in ?? [], 'SMS opt-in keywords', true);
  if (!optIn.ok) return optIn;
  const both = optIn.words.find((word) => lists.sms.opt_out.includes(word));
  if (both !== undefined) return { ok: false, message: `"${both}" is both an SMS opt-out and an opt-in keyword` };
  lists.sms.opt_in = optIn.words;
  return { ok: true, lists };
}
