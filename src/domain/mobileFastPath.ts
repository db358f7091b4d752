import { Metadata, type CountryCode } from 'libphonenumber-js/core';
import { mobileWithLibrary, PHONE_METADATA, type PossibleMobile } from './mobileLibrary';

/**
 * A fast answer to `mobileWithLibrary(text, defaultCountry)` for the shapes an import is
 * made of: ASCII digits with an optional leading `+`, spaces, dashes, dots, slashes and
 * parentheses. libphonenumber-js spends ~5 µs a number, mostly compiling the same regular
 * expressions again on every call; this is its own parsing algorithm (parse.js,
 * extractCountryCallingCode.js, extractNationalNumber.js, checkNumberLength.js,
 * getCountryByCallingCode.js, isValid.js, getNumberType.js of libphonenumber-js 1.13)
 * restricted to those shapes, with the metadata's patterns compiled once per country, its
 * length rules tabulated per calling code, and its validity patterns compiled into one
 * automaton per country (see `DigitAutomaton`).
 *
 * Returns the possible number with its validity, `false` when the library would find no
 * possible number, or `undefined` when it is not sure — any other character, a country
 * that must be picked by per-type patterns (the lengths of the countries sharing a
 * calling code disagree), a non-geographic calling code, input the library would refuse
 * before the length rules — and the caller asks the library.
 */
export function fastMobile(text: string, defaultCountry: CountryCode): PossibleMobile | false | undefined {
  const context = contextFor(defaultCountry);
  return context.trusted ? answer(text, context) : undefined;
}

/** `fastMobile` without the validity: the E.164 number, `false` or `undefined` alike. */
export function fastPossibleMobile(text: string, defaultCountry: CountryCode): string | false | undefined {
  const found = fastMobile(text, defaultCountry);
  return found === undefined || found === false ? found : found.e164;
}

/** Whether the fast path answers for this country (see `checkAgainstLibrary`). */
export function isFastPathTrusted(defaultCountry: CountryCode): boolean {
  return contextFor(defaultCountry).trusted;
}

/** Longer text goes to the library, which also enforces its own 250-character limit. */
const MAX_TEXT_LENGTH = 64;
/** The library drops a national (significant) number outside 2..17 digits (constants.js). */
const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;
/** Length tables cover every national number a 64-character text can lead to. */
const TABLE_SIZE = 128;
const ZERO = 48;
const NINE = 57;
const PLUS = 43;

const YES = 1;
const NO = 0;
const MIXED = -1;
type Verdict = typeof YES | typeof NO | typeof MIXED;

interface Plan {
  callingCode: string;
  nationalPrefix: string | undefined;
  iddPrefix: RegExp;
  nationalPrefixForParsing: RegExp | undefined;
  nationalPrefixTransformRule: string | undefined;
  nationalNumberPattern: RegExp;
  possibleLengths: readonly number[] | undefined;
}

/**
 * The countries sharing one calling code. The library picks one of them by per-type
 * patterns and checks lengths against that country's list; the tables say, per length,
 * whether every member gives the same answer (then the pick cannot matter) or not.
 */
interface CallingCodeGroup {
  callingCode: string;
  main: Plan;
  /** Its countries in the metadata's order, the first being the main one. */
  members: readonly Validity[];
  /** `isPossible()` of a national number of this length. */
  possible: Int8Array;
  /** extractNationalNumber's "still long enough after stripping the national prefix". */
  longEnoughAfterPrefix: Int8Array;
}

/** What `isValid()` reads of one country. */
interface Validity {
  country: string;
  /**
   * `^(?:leadingDigits)`: among countries sharing a calling code, the library picks one
   * whose leading digits match the number, without checking its patterns.
   */
  leadingDigits: RegExp | undefined;
  /** The general pattern and every per-type pattern, read in one pass (see `compileAutomaton`). */
  automaton: DigitAutomaton;
}

interface CountryContext {
  plan: Plan;
  group: CallingCodeGroup;
  validity: Validity;
  trusted: boolean;
}

function answer(text: string, context: CountryContext): PossibleMobile | false | undefined {
  const scanned = scanDigits(text);
  if (scanned === undefined) return undefined;
  let digits = scanned.digits;
  let international = scanned.international;

  // extractCountryCallingCode: an IDD prefix (`00` in India) makes the number
  // international, unless nothing or a `0` follows it.
  if (!international) {
    const idd = context.plan.iddPrefix.exec(digits);
    if (idd !== null) {
      const rest = digits.slice(idd[0].length);
      if (rest !== '' && rest !== digits && rest.charCodeAt(0) !== ZERO) {
        digits = rest;
        international = true;
      }
    }
  }

  let group = context.group;
  let plan = context.plan;
  let national = digits;
  // The library reads a national number in the default country; otherwise in the
  // country it picks for the calling code.
  let readNationally = !international;
  if (international) {
    if (digits.charCodeAt(0) === ZERO) return undefined;
    const found = findCallingCode(digits);
    if (found === undefined) return undefined;
    group = found;
    plan = found.main;
    national = digits.slice(found.callingCode.length);
  } else if (digits.startsWith(context.plan.callingCode)) {
    // extractCountryCallingCodeFromInternationalNumberWithoutPlusSign: `919876543210`
    // with default IN is +91 when that reads better than a national number.
    const shorter = digits.slice(context.plan.callingCode.length);
    if (shorter === '') return undefined;
    const shorterNational = extractNationalNumber(shorter, context.plan, context.group);
    const fullNational = extractNationalNumber(digits, context.plan, context.group);
    if (shorterNational === undefined || fullNational === undefined) return undefined;
    const pattern = context.plan.nationalNumberPattern;
    if (
      (!pattern.test(fullNational) && pattern.test(shorterNational)) ||
      lengthCheck(fullNational.length, context.plan.possibleLengths) === 'TOO_LONG'
    ) {
      plan = context.group.main;
      national = shorter;
      readNationally = false;
    }
  }
  if (national === '') return undefined;

  const nationalNumber = extractNationalNumber(national, plan, group);
  if (nationalNumber === undefined) return undefined;
  if (nationalNumber.length < MIN_NATIONAL_LENGTH || nationalNumber.length > MAX_NATIONAL_LENGTH) return undefined;
  const possible = group.possible[nationalNumber.length];
  if (possible === YES) return judge(`+${group.callingCode}${nationalNumber}`, nationalNumber, group, readNationally ? context.validity : undefined);
  if (possible === NO) return false;
  return undefined;
}

/**
 * parse.js's country (getCountryByCallingCode: the only country of the calling code, or
 * the first whose leading digits or type patterns fit; failing that the default country
 * for a national number) and `isValid()` in that country, or in the calling code's main
 * country when there is none.
 */
function judge(e164: string, nationalNumber: string, group: CallingCodeGroup, readIn: Validity | undefined): PossibleMobile {
  const { members } = group;
  let country = members.length === 1 ? members[0] : undefined;
  for (let i = 0; country === undefined && i < members.length; i++) {
    const member = members[i];
    if (member === undefined) continue;
    if (member.leadingDigits === undefined ? isValidIn(member, nationalNumber) : member.leadingDigits.test(nationalNumber)) country = member;
  }
  const judged = country ?? readIn ?? members[0];
  const valid = judged !== undefined && isValidIn(judged, nationalNumber);
  return { e164, valid, readIn: readIn?.country ?? judged?.country ?? `+${group.callingCode}` };
}

/**
 * isValid.js for a country: getNumberType.js finds a type, which takes the general
 * pattern and one type's pattern at one of that type's lengths; for a country the
 * metadata gives no types, the general pattern alone.
 */
function isValidIn(validity: Validity, nationalNumber: string): boolean {
  const { next, matches, typesOfLength } = validity.automaton;
  let state = 0;
  for (let i = 0; i < nationalNumber.length; i++) {
    state = next[state * 10 + nationalNumber.charCodeAt(i) - ZERO] ?? DEAD;
    if (state === DEAD) return false;
  }
  const matched = matches[state] ?? 0;
  return (matched & GENERAL_PATTERN) !== 0 && (matched & (typesOfLength[nationalNumber.length] ?? 0)) !== 0;
}

/**
 * Whether libphonenumber-js's `isValid()` holds for a national number (ASCII digits) in
 * a country, computed the fast way; undefined where the fast path leaves the country to
 * the library.
 */
export function isValidNationalNumber(country: CountryCode, nationalNumber: string): boolean | undefined {
  const validity = validityFor(country);
  return validity === undefined ? undefined : isValidIn(validity, nationalNumber);
}

/**
 * The digits and leading `+` that the library's parseIncompletePhoneNumber keeps, for
 * text whose every other character is punctuation the library skips. Anything else
 * (letters, `#`, `~`, `,`, `;`, tabs, a `+` after a digit, non-ASCII digits) can mean an
 * extension, an RFC 3966 URI or a number found inside text: the library decides those.
 */
function scanDigits(text: string): { digits: string; international: boolean } | undefined {
  const length = text.length;
  if (length > MAX_TEXT_LENGTH) return undefined;
  let international = false;
  let digits = '';
  let segmentStart = 0;
  let digitCount = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= ZERO && code <= NINE) {
      digitCount++;
      continue;
    }
    if (code === PLUS) {
      // The library starts reading at the first `+` or digit, so a `+` after nothing but
      // punctuation, as in `(+91) 98765 43210`, is the leading one.
      if (digitCount > 0 || international) return undefined;
      international = true;
    } else if (code !== 32 && code !== 40 && code !== 41 && code !== 45 && code !== 46 && code !== 47) {
      // not space ( ) - . /
      return undefined;
    }
    if (i > segmentStart) digits += text.slice(segmentStart, i);
    segmentStart = i + 1;
  }
  if (segmentStart === 0) digits = text;
  else if (segmentStart < length) digits += text.slice(segmentStart);
  // Fewer than three digits meets the library's viability rules in ways not worth copying.
  if (digitCount < 3) return undefined;
  return { digits, international };
}

/**
 * extractNationalNumber: strips the national prefix (or applies its transform rule) unless
 * that turns a number matching the national pattern into one that does not, or leaves it
 * too short. `undefined` when "too short" depends on which country sharing the calling
 * code the library would pick.
 */
function extractNationalNumber(number: string, plan: Plan, group: CallingCodeGroup): string | undefined {
  const nationalNumber = stripNationalPrefix(number, plan);
  if (nationalNumber === number) return number;
  if (plan.nationalNumberPattern.test(number) && !plan.nationalNumberPattern.test(nationalNumber)) return number;
  const longEnough = group.longEnoughAfterPrefix[nationalNumber.length];
  if (longEnough === YES) return nationalNumber;
  if (longEnough === NO) return number;
  return undefined;
}

/** extractNationalNumberFromPossiblyIncompleteNumber, without the carrier code. */
function stripNationalPrefix(number: string, plan: Plan): string {
  const prefix = plan.nationalPrefixForParsing;
  if (number === '' || prefix === undefined) return number;
  const match = prefix.exec(number);
  if (match === null) return number;
  const capturedGroupsCount = match.length - 1;
  const hasCapturedGroups = capturedGroupsCount > 0 && Boolean(match[capturedGroupsCount]);
  if (plan.nationalPrefixTransformRule !== undefined && hasCapturedGroups) {
    return number.replace(prefix, plan.nationalPrefixTransformRule);
  }
  return number.slice(match[0].length);
}

type LengthCheck = 'IS_POSSIBLE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH';

/** checkNumberLength for no particular number type. */
function lengthCheck(length: number, possibleLengths: readonly number[] | undefined): LengthCheck {
  if (possibleLengths === undefined) return 'IS_POSSIBLE';
  const minimum = possibleLengths[0];
  const maximum = possibleLengths[possibleLengths.length - 1];
  if (minimum === undefined || maximum === undefined) return 'IS_POSSIBLE';
  if (minimum === length) return 'IS_POSSIBLE';
  if (minimum > length) return 'TOO_SHORT';
  if (maximum < length) return 'TOO_LONG';
  return possibleLengths.indexOf(length, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH';
}

/** The numbering-plan accessors libphonenumber-js's parser calls (metadata.js); its .d.ts omits them. */
interface NumberingPlanAccessors {
  callingCode(): string;
  IDDPrefix(): string;
  nationalPrefix(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(name: NumberType): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

/** The types getNumberType.js tries. */
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;
type NumberType = (typeof NUMBER_TYPES)[number];

const plans = new Map<string, Plan>();
const countryValidities = new Map<string, Validity | undefined>();
const groups = new Map<string, CallingCodeGroup | null>();
const contexts = new Map<string, CountryContext>();

function planFor(country: CountryCode): Plan {
  let plan = plans.get(country);
  if (plan === undefined) {
    const metadata = new Metadata(PHONE_METADATA);
    metadata.selectNumberingPlan(country);
    const accessors = metadata.numberingPlan as unknown as NumberingPlanAccessors;
    const forParsing = accessors.nationalPrefixForParsing();
    const transformRule = accessors.nationalPrefixTransformRule();
    // The same expressions the library builds on every call (stripIddPrefix.js,
    // extractNationalNumberFromPossiblyIncompleteNumber.js, matchesEntirely.js); the IDD
    // one is anchored because the library only accepts a match at position 0.
    plan = {
      callingCode: accessors.callingCode(),
      nationalPrefix: accessors.nationalPrefix() || undefined,
      iddPrefix: new RegExp(`^(?:${accessors.IDDPrefix()})`),
      nationalPrefixForParsing: forParsing ? new RegExp(`^(?:${forParsing})`) : undefined,
      nationalPrefixTransformRule: transformRule || undefined,
      nationalNumberPattern: new RegExp(`^(?:${accessors.nationalNumberPattern()})$`),
      possibleLengths: accessors.possibleLengths(),
    };
    plans.set(country, plan);
  }
  return plan;
}

/** Undefined when a pattern of the country is written in more than `parseDigitPattern` reads. */
function validityFor(country: string): Validity | undefined {
  if (countryValidities.has(country)) return countryValidities.get(country);
  const metadata = new Metadata(PHONE_METADATA);
  metadata.selectNumberingPlan(country as CountryCode);
  const accessors = metadata.numberingPlan as unknown as NumberingPlanAccessors;
  const leadingDigits = accessors.leadingDigits();
  const automaton = validityAutomaton(accessors);
  const validity =
    automaton === undefined ? undefined : { country, leadingDigits: leadingDigits ? new RegExp(`^(?:${leadingDigits})`) : undefined, automaton };
  countryValidities.set(country, validity);
  return validity;
}

/** Bit 0 of a state's matches: the general national-number pattern; bit 1 + i: NUMBER_TYPES[i]. */
const GENERAL_PATTERN = 1;

function validityAutomaton(accessors: NumberingPlanAccessors): DigitAutomaton | undefined {
  const patterns = [accessors.nationalNumberPattern()];
  const typesOfLength = new Int32Array(TABLE_SIZE);
  if (!accessors.hasTypes()) typesOfLength.fill(GENERAL_PATTERN);
  else {
    for (const name of NUMBER_TYPES) {
      const type = accessors.type(name);
      const pattern = type?.pattern();
      if (type === undefined || !pattern) continue;
      const bit = 1 << patterns.length;
      patterns.push(pattern);
      // A type without lengths of its own has the country's; with none at all, any length.
      const lengths = type.possibleLengths();
      for (let length = 0; length < TABLE_SIZE; length++) {
        if (lengths === undefined || lengths.includes(length)) typesOfLength[length] = (typesOfLength[length] ?? 0) | bit;
      }
    }
  }
  const parsed: DigitPattern[] = [];
  for (const pattern of patterns) {
    const node = parseDigitPattern(pattern);
    if (node === undefined) return undefined;
    parsed.push(node);
  }
  return { ...compileAutomaton(parsed), typesOfLength };
}

/** The group for a geographic calling code; null for a non-geographic or unknown one. */
function groupFor(callingCode: string): CallingCodeGroup | null {
  let group = groups.get(callingCode);
  if (group === undefined) {
    group = buildGroup(callingCode);
    groups.set(callingCode, group);
  }
  return group;
}

function buildGroup(callingCode: string): CallingCodeGroup | null {
  const countries = Object.prototype.hasOwnProperty.call(PHONE_METADATA.country_calling_codes, callingCode)
    ? PHONE_METADATA.country_calling_codes[callingCode]
    : undefined;
  const main = countries?.[0];
  if (countries === undefined || main === undefined) return null;
  const members = countries.map(planFor);
  // isPossible() throws for a plan without lengths; leave such metadata to the library.
  if (members.some((member) => member.possibleLengths === undefined)) return null;
  const possible = new Int8Array(TABLE_SIZE);
  const longEnoughAfterPrefix = new Int8Array(TABLE_SIZE);
  for (let length = 0; length < TABLE_SIZE; length++) {
    possible[length] = agree(members.map((member) => lengthCheck(length, member.possibleLengths) === 'IS_POSSIBLE'));
    longEnoughAfterPrefix[length] = agree(
      members.map((member) => {
        const check = lengthCheck(length, member.possibleLengths);
        return check !== 'TOO_SHORT' && check !== 'INVALID_LENGTH';
      }),
    );
  }
  const validities: Validity[] = [];
  for (const country of countries) {
    const validity = validityFor(country);
    if (validity === undefined) return null;
    validities.push(validity);
  }
  return { callingCode, main: planFor(main), members: validities, possible, longEnoughAfterPrefix };
}

function agree(answers: boolean[]): Verdict {
  if (answers.every(Boolean)) return YES;
  if (answers.every((a) => !a)) return NO;
  return MIXED;
}

/** extractCountryCallingCode's scan: calling codes are prefix-free, 1 to 3 digits. */
function findCallingCode(digits: string): CallingCodeGroup | undefined {
  for (let length = 1; length <= 3 && length <= digits.length; length++) {
    const candidate = digits.slice(0, length);
    const group = groupFor(candidate);
    if (group !== null) return group;
    // A non-geographic code (+800, +882…) is a match too: not ours to answer.
    if (Object.prototype.hasOwnProperty.call(PHONE_METADATA.nonGeographic, candidate)) return undefined;
  }
  return undefined;
}

function contextFor(country: CountryCode): CountryContext {
  let context = contexts.get(country);
  if (context === undefined) {
    const plan = planFor(country);
    const group = groupFor(plan.callingCode);
    const validity = validityFor(country);
    if (group === null || validity === undefined) {
      // Never read: the fast path does not answer for an untrusted country.
      context = { plan, group: emptyGroup(plan), validity: { country, leadingDigits: undefined, automaton: EMPTY_AUTOMATON }, trusted: false };
    } else {
      context = { plan, group, validity, trusted: true };
      context.trusted = checkAgainstLibrary(country, context);
    }
    contexts.set(country, context);
  }
  return context;
}

function emptyGroup(plan: Plan): CallingCodeGroup {
  return { callingCode: plan.callingCode, main: plan, members: [], possible: new Int8Array(0), longEnoughAfterPrefix: new Int8Array(0) };
}

/**
 * Probes the library once per country with a deterministic set of the common shapes and
 * trusts the fast path only if it agrees on every one it answers. A libphonenumber-js
 * upgrade that changes the parsing algorithm then costs speed, never correctness; the
 * property test (tests/unit/domain/mobileFastPath.test.ts) is the thorough check.
 */
function checkAgainstLibrary(country: CountryCode, context: CountryContext): boolean {
  const { callingCode, nationalPrefix, possibleLengths } = context.plan;
  const lengths = possibleLengths ?? [];
  for (const length of [...lengths, (lengths[0] ?? 8) - 1, (lengths[lengths.length - 1] ?? 10) + 1]) {
    for (const lead of ['1', '2', '5', '7', '9']) {
      const national = (lead + '8765432109876543').slice(0, Math.max(length, 1));
      const spaced = `${national.slice(0, 5)} ${national.slice(5)}`;
      const shapes = [
        national,
        spaced,
        `${nationalPrefix ?? ''}${national}`,
        `${callingCode}${national}`,
        `+${callingCode}${national}`,
        `+${callingCode}-${national.slice(0, 5)}-${national.slice(5)}`,
        `00${callingCode} ${spaced}`,
        `(${nationalPrefix ?? ''}${national.slice(0, 3)}) ${national.slice(3)}`,
      ];
      for (const shape of shapes) {
        const fast = answer(shape, context);
        if (fast !== undefined && !sameAnswer(fast, mobileWithLibrary(shape, country))) return false;
      }
    }
  }
  return true;
}

function sameAnswer(fast: PossibleMobile | false, library: PossibleMobile | undefined): boolean {
  if (fast === false || library === undefined) return fast === false && library === undefined;
  return fast.e164 === library.e164 && fast.valid === library.valid && fast.readIn === library.readIn;
}

/**
 * The metadata's national-number patterns are regular expressions over digits in a small
 * dialect: digits, classes of digits (`[02-9]`), `\d`, groups, `|`, `?` and `{n}` or
 * `{n,m}`. libphonenumber-js tests them as RegExps, and one test of India's 900-character
 * mobile pattern costs more than the rest of the fast path. Compiled together into one
 * deterministic automaton over the ten digits, the general pattern and every type are read
 * in one table lookup a digit, and the state reached says which of them match.
 */
interface DigitAutomaton {
  /** `next[state * 10 + digit]`: the state after that digit, or DEAD when no pattern can match any more. */
  next: Int32Array;
  /** Per state, a bit per pattern that matches the digits read to reach it. */
  matches: Int32Array;
  /** Per length, the bits of the types whose numbers may have that length. */
  typesOfLength: Int32Array;
}

const DEAD = -1;
const ANY_DIGIT = 0x3ff;
const EMPTY_AUTOMATON: DigitAutomaton = { next: new Int32Array(10).fill(DEAD), matches: new Int32Array(1), typesOfLength: new Int32Array(TABLE_SIZE) };

type DigitPattern =
  | { kind: 'digits'; mask: number }
  | { kind: 'sequence'; items: DigitPattern[] }
  | { kind: 'choice'; options: DigitPattern[] }
  | { kind: 'repeat'; item: DigitPattern; min: number; max: number };

class BeyondDialect extends Error {}

/** The pattern's syntax tree, or undefined for syntax beyond the dialect (the library then decides). */
function parseDigitPattern(source: string): DigitPattern | undefined {
  let at = 0;
  const digitAt = (index: number): number => {
    const digit = source.charCodeAt(index) - ZERO;
    if (digit >= 0 && digit <= 9) return digit;
    throw new BeyondDialect();
  };
  const choice = (): DigitPattern => {
    const options = [sequence()];
    while (source[at] === '|') {
      at++;
      options.push(sequence());
    }
    return options.length === 1 && options[0] !== undefined ? options[0] : { kind: 'choice', options };
  };
  const sequence = (): DigitPattern => {
    const items: DigitPattern[] = [];
    while (at < source.length && source[at] !== '|' && source[at] !== ')') items.push(quantified(atom()));
    return { kind: 'sequence', items };
  };
  const atom = (): DigitPattern => {
    if (source.startsWith('(?:', at)) {
      at += 3;
      const inner = choice();
      if (source[at] !== ')') throw new BeyondDialect();
      at++;
      return inner;
    }
    if (source[at] === '[') {
      let mask = 0;
      for (at++; source[at] !== ']'; ) {
        const low = digitAt(at);
        const range = source[at + 1] === '-';
        const high = range ? digitAt(at + 2) : low;
        for (let digit = low; digit <= high; digit++) mask |= 1 << digit;
        at += range ? 3 : 1;
      }
      at++;
      return { kind: 'digits', mask };
    }
    if (source.startsWith('\\d', at)) {
      at += 2;
      return { kind: 'digits', mask: ANY_DIGIT };
    }
    const digit = digitAt(at);
    at++;
    return { kind: 'digits', mask: 1 << digit };
  };
  const quantified = (item: DigitPattern): DigitPattern => {
    if (source[at] === '?') {
      at++;
      return { kind: 'repeat', item, min: 0, max: 1 };
    }
    if (source[at] !== '{') return item;
    const bounds = /^\{(\d+)(?:,(\d+))?\}/.exec(source.slice(at));
    if (bounds === null) throw new BeyondDialect();
    at += bounds[0].length;
    const min = Number(bounds[1]);
    const max = bounds[2] === undefined ? min : Number(bounds[2]);
    if (max < min) throw new BeyondDialect();
    return { kind: 'repeat', item, min, max };
  };
  try {
    const pattern = choice();
    return at === source.length ? pattern : undefined;
  } catch (error) {
    if (error instanceof BeyondDialect) return undefined;
    throw error;
  }
}

/**
 * Thompson's construction, then the subset construction. The dialect has no unbounded
 * repetition, so both automata are acyclic and small (India: ~600 states, built in a few
 * milliseconds once per country). Pattern `i` of the list sets bit `i` of `matches`.
 */
function compileAutomaton(patterns: readonly DigitPattern[]): Pick<DigitAutomaton, 'next' | 'matches'> {
  const edges: { mask: number; to: number }[][] = [[]];
  const empty: number[][] = [[]];
  const accepts: number[] = [0];
  const newState = (): number => {
    edges.push([]);
    empty.push([]);
    accepts.push(0);
    return edges.length - 1;
  };
  const link = (from: number, to: number): void => {
    empty[from]?.push(to);
  };
  const build = (pattern: DigitPattern, from: number): number => {
    switch (pattern.kind) {
      case 'digits': {
        const to = newState();
        edges[from]?.push({ mask: pattern.mask, to });
        return to;
      }
      case 'sequence':
        return pattern.items.reduce((at, item) => build(item, at), from);
      case 'choice': {
        const to = newState();
        for (const option of pattern.options) link(build(option, from), to);
        return to;
      }
      case 'repeat': {
        let at = from;
        for (let i = 0; i < pattern.min; i++) at = build(pattern.item, at);
        if (pattern.max === pattern.min) return at;
        const to = newState();
        link(at, to);
        for (let i = pattern.min; i < pattern.max; i++) {
          at = build(pattern.item, at);
          link(at, to);
        }
        return to;
      }
    }
  };
  patterns.forEach((pattern, index) => {
    const end = build(pattern, 0);
    accepts[end] = (accepts[end] ?? 0) | (1 << index);
  });

  const closure = (states: Iterable<number>): number[] => {
    const reached = new Set(states);
    const pending = [...reached];
    for (let state = pending.pop(); state !== undefined; state = pending.pop()) {
      for (const to of empty[state] ?? []) {
        if (!reached.has(to)) {
          reached.add(to);
          pending.push(to);
        }
      }
    }
    return [...reached].sort((a, b) => a - b);
  };
  const ids = new Map<string, number>();
  const sets: number[][] = [];
  const idOf = (set: number[]): number => {
    const key = set.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = sets.length;
      ids.set(key, id);
      sets.push(set);
    }
    return id;
  };
  idOf(closure([0]));
  const next: number[] = [];
  const matches: number[] = [];
  for (let id = 0; id < sets.length; id++) {
    const set = sets[id] ?? [];
    matches.push(set.reduce((bits, state) => bits | (accepts[state] ?? 0), 0));
    for (let digit = 0; digit < 10; digit++) {
      const targets = new Set<number>();
      for (const state of set) for (const edge of edges[state] ?? []) if (edge.mask & (1 << digit)) targets.add(edge.to);
      next.push(targets.size === 0 ? DEAD : idOf(closure(targets)));
    }
  }
  return { next: Int32Array.from(next), matches: Int32Array.from(matches) };
}
