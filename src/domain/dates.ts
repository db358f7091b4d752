import { cleanRawIdentifier, quoteForMessage } from './rawIdentifier';

/**
 * Reading a date cell strictly: a value is read only when it can mean one instant (or,
 * for a numeric day/month, exactly two, reported as ambiguous); anything else is a
 * problem with a sentence for the problem line, never a guess the way Date.parse guesses.
 * A date that cannot be used never cancels a block: the importer then dates the block
 * at import time. This runs on every row of an import (up to 1.5M, in a worker), so the
 * patterns are compiled once and time-zone offsets are cached per zone (see offsetAt).
 */

export type DateOrder = 'dmy' | 'mdy' | 'ymd';
export const DATE_ORDERS: readonly DateOrder[] = Object.freeze(['dmy', 'mdy', 'ymd'] as const);

// Month first in all-numeric dates. The US and the territories that follow its usage
// (AS, GU, MP, PR, VI, UM), the Philippines, Marshall Islands and Panama are month-first
// in CLDR's short date (what Excel and the OS write there). Micronesia and Palau are
// Compact of Free Association states whose records follow US usage; Wikipedia's "Date
// format by country" lists Micronesia as MDY (CLDR falls back to en-001 for both).
// Not here: Canada — its standard is ISO (read without any order) and its numeric usage
// is split (English often m/d, French and the traditional civil form d/m), so it keeps
// the majority d/m; its ambiguous rows are still reported as ambiguous. Belize is MDY in
// older Wikipedia tables but d/m in CLDR, so d/m.
export const MONTH_FIRST_COUNTRIES: ReadonlySet<string> = new Set(['US', 'AS', 'GU', 'MP', 'PR', 'VI', 'UM', 'PH', 'MH', 'FM', 'PW', 'PA']);

/** The usual order of all-numeric dates in a country (ISO 3166 alpha-2, any case). */
export function defaultDateOrder(country: string): DateOrder {
  return MONTH_FIRST_COUNTRIES.has(country.trim().toUpperCase()) ? 'mdy' : 'dmy';
}

export interface DateContext {
  /** IANA time zone for times written without a zone (e.g. 'Asia/Kolkata', 'UTC'); default: the computer's (localTimeZone()). */
  timeZone: string;
  /** "now" in ms since epoch; the sane range is 1970-01-01T00:00:00Z .. now + 1 day. */
  now: number;
  /** Whether a bare number may be an Excel serial day (1900 system) — true for a date column. Unix seconds / ms are always considered. */
  serials: boolean;
}

export interface DateProblem {
  ok: false;
  problem: 'unreadable' | 'out_of_range';
  /** A short sentence for a problem line. */
  message: string;
}

/** The outcome of reading one cell. */
export type DateReading =
  | { ok: true; ms: number; shows: 'dmy' | 'mdy' | null }
  | { ok: true; ms: number; alt: number; shows: null; ambiguous: true }
  | DateProblem;

/** The computer's IANA time zone: the default for DateContext.timeZone. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Reads one cell. A numeric day/month whose parts are both 12 or less (and differ) is
 * ambiguous: ms is the day-first reading, alt the month-first one. When only one of the
 * two readings falls in the sane range, that one is the only usable date and is returned
 * plainly, with shows: null (the range decided, not the digits).
 */
export function readDate(text: string, ctx: DateContext): DateReading {
  try {
    return read(text, ctx, null, true);
  } catch {
    return notADate(String(text));
  }
}

/** readDate without its shortcut for the common shapes; the two agree (a property test says so). */
export function readDateCarefully(text: string, ctx: DateContext): DateReading {
  try {
    return read(text, ctx, null, false);
  } catch {
    return notADate(String(text));
  }
}

/**
 * Reads a single value whose order is known. An ambiguous d/m takes the order; a value
 * that proves the other order is read as it proves (25/01/2022 is 25 January whatever the
 * order). With 'ymd', a value whose parts are all one or two digits is year-first
 * (24/03/14 is 2024-03-14), and a year-last value that could be either d/m or m/d is
 * refused: the order does not say which.
 */
export function readDateInOrder(text: string, order: DateOrder, ctx: DateContext): { ok: true; ms: number } | DateProblem {
  let reading: DateReading;
  try {
    reading = read(text, ctx, order, true);
  } catch {
    return notADate(String(text));
  }
  return reading.ok ? { ok: true, ms: reading.ms } : reading;
}

/** Whether Intl knows the IANA time zone name (e.g. 'Asia/Kolkata'). */
export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && clockFor(zone) !== null;
}

// ---- Patterns --------------------------------------------------------------------

// `10:22`, `4:05:09.123`, `4:05 PM`, `4:05 p.m.`: 5 groups (hour, minute, second, fraction, a/p).
const CLOCK = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([ap])\.?m\.?)?`;
// ISO times always have two-digit hours and no AM/PM: 4 groups.
const ISO_CLOCK = String.raw`(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?`;
// `Z`, `UTC`, `GMT`, RFC 2822's US zones, `+05:30`, `+0530`, `+05`, `GMT+0000` with
// Date.toString's `(Coordinated Universal Time)` after it: 4 groups (name, sign, hh, mm).
const ZONE = String.raw`(?:\s*(?:(z|utc|ut|gmt|[ecmp][sd]t)|(?:gmt|utc|ut)?([+-])(\d{2})(?::?(\d{2}))?)(?:\s*\([^()]{0,64}\))?)?`;
const WEEKDAY = String.raw`(?:([a-z]{3,9})\.?,?\s+)?`;

// 1-3 date, 4-7 clock, 8-11 zone
const ISO_DATE = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[t\s]${ISO_CLOCK}${ZONE})?$`, 'i');
// 1 first part, 2 separator, 3 second part, 4 third part, 5-9 clock, 10-13 zone
const NUMERIC_DATE = new RegExp(String.raw`^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?:(?:t|,?\s+)${CLOCK}${ZONE})?$`, 'i');
// `14-Mar-2024`, `14/Mar/2024:10:22:05 +0000`, `Thu, 14 Mar 2024 16:15:32 +0000`:
// 1 weekday, 2 day, 3 separator, 4 month (with - or /), 5 month (with spaces), 6 year, 7-11 clock, 12-15 zone
const DAY_MONTH_NAME = new RegExp(
  String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?(?:([-/])([a-z]{3,9})\.?\3|\s+([a-z]{3,9})\.?,?\s+)(\d{4}|\d{2})(?:(?:,?\s+|:)${CLOCK}${ZONE})?$`,
  'i',
);
// `Mar 14, 2024`, `March 14 2024 4:05 PM`, `Tue Mar 12 2024 16:15:32 GMT+0000 (…)`:
// 1 weekday, 2 month, 3 day, 4 year, 5-9 clock, 10-13 zone
const MONTH_NAME_DAY = new RegExp(
  String.raw`^${WEEKDAY}([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:(?:,?\s+|\s+at\s+)${CLOCK}${ZONE})?$`,
  'i',
);
// Epoch seconds or ms, or an Excel serial day with an optional fraction of a day.
const NUMBER = /^(\d{1,13})(?:[.,](\d{1,15}))?$/;

// Longer than any date we read: refused before any pattern runs.
const MAX_LENGTH = 100;

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['january', 1], ['feb', 2], ['february', 2], ['mar', 3], ['march', 3],
  ['apr', 4], ['april', 4], ['may', 5], ['jun', 6], ['june', 6], ['jul', 7], ['july', 7],
  ['aug', 8], ['august', 8], ['sep', 9], ['sept', 9], ['september', 9], ['oct', 10], ['october', 10],
  ['nov', 11], ['november', 11], ['dec', 12], ['december', 12],
]);
const MONTH_NAMES = ['', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// Sunday = 0, as (days since 1970-01-01 + 4) % 7 counts.
const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ['sun', 0], ['sunday', 0], ['mon', 1], ['monday', 1], ['tue', 2], ['tues', 2], ['tuesday', 2],
  ['wed', 3], ['wednesday', 3], ['thu', 4], ['thur', 4], ['thurs', 4], ['thursday', 4],
  ['fri', 5], ['friday', 5], ['sat', 6], ['saturday', 6],
]);
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// RFC 2822 section 4.3; its military single letters are obsolete and meaningless, so only Z.
const NAMED_ZONE_HOURS: ReadonlyMap<string, number> = new Map([
  ['z', 0], ['ut', 0], ['utc', 0], ['gmt', 0],
  ['est', -5], ['edt', -4], ['cst', -6], ['cdt', -5], ['mst', -7], ['mdt', -6], ['pst', -8], ['pdt', -7],
]);

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
// No zone is more than 14 hours from UTC (Pacific/Kiritimati is +14).
const MAX_OFFSET_MS = 14 * HOUR_MS;

// ---- Reading ---------------------------------------------------------------------

function read(raw: string, ctx: DateContext, order: DateOrder | null, quick: boolean): DateReading {
  if (typeof raw !== 'string') return notADate(String(raw));
  const text = cleanRawIdentifier(raw);
  if (text === '') return unreadable('the date is empty');
  if (text.length > MAX_LENGTH) return notADate(text);
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const reading = quick ? readCommonShape(text, ctx, order) : undefined;
    if (reading !== undefined) return reading;
    let match = ISO_DATE.exec(text);
    if (match !== null) return readIso(match, text, ctx);
    match = NUMERIC_DATE.exec(text);
    if (match !== null) return readNumericMatch(match, text, ctx, order);
    match = NUMBER.exec(text);
    if (match !== null) return readNumber(match, text, ctx);
  }
  let match = DAY_MONTH_NAME.exec(text);
  if (match !== null) {
    return readNamed(text, ctx, match[1], match[2]!, match[4] ?? match[5]!, match[6]!, clockOf(match, 7, true), zoneOf(match, 12));
  }
  match = MONTH_NAME_DAY.exec(text);
  if (match !== null) {
    return readNamed(text, ctx, match[1], match[3]!, match[2]!, match[4]!, clockOf(match, 5, true), zoneOf(match, 10));
  }
  return notADate(text);
}

function readIso(match: RegExpExecArray, text: string, ctx: DateContext): DateReading {
  const time = match[4] === undefined ? 0 : clockOf(match, 4, false);
  return readCalendar(text, ctx, Number(match[1]), Number(match[2]), Number(match[3]), time, zoneOf(match, 8), null);
}

function readNumericMatch(match: RegExpExecArray, text: string, ctx: DateContext, order: DateOrder | null): DateReading {
  const a = match[1]!;
  const c = match[4]!;
  const parts: NumericParts = { a: Number(a), aDigits: a.length, b: Number(match[3]), c: Number(c), cDigits: c.length };
  return readNumeric(text, ctx, order, parts, clockOf(match, 5, true), zoneOf(match, 10));
}

/** The three numbers of a numeric date as written, with how many digits the first and last had. */
interface NumericParts {
  a: number;
  aDigits: number;
  b: number;
  c: number;
  cDigits: number;
}

function readNumeric(text: string, ctx: DateContext, order: DateOrder | null, parts: NumericParts, time: number, offset: number | undefined): DateReading {
  const { a, aDigits, b, c, cDigits } = parts;
  if (aDigits === 4) {
    if (cDigits > 2) return notADate(text);
    return readCalendar(text, ctx, a, b, c, time, offset, null);
  }
  if (aDigits > 2 || (cDigits !== 2 && cDigits !== 4)) return notADate(text);
  if (order === 'ymd' && cDigits === 2) return readCalendar(text, ctx, twoDigitYear(a), b, c, time, offset, null);
  const year = cDigits === 4 ? c : twoDigitYear(c);
  if (a === 0 || b === 0) return notADate(text);
  if (a > 12 && b > 12) return notADate(text, `neither ${a} nor ${b} can be a month`);
  if (a > 12) return readCalendar(text, ctx, year, b, a, time, offset, 'dmy');
  if (b > 12) return readCalendar(text, ctx, year, a, b, time, offset, 'mdy');
  if (a === b) return readCalendar(text, ctx, year, a, a, time, offset, null);
  if (order === 'dmy') return readCalendar(text, ctx, year, b, a, time, offset, null);
  if (order === 'mdy') return readCalendar(text, ctx, year, a, b, time, offset, null);
  if (order === 'ymd') return unreadable(`${quoteForMessage(text)} could be day/month or month/day`);
  // Both parts are 12 or less, so both readings are real days: only the time can fail.
  if (time < 0) return notADate(text, 'the time of day is not a real time');
  if (Number.isNaN(offset)) return notADate(text, 'the time zone offset is over 14 hours');
  const dayFirst = toInstant(civilDays(year, b, a) * DAY_MS + time, offset, ctx);
  const monthFirst = toInstant(civilDays(year, a, b) * DAY_MS + time, offset, ctx);
  if (dayFirst === undefined || monthFirst === undefined) return unknownZone(text, ctx.timeZone);
  const dayFirstProblem = rangeProblem(text, dayFirst, ctx);
  const monthFirstProblem = rangeProblem(text, monthFirst, ctx);
  if (dayFirstProblem === undefined && monthFirstProblem === undefined) {
    return { ok: true, ms: dayFirst, alt: monthFirst, shows: null, ambiguous: true };
  }
  if (dayFirstProblem === undefined) return { ok: true, ms: dayFirst, shows: null };
  if (monthFirstProblem === undefined) return { ok: true, ms: monthFirst, shows: null };
  return dayFirstProblem;
}

function readNamed(
  text: string,
  ctx: DateContext,
  weekday: string | undefined,
  day: string,
  monthName: string,
  yearText: string,
  time: number,
  offset: number | undefined,
): DateReading {
  const month = MONTHS.get(monthName.toLowerCase());
  if (month === undefined) return notADate(text);
  const year = yearText.length === 2 ? twoDigitYear(Number(yearText)) : Number(yearText);
  const reading = readCalendar(text, ctx, year, month, Number(day), time, offset, null);
  if (weekday === undefined || !reading.ok) return reading;
  // RFC 2822 makes the weekday redundant, so one that contradicts the date means the
  // value is wrong somewhere and we cannot tell where.
  const written = WEEKDAYS.get(weekday.toLowerCase());
  if (written === undefined) return notADate(text);
  const actual = weekdayOf(civilDays(year, month, Number(day)));
  if (written !== actual) {
    return notADate(text, `${Number(day)} ${MONTH_NAMES[month]} ${year} was a ${WEEKDAY_NAMES[actual]}`);
  }
  return reading;
}

/**
 * Bare numbers. Unix time has 9-10 digits (seconds, 1973-2286) or 12-13 (ms, 1973-2286);
 * an Excel serial day has at most 5 integer digits (99999 is 2173). The digit counts never
 * overlap, so no number is both: a number of up to 5 digits is a serial in a date column
 * (ctx.serials) and unreadable elsewhere, whatever an epoch reading of it would say.
 */
function readNumber(match: RegExpExecArray, text: string, ctx: DateContext): DateReading {
  const whole = match[1]!;
  const fraction = match[2];
  const digits = whole.length;
  if (fraction === undefined && whole.charCodeAt(0) !== 48) {
    if (digits === 9 || digits === 10) return instant(text, Number(whole) * SECOND_MS, ctx);
    if (digits === 12 || digits === 13) return instant(text, Number(whole), ctx);
  }
  if (digits > 5 || !ctx.serials) return notADate(text);
  const serial = Number(whole);
  if (serial < 1) return notADate(text);
  const day = excelSerialWallTime(serial);
  if (day === undefined) return notADate(text, 'Excel counts a 29 February 1900 that never was');
  const time = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * DAY_MS);
  const ms = toInstant(day + time, undefined, ctx);
  if (ms === undefined) return unknownZone(text, ctx.timeZone);
  // A year alone ("2024") is a serial too; say how the number was read.
  return rangeProblem(text, ms, ctx, ' as an Excel day number') ?? { ok: true, ms, shows: null };
}

/**
 * An Excel serial day (1900 date system) as wall-clock ms counted as if UTC, or undefined
 * for serial 60. Excel kept Lotus 1-2-3's bug of a 29 February 1900: serial 60 is that day,
 * which never was, so serials 1-59 count from 31 December 1899 and 61 on from 30 December
 * 1899 (serial 25569 is 1970-01-01, 61 is 1900-03-01).
 */
export function excelSerialWallTime(serial: number): number | undefined {
  const whole = Math.floor(serial);
  if (whole === 60) return undefined;
  return (whole < 60 ? whole - 25568 : whole - 25569) * DAY_MS;
}

function readCalendar(
  text: string,
  ctx: DateContext,
  year: number,
  month: number,
  day: number,
  time: number,
  offset: number | undefined,
  shows: 'dmy' | 'mdy' | null,
): DateReading {
  if (month < 1 || month > 12) return notADate(text, `${month} is not a month`);
  if (day < 1 || day > daysInMonth(year, month)) return notADate(text, `${MONTH_NAMES[month]} ${year} has no day ${day}`);
  if (time < 0) return notADate(text, 'the time of day is not a real time');
  if (Number.isNaN(offset)) return notADate(text, 'the time zone offset is over 14 hours');
  return settle(text, civilDays(year, month, day) * DAY_MS + time, offset, ctx, shows);
}

/** From wall-clock ms (counted as if UTC) and an offset, or the context's zone, to a reading. */
function settle(text: string, wall: number, offset: number | undefined, ctx: DateContext, shows: 'dmy' | 'mdy' | null): DateReading {
  const ms = toInstant(wall, offset, ctx);
  if (ms === undefined) return unknownZone(text, ctx.timeZone);
  return rangeProblem(text, ms, ctx) ?? { ok: true, ms, shows };
}

function instant(text: string, ms: number, ctx: DateContext): DateReading {
  return rangeProblem(text, ms, ctx) ?? { ok: true, ms, shows: null };
}

function toInstant(wall: number, offset: number | undefined, ctx: DateContext): number | undefined {
  if (offset !== undefined) return wall - offset;
  // Whatever the zone, a wall time this far out is out of range: answer without Intl.
  if (wall + MAX_OFFSET_MS < 0 || wall - MAX_OFFSET_MS > ctx.now + DAY_MS) return wall;
  return wallToUtc(wall, ctx.timeZone);
}

function rangeProblem(text: string, ms: number, ctx: DateContext, readAs = ''): DateProblem | undefined {
  if (ms < 0) return { ok: false, problem: 'out_of_range', message: `${quoteForMessage(text)}${readAs} is before 1970` };
  if (ms > ctx.now + DAY_MS) return { ok: false, problem: 'out_of_range', message: `${quoteForMessage(text)}${readAs} is after tomorrow` };
  return undefined;
}

function notADate(text: string, why?: string): DateProblem {
  return unreadable(`${quoteForMessage(text)} is not a date${why === undefined ? '' : `: ${why}`}`);
}

function unknownZone(text: string, zone: string): DateProblem {
  return unreadable(`${quoteForMessage(text)} has no time zone and ${quoteForMessage(String(zone))} is not a known time zone`);
}

function unreadable(message: string): DateProblem {
  return { ok: false, problem: 'unreadable', message };
}

/** Time of day in ms from the CLOCK (or ISO_CLOCK) groups at `start`: 0 when absent, -1 when impossible. */
function clockOf(match: RegExpExecArray, start: number, meridiem: boolean): number {
  const hour = match[start];
  if (hour === undefined) return 0;
  const second = match[start + 2];
  const fraction = match[start + 3];
  const half = meridiem ? match[start + 4] : undefined;
  return timeOfDay(
    Number(hour),
    Number(match[start + 1]),
    second === undefined ? 0 : Number(second),
    fraction === undefined ? 0 : fractionMs(fraction, 0, fraction.length),
    half === undefined ? NO_MERIDIEM : half === 'p' || half === 'P' ? PM : AM,
  );
}

const NO_MERIDIEM = 0;
const AM = 1;
const PM = 2;

function timeOfDay(hour: number, minute: number, second: number, milli: number, meridiem: number): number {
  if (meridiem !== NO_MERIDIEM) {
    if (hour < 1 || hour > 12) return -1;
    hour = (hour % 12) + (meridiem === PM ? 12 : 0);
  }
  // 24:00 is refused: it is the next day's midnight, and nobody's export writes it.
  if (hour > 23 || minute > 59 || second > 59) return -1;
  return hour * HOUR_MS + minute * MINUTE_MS + second * SECOND_MS + milli;
}

// Fraction digits text[start, start + count) as ms, truncated so .9999 never rolls over
// into the next second.
function fractionMs(text: string, start: number, count: number): number {
  if (count >= 3) return digitsAt(text, start, 3);
  return digitsAt(text, start, count) * (count === 1 ? 100 : 10);
}

/** The offset in ms from the ZONE groups at `start`: undefined when none, NaN when over 14 hours. */
function zoneOf(match: RegExpExecArray, start: number): number | undefined {
  const name = match[start];
  if (name !== undefined) return NAMED_ZONE_HOURS.get(name.toLowerCase())! * HOUR_MS;
  const sign = match[start + 1];
  if (sign === undefined) return undefined;
  const minutes = match[start + 3];
  return offsetOf(sign === '-', Number(match[start + 2]), minutes === undefined ? 0 : Number(minutes));
}

function offsetOf(negative: boolean, hours: number, minutes: number): number {
  const offset = hours * HOUR_MS + minutes * MINUTE_MS;
  if (minutes > 59 || offset > MAX_OFFSET_MS) return NaN;
  return negative ? -offset : offset;
}

// ---- The common shapes, without a regex ------------------------------------------

// Nearly every date column is ISO 8601 or Excel's numeric d/m/y, and a regex with a dozen
// groups costs more than all the rest of a read (it builds a string per group). These two
// shapes are scanned by hand; anything the scan is not sure of goes to the patterns, so
// the scan can only ever answer as the patterns would (readDateCarefully, tested).

const DASH = 45;
const SLASH = 47;
const DOT = 46;
const COLON = 58;
const SPACE = 32;
const COMMA = 44;
const PLUS = 43;

/** The number written in text[start, start + count), or -1 when any of it is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** How many digits run from `start` (counting at most `max + 1`). */
function digitRun(text: string, start: number, max: number): number {
  let i = start;
  while (i - start <= max) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) break;
    i++;
  }
  return i - start;
}

// Where the last scanClock stopped.
let clockEnd = 0;

/**
 * `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff` from `start` (hours of exactly two digits when
 * `twoDigitHour`, else one or two): the time of day in ms, -1 when impossible, NaN when
 * the text is not that shape. Sets clockEnd.
 */
function scanClock(text: string, start: number, twoDigitHour: boolean): number {
  const hourDigits = digitRun(text, start, 2);
  if (hourDigits === 0 || hourDigits > 2 || (twoDigitHour && hourDigits !== 2)) return NaN;
  let at = start + hourDigits;
  if (text.charCodeAt(at) !== COLON) return NaN;
  const minute = digitsAt(text, at + 1, 2);
  if (minute < 0) return NaN;
  at += 3;
  let second = 0;
  let milli = 0;
  if (text.charCodeAt(at) === COLON) {
    second = digitsAt(text, at + 1, 2);
    if (second < 0) return NaN;
    at += 3;
    const mark = text.charCodeAt(at);
    if (mark === DOT || mark === COMMA) {
      const count = digitRun(text, at + 1, 9);
      if (count === 0 || count > 9) return NaN;
      milli = fractionMs(text, at + 1, count);
      at += 1 + count;
    }
  }
  if (digitRun(text, at, 0) !== 0) return NaN;
  clockEnd = at;
  return timeOfDay(digitsAt(text, start, hourDigits), minute, second, milli, NO_MERIDIEM);
}

/** `Z`, `+05:30`, `+0530` or `+05` ending the text at `start`; undefined at the end; NaN otherwise (not this shape). */
function scanZone(text: string, start: number): number | undefined {
  const length = text.length;
  if (start === length) return undefined;
  const mark = text.charCodeAt(start);
  if (mark === 90 || mark === 122) return start + 1 === length ? 0 : NaN;
  if (mark !== PLUS && mark !== DASH) return NaN;
  const hours = digitsAt(text, start + 1, 2);
  if (hours < 0) return NaN;
  const rest = length - (start + 3);
  let minutes = 0;
  if (rest === 3 && text.charCodeAt(start + 3) === COLON) minutes = digitsAt(text, start + 4, 2);
  else if (rest === 2) minutes = digitsAt(text, start + 3, 2);
  else if (rest !== 0) return NaN;
  if (minutes < 0) return NaN;
  // NaN for an offset over 14 hours too: the patterns refuse it, with their message.
  return offsetOf(mark === DASH, hours, minutes);
}

/** ISO 8601 or a numeric d/m/y read by hand, or undefined to leave the text to the patterns. */
function readCommonShape(text: string, ctx: DateContext, order: DateOrder | null): DateReading | undefined {
  const length = text.length;
  const firstDigits = digitRun(text, 0, 4);
  if (firstDigits === 0 || firstDigits > 4) return undefined;
  const separator = text.charCodeAt(firstDigits);
  if (firstDigits === 4 && separator === DASH && text.charCodeAt(7) === DASH) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    if (month < 0 || day < 0) return undefined;
    if (length === 10) return readCalendar(text, ctx, year, month, day, 0, undefined, null);
    const mark = text.charCodeAt(10);
    if (mark !== 84 && mark !== 116 && mark !== SPACE) return undefined;
    const time = scanClock(text, 11, true);
    if (Number.isNaN(time)) return undefined;
    const offset = scanZone(text, clockEnd);
    if (Number.isNaN(offset)) return undefined;
    return readCalendar(text, ctx, year, month, day, time, offset, null);
  }
  if (separator !== SLASH && separator !== DOT && separator !== DASH) return undefined;
  let at = firstDigits + 1;
  const middleDigits = digitRun(text, at, 2);
  if (middleDigits === 0 || middleDigits > 2 || text.charCodeAt(at + middleDigits) !== separator) return undefined;
  const middle = digitsAt(text, at, middleDigits);
  at += middleDigits + 1;
  const lastDigits = digitRun(text, at, 4);
  if (lastDigits === 0 || lastDigits > 4) return undefined;
  const parts: NumericParts = { a: digitsAt(text, 0, firstDigits), aDigits: firstDigits, b: middle, c: digitsAt(text, at, lastDigits), cDigits: lastDigits };
  at += lastDigits;
  let time = 0;
  if (at !== length) {
    if (text.charCodeAt(at) !== SPACE) return undefined;
    time = scanClock(text, at + 1, false);
    if (Number.isNaN(time) || clockEnd !== length) return undefined;
  }
  return readNumeric(text, ctx, order, parts, time, undefined);
}

// Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999. Excel pivots at 30, but
// 1930-1969 would be out of range anyway, so the 2000s get every year the range allows.
function twoDigitYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

// ---- Calendar --------------------------------------------------------------------

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month]!;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function civilDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function weekdayOf(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

// ---- Time zones ------------------------------------------------------------------

interface ZoneClock {
  readonly utc: boolean;
  readonly format: Intl.DateTimeFormat | null;
  /** Offset (ms) per UTC day, NaN for a day in which the offset changes. */
  readonly days: Map<number, number>;
  /** Offset per UTC hour, only for the days in which the offset changes. */
  readonly hours: Map<number, number>;
  /** Per wall-clock day, the offset when it holds from the UTC day before to the day after, else NaN. */
  readonly wallDays: Map<number, number>;
  lastWallDay: number;
  lastWallOffset: number;
}

// Names Intl would resolve to UTC anyway; answering them without Intl is the fast path.
const UTC_ZONES: ReadonlySet<string> = new Set([
  'UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/GMT0', 'Etc/GMT+0', 'Etc/GMT-0', 'GMT0', 'GMT+0', 'GMT-0',
  'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu', 'Greenwich', 'Etc/Greenwich',
]);
const MAX_CACHED_ZONES = 64;
const MAX_CACHED_DAYS = 100_000;

const clocks = new Map<string, ZoneClock | null>();
let lastZone: string | undefined;
let lastClock: ZoneClock | null = null;

function clockFor(zone: string): ZoneClock | null {
  if (zone === lastZone) return lastClock;
  let clock = clocks.get(zone);
  if (clock === undefined) {
    clock = makeClock(zone);
    if (clocks.size >= MAX_CACHED_ZONES) clocks.clear();
    clocks.set(zone, clock);
  }
  lastZone = zone;
  lastClock = clock;
  return clock;
}

function makeClock(zone: string): ZoneClock | null {
  if (UTC_ZONES.has(zone)) return newClock(true, null);
  try {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    return newClock(false, format);
  } catch {
    return null;
  }
}

function newClock(utc: boolean, format: Intl.DateTimeFormat | null): ZoneClock {
  return { utc, format, days: new Map(), hours: new Map(), wallDays: new Map(), lastWallDay: NaN, lastWallOffset: NaN };
}

/**
 * Wall-clock ms (counted as if UTC) in an IANA zone to the instant, or undefined when the
 * zone is unknown. In a spring-forward gap (America/New_York 2024-03-10 02:30) the wall
 * time is moved forward by the gap's length and so lands in the later offset (03:30 EDT),
 * as java.time, Temporal's 'compatible' and JavaScript's Date do. In a fall-back overlap
 * (2024-11-03 01:30) the earlier of the two instants is taken (01:30 EDT).
 */
function wallToUtc(wall: number, zone: string): number | undefined {
  const clock = clockFor(zone);
  if (clock === null) return undefined;
  if (clock.utc) return wall;
  // The instants a wall-clock day's times can be lie within the UTC days either side of it
  // (offsets are within ±14 h): when all three share one offset, it is the answer.
  const wallDay = Math.floor(wall / DAY_MS);
  let steady = clock.lastWallOffset;
  if (wallDay !== clock.lastWallDay) {
    const known = clock.wallDays.get(wallDay);
    if (known === undefined) {
      const offset = dayOffset(clock, wallDay);
      steady = dayOffset(clock, wallDay - 1) === offset && dayOffset(clock, wallDay + 1) === offset ? offset : NaN;
      if (clock.wallDays.size >= MAX_CACHED_DAYS) clock.wallDays.clear();
      clock.wallDays.set(wallDay, steady);
    } else {
      steady = known;
    }
    clock.lastWallDay = wallDay;
    clock.lastWallOffset = steady;
  }
  if (!Number.isNaN(steady)) return wall - steady;
  // Near a transition. The offsets a day either side are those in force before and after
  // any transition this wall time could fall in.
  const before = offsetAt(clock, wall - DAY_MS);
  const after = offsetAt(clock, wall + DAY_MS);
  if (before === after && offsetAt(clock, wall - before) === before) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyFits = offsetAt(clock, early) === before;
  const lateFits = offsetAt(clock, late) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  if (earlyFits) return early;
  if (lateFits) return late;
  return wall - before;
}

/**
 * The zone's offset at a UTC instant. formatToParts costs microseconds, too much per row,
 * so offsets are memoised per UTC day: a day whose first and last second share an offset
 * has it throughout (no zone changes its offset twice in a day). Only the days of a
 * transition go down to hours, and only a transition's own hour to the instant.
 */
function offsetAt(clock: ZoneClock, utc: number): number {
  let offset: number | undefined = dayOffset(clock, Math.floor(utc / DAY_MS));
  if (!Number.isNaN(offset)) return offset;
  const hourKey = Math.floor(utc / HOUR_MS);
  offset = clock.hours.get(hourKey);
  if (offset === undefined) {
    offset = steadyOffset(clock, hourKey * HOUR_MS, HOUR_MS);
    if (clock.hours.size >= MAX_CACHED_DAYS) clock.hours.clear();
    clock.hours.set(hourKey, offset);
  }
  return Number.isNaN(offset) ? exactOffset(clock, utc) : offset;
}

/** The offset throughout a UTC day (days since 1970), or NaN when it changes that day. */
function dayOffset(clock: ZoneClock, dayKey: number): number {
  let offset = clock.days.get(dayKey);
  if (offset === undefined) {
    offset = steadyOffset(clock, dayKey * DAY_MS, DAY_MS);
    if (clock.days.size >= MAX_CACHED_DAYS) clock.days.clear();
    clock.days.set(dayKey, offset);
  }
  return offset;
}

function steadyOffset(clock: ZoneClock, start: number, length: number): number {
  const first = exactOffset(clock, start);
  return exactOffset(clock, start + length - SECOND_MS) === first ? first : NaN;
}

function exactOffset(clock: ZoneClock, utc: number): number {
  const at = Math.floor(utc / SECOND_MS) * SECOND_MS;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of clock.format!.formatToParts(at)) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
      default: break;
    }
  }
  return civilDays(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * SECOND_MS - at;
}
