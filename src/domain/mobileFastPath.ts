import { Metadata, type CountryCode } from 'libphonenumber-js/core';
import { PHONE_METADATA, possibleMobileWithLibrary } from './mobileLibrary';

/**
 * A fast answer to `possibleMobileWithLibrary(text, defaultCountry)` for the shapes an
 * import is made of: ASCII digits with an optional leading `+`, spaces, dashes, dots,
 * slashes and parentheses. libphonenumber-js spends ~5 µs a number, mostly compiling the
 * same regular expressions again on every call; this is its own parsing algorithm
 * (parse.js, extractCountryCallingCode.js, extractNationalNumber.js, checkNumberLength.js
 * of libphonenumber-js 1.13) restricted to those shapes, with the metadata's patterns
 * compiled once per country and its length rules tabulated per calling code.
 *
 * Returns the E.164 number, `false` when the library would find no possible number, or
 * `undefined` when it is not sure — any other character, a country that must be picked
 * by per-type patterns (the lengths of the countries sharing a calling code disagree),
 * a non-geographic calling code, input the library would refuse before the length rules
 * — and the caller asks the library.
 */
export function fastPossibleMobile(text: string, defaultCountry: CountryCode): string | false | undefined {
  const context = contextFor(defaultCountry);
  return context.trusted ? answer(text, context) : undefined;
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
  /** `isPossible()` of a national number of this length. */
  possible: Int8Array;
  /** extractNationalNumber's "still long enough after stripping the national prefix". */
  longEnoughAfterPrefix: Int8Array;
}

interface CountryContext {
  plan: Plan;
  group: CallingCodeGroup;
  trusted: boolean;
}

function answer(text: string, context: CountryContext): string | false | undefined {
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
    }
  }
  if (national === '') return undefined;

  const nationalNumber = extractNationalNumber(national, plan, group);
  if (nationalNumber === undefined) return undefined;
  if (nationalNumber.length < MIN_NATIONAL_LENGTH || nationalNumber.length > MAX_NATIONAL_LENGTH) return undefined;
  const possible = group.possible[nationalNumber.length];
  if (possible === YES) return `+${group.callingCode}${nationalNumber}`;
  if (possible === NO) return false;
  return undefined;
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
}

const plans = new Map<string, Plan>();
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
  return { callingCode, main: planFor(main), possible, longEnoughAfterPrefix };
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
    if (group === null) {
      context = { plan, group: emptyGroup(plan), trusted: false };
    } else {
      context = { plan, group, trusted: true };
      context.trusted = checkAgainstLibrary(country, context);
    }
    contexts.set(country, context);
  }
  return context;
}

function emptyGroup(plan: Plan): CallingCodeGroup {
  return { callingCode: plan.callingCode, main: plan, possible: new Int8Array(0), longEnoughAfterPrefix: new Int8Array(0) };
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
        if (fast !== undefined && fast !== (possibleMobileWithLibrary(shape, country) ?? false)) return false;
      }
    }
  }
  return true;
}
