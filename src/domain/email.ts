import { domainToASCII } from 'node:url';
import { accepted, rejected, type Normalized } from './normalized';
import { cleanRawIdentifier, countCodePoints, hasControlCharacter, hasLoneSurrogate, quoteForMessage } from './rawIdentifier';

export interface NormalizedEmail {
  /**
   * The address as written (trimmed): what the listing and exports show. A quoted local
   * part that needs no quotes is shown without them (`"john"@x.com` is `john@x.com`).
   */
  display: string;
  /** The match key: local part lower-cased, `@`, domain lower-cased in punycode. */
  key: string;
}

const LOCAL_PART_MAX_LENGTH = 64;
const ADDRESS_MAX_LENGTH = 254;
const LABEL_MAX_LENGTH = 63;

// Spaces of every kind and invisible format characters (zero-width space, BOM, bidi
// marks): in an address they are always a paste accident, and an address carrying one
// would never match the clean spelling of itself.
const SPACE_OR_INVISIBLE = /[\s\p{Z}\p{Cf}]/u;
// RFC 5322 atext, widened by RFC 6531 to every non-ASCII character (spaces and invisible
// characters are refused before this runs); dots are checked on their own.
const UNQUOTED_LOCAL_CHARACTER = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\u0080-\u{10FFFF}-]/u;
const QUOTED_LOCAL_PART = /^"(?:[^"\\]|\\.)+"$/u;
const QUOTED_PAIR = /\\(.)/gu;
// Only these may reach domainToASCII: the WHATWG host parser it uses would otherwise
// percent-decode (`ex%41mple.com` → `example.com`) or cut at `/`, `?` or `#`, quietly
// turning a malformed address into someone else's.
const RAW_DOMAIN_CHARACTER = /[A-Za-z0-9.\u0080-\u{10FFFF}-]/u;
const ASCII_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const DIGITS_ONLY = /^[0-9]+$/;

/**
 * Email addresses match case-insensitively on the whole address, with the original
 * spelling kept for display. Dots and `+tags` are part of the address: they are never
 * stripped (DESIGN.md, Identifiers).
 */
export function normalizeEmail(raw: string): Normalized<NormalizedEmail> {
  const address = cleanRawIdentifier(raw);
  return plainAsciiEmail(address) ?? normalizeEmailCarefully(address);
}

// The shape nearly every address in a vendor file has: ASCII dot-atom, ASCII domain with
// no punycode label. For it the careful path below can only lower-case, so this answers
// in a fraction of the time (imports normalise millions of addresses). Equality with
// the careful path is a property test (tests/unit/domain/email.test.ts).
const PLAIN_ASCII_ADDRESS =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const PUNYCODE_LABEL = /(?:^|[.@])xn--/i;
const DIGITS_TOP_LEVEL = /\.[0-9]+$/;

function plainAsciiEmail(address: string): Normalized<NormalizedEmail> | undefined {
  if (address.length > ADDRESS_MAX_LENGTH || !PLAIN_ASCII_ADDRESS.test(address)) return undefined;
  const at = address.indexOf('@');
  if (at > LOCAL_PART_MAX_LENGTH || PUNYCODE_LABEL.test(address) || DIGITS_TOP_LEVEL.test(address)) return undefined;
  return accepted({ display: address, key: address.toLowerCase() });
}

/** The full rules, for every address; `normalizeEmail` takes a shortcut for plain ones. */
export function normalizeEmailCarefully(address: string): Normalized<NormalizedEmail> {
  if (address === '') return rejected('empty', 'the email address is empty');
  const quoted = quoteForMessage(address);
  if (hasControlCharacter(address)) {
    return rejected('control_characters', `email address ${quoted} contains a control character (tab, line break or similar)`);
  }
  if (hasLoneSurrogate(address)) return invalid(`email address ${quoted} contains a broken character (an unpaired UTF-16 surrogate)`);
  if (SPACE_OR_INVISIBLE.test(address)) return invalid(`email address ${quoted} contains a space or an invisible character`);

  const split = splitAddress(address);
  if (typeof split === 'string') return invalid(`email address ${quoted} ${split}`);
  const { local, domain } = split;

  const localProblem = checkLocalPart(local);
  if (localProblem !== undefined) return invalid(`email address ${quoted} ${localProblem}`);
  const unquoted = needlesslyQuoted(local);
  if (unquoted !== undefined) return normalizeEmailCarefully(`${unquoted}@${domain}`);

  const asciiDomain = toAsciiDomain(domain);
  if (asciiDomain.ok === false) return invalid(`email address ${quoted} ${asciiDomain.problem}`);

  const key = `${local.toLowerCase().normalize('NFC')}@${asciiDomain.domain}`;
  const length = countCodePoints(key);
  if (length > ADDRESS_MAX_LENGTH) {
    return rejected('too_long', `email address ${quoted} is ${length} characters long; at most ${ADDRESS_MAX_LENGTH} are allowed`);
  }
  return accepted({ display: address, key });
}

function invalid(message: string): Normalized<NormalizedEmail> {
  return rejected('invalid_email', message);
}

/** Splits at the one `@` outside a quoted local part; a string is the problem found. */
function splitAddress(address: string): { local: string; domain: string } | string {
  let at: number;
  if (address.startsWith('"')) {
    const closing = findClosingQuote(address);
    if (closing < 0) return 'has an opening quote that is never closed';
    at = closing + 1;
    if (address[at] !== '@') return address.includes('@', at) ? 'has text between the closing quote and the @' : 'has no @';
    if (address.includes('@', at + 1)) return 'has more than one @ outside the quotes';
  } else {
    at = address.indexOf('@');
    if (at < 0) return 'has no @';
    if (address.includes('@', at + 1)) return 'has more than one @';
  }
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '') return 'has nothing before the @';
  if (domain === '') return 'has nothing after the @';
  return { local, domain };
}

function findClosingQuote(address: string): number {
  for (let i = 1; i < address.length; i++) {
    if (address[i] === '\\') i++;
    else if (address[i] === '"') return i;
  }
  return -1;
}

function checkLocalPart(local: string): string | undefined {
  const length = countCodePoints(local);
  if (length > LOCAL_PART_MAX_LENGTH) {
    return `has ${length} characters before the @; at most ${LOCAL_PART_MAX_LENGTH} are allowed`;
  }
  if (local.startsWith('"')) {
    return QUOTED_LOCAL_PART.test(local) ? undefined : 'has a badly quoted part before the @';
  }
  if (local.startsWith('.')) return 'starts with a dot';
  if (local.endsWith('.')) return 'has a dot just before the @';
  if (local.includes('..')) return 'has two dots in a row before the @';
  for (const character of local) {
    if (!UNQUOTED_LOCAL_CHARACTER.test(character)) return `has ${JSON.stringify(character)} before the @, which needs quoting`;
  }
  return undefined;
}

/**
 * The local part without its quotes when it reads the same without them: `"john"` names
 * the mailbox `john` (RFC 5322 3.4.1: quoted and unquoted forms are the same local part),
 * so both spellings must give one key. Undefined when the quotes are needed (`"john..doe"`,
 * `"a,b"`) or the local part is not quoted.
 */
function needlesslyQuoted(local: string): string | undefined {
  if (!local.startsWith('"')) return undefined;
  const inner = local.slice(1, -1).replace(QUOTED_PAIR, '$1');
  if (inner === '' || inner.startsWith('"')) return undefined;
  return checkLocalPart(inner) === undefined ? inner : undefined;
}

function toAsciiDomain(domain: string): { ok: true; domain: string } | { ok: false; problem: string } {
  if (domain.startsWith('[')) return { ok: false, problem: 'has an IP address instead of a domain name' };
  for (const character of domain) {
    if (!RAW_DOMAIN_CHARACTER.test(character)) {
      return { ok: false, problem: `has ${JSON.stringify(character)} in the domain, which a domain name cannot contain` };
    }
  }
  // domainToASCII applies UTS #46: lower-cases, maps full-width forms and converts
  // internationalised labels to punycode; it answers '' for what it cannot convert.
  const ascii = domainToASCII(domain).toLowerCase();
  if (ascii === '') return { ok: false, problem: 'has a domain that is not a valid internationalised domain name' };
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, problem: 'has a domain without a dot' };
  for (const label of labels) {
    if (label === '') return { ok: false, problem: 'has an empty part between dots in the domain' };
    if (label.length > LABEL_MAX_LENGTH) {
      return { ok: false, problem: `has a domain part of ${label.length} characters; at most ${LABEL_MAX_LENGTH} are allowed` };
    }
    if (!ASCII_LABEL.test(label)) {
      return { ok: false, problem: `has the domain part ${JSON.stringify(label)}, which is not letters, digits and inner hyphens` };
    }
  }
  const topLevel = labels[labels.length - 1] ?? '';
  if (DIGITS_ONLY.test(topLevel)) return { ok: false, problem: 'has a domain that ends in a number (an IP address?)' };
  return { ok: true, domain: ascii };
}
