import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import {
  DATE_ORDERS,
  defaultDateOrder,
  excelSerialWallTime,
  isValidTimeZone,
  readDate,
  readDateCarefully,
  readDateInOrder,
  type DateContext,
  type DateOrder,
  type DateReading,
} from '../../../src/domain/dates';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const DAY = 86_400_000;

function ctxIn(timeZone: string, serials = true): DateContext {
  return { timeZone, now: NOW, serials };
}
const UTC = ctxIn('UTC');
const KOLKATA = ctxIn('Asia/Kolkata');
const NEW_YORK = ctxIn('America/New_York');

function msOf(text: string, ctx: DateContext = UTC): number {
  const reading = readDate(text, ctx);
  if (!reading.ok) throw new Error(`expected ${text} to be read: ${reading.message}`);
  return reading.ms;
}

function problemOf(text: string, ctx: DateContext = UTC): string {
  const reading = readDate(text, ctx);
  if (reading.ok) throw new Error(`expected ${text} to be refused, read ${new Date(reading.ms).toISOString()}`);
  return reading.problem;
}

const iso = (text: string): number => Date.parse(text);

describe('readDate: ISO 8601', () => {
  it.each<[string, DateContext, string]>([
    ['2024-03-14', UTC, '2024-03-14T00:00:00Z'],
    ['2024-03-14', KOLKATA, '2024-03-13T18:30:00Z'],
    ['2024-03-14', NEW_YORK, '2024-03-14T04:00:00Z'],
    ['2024-03-14T10:22', UTC, '2024-03-14T10:22:00Z'],
    ['2024-03-14 10:22:05', KOLKATA, '2024-03-14T04:52:05Z'],
    ['2024-03-14t10:22:05z', KOLKATA, '2024-03-14T10:22:05Z'],
    ['2024-03-14T10:22:05.123Z', KOLKATA, '2024-03-14T10:22:05.123Z'],
    ['2024-03-14T10:22:05,123456789Z', UTC, '2024-03-14T10:22:05.123Z'],
    ['2024-03-14T10:22:05.9999Z', UTC, '2024-03-14T10:22:05.999Z'],
    ['2024-03-14T10:22:05.5Z', UTC, '2024-03-14T10:22:05.500Z'],
    ['2024-03-14T10:22:05+05:30', UTC, '2024-03-14T04:52:05Z'],
    ['2024-03-14T10:22:05+0530', UTC, '2024-03-14T04:52:05Z'],
    ['2024-03-14T10:22:05+05', UTC, '2024-03-14T05:22:05Z'],
    ['2024-03-14T10:22:05-03:00', KOLKATA, '2024-03-14T13:22:05Z'],
    ['2024-03-14T10:22:05.000+00:00', KOLKATA, '2024-03-14T10:22:05Z'],
    ['2024-03-14 10:22:05 UTC', KOLKATA, '2024-03-14T10:22:05Z'],
    ['  2024-03-14  ', UTC, '2024-03-14T00:00:00Z'],
    ["'2024-03-14", UTC, '2024-03-14T00:00:00Z'],
  ])('%s in %s', (text, ctx, expected) => {
    expect(readDate(text, ctx)).toEqual({ ok: true, ms: iso(expected), shows: null });
  });

  it.each([
    '2024-13-01',
    '2024-00-10',
    '2024-02-30',
    '2023-02-29',
    '2024-03-14T24:00',
    '2024-03-14T10:60',
    '2024-03-14T10:22:60',
    '2024-03-14T10:22:05+14:30',
    '2024-03-14T10:22:05+15',
    '2024-03-14T10:22:05+05:60',
    '2024-03-14Z',
    '2024-03-14T10',
  ])('refuses %s', (text) => {
    expect(problemOf(text)).toBe('unreadable');
  });

  it('accepts 29 February in a leap year and the largest offsets', () => {
    expect(msOf('2024-02-29')).toBe(iso('2024-02-29T00:00:00Z'));
    expect(msOf('2000-02-29')).toBe(iso('2000-02-29T00:00:00Z'));
    expect(problemOf('1900-02-29')).toBe('unreadable');
    expect(msOf('2024-03-14T10:22+14:00')).toBe(iso('2024-03-13T20:22:00Z'));
    expect(msOf('2024-03-14T10:22-12:00')).toBe(iso('2024-03-14T22:22:00Z'));
  });
});

describe('readDate: numeric day/month/year', () => {
  it.each<[string, string, 'dmy' | 'mdy' | null]>([
    ['25/01/2022', '2022-01-25T00:00:00Z', 'dmy'],
    ['25/01/2022 10:22', '2022-01-25T10:22:00Z', 'dmy'],
    ['01/25/2022', '2022-01-25T00:00:00Z', 'mdy'],
    ['14-03-2024 10:22', '2024-03-14T10:22:00Z', 'dmy'],
    ['15.03.2024', '2024-03-15T00:00:00Z', 'dmy'],
    ['15.3.24', '2024-03-15T00:00:00Z', 'dmy'],
    ['3/14/2024 4:05 PM', '2024-03-14T16:05:00Z', 'mdy'],
    ['3/14/2024 4:05:09 pm', '2024-03-14T16:05:09Z', 'mdy'],
    ['3/14/2024 12:05 AM', '2024-03-14T00:05:00Z', 'mdy'],
    ['3/14/2024 12:05 PM', '2024-03-14T12:05:00Z', 'mdy'],
    ['3/14/2024 11:59 p.m.', '2024-03-14T23:59:00Z', 'mdy'],
    ['14/03/2024, 10:22:05', '2024-03-14T10:22:05Z', 'dmy'],
    ['29/02/2024', '2024-02-29T00:00:00Z', 'dmy'],
    ['25/01/99', '1999-01-25T00:00:00Z', 'dmy'],
    ['25/01/70', '1970-01-25T00:00:00Z', 'dmy'],
    ['25/01/00', '2000-01-25T00:00:00Z', 'dmy'],
    ['05/05/2024', '2024-05-05T00:00:00Z', null],
    ['2024/03/14', '2024-03-14T00:00:00Z', null],
    ['2024.03.14', '2024-03-14T00:00:00Z', null],
    ['2024/3/5 10:22', '2024-03-05T10:22:00Z', null],
    ['2024-3-14 4:05 PM', '2024-03-14T16:05:00Z', null],
    ['2024-3-14T1:22', '2024-03-14T01:22:00Z', null],
    ['14/03/2024 10:22 +05:30', '2024-03-14T04:52:00Z', 'dmy'],
  ])('%s', (text, expected, shows) => {
    expect(readDate(text, UTC)).toEqual({ ok: true, ms: iso(expected), shows });
  });

  it('reads a numeric date as a wall time in the context zone', () => {
    expect(readDate('25/01/2022 10:22', KOLKATA)).toEqual({ ok: true, ms: iso('2022-01-25T04:52:00Z'), shows: 'dmy' });
  });

  it('reports both readings when both parts could be the month', () => {
    expect(readDate('03/04/2024', UTC)).toEqual({
      ok: true,
      ms: iso('2024-04-03T00:00:00Z'),
      alt: iso('2024-03-04T00:00:00Z'),
      shows: null,
      ambiguous: true,
    });
    expect(readDate('10/11/06 10:22', KOLKATA)).toEqual({
      ok: true,
      ms: iso('2006-11-10T04:52:00Z'),
      alt: iso('2006-10-11T04:52:00Z'),
      shows: null,
      ambiguous: true,
    });
  });

  it('takes the only reading in range when the other is after tomorrow, without claiming an order', () => {
    // Now is 15 June 2025: 6 July 2025 is in the future, 7 June is not.
    expect(readDate('06/07/2025', UTC)).toEqual({ ok: true, ms: iso('2025-06-07T00:00:00Z'), shows: null });
    expect(readDate('07/06/2025', UTC)).toEqual({ ok: true, ms: iso('2025-06-07T00:00:00Z'), shows: null });
    expect(readDate('07/08/2025', UTC)).toMatchObject({ ok: false, problem: 'out_of_range' });
  });

  it.each([
    ['25/13/2024', 'neither 25 nor 13 can be a month'],
    ['31/02/2024', 'February 2024 has no day 31'],
    ['31/04/2024', 'April 2024 has no day 31'],
    ['02/30/2024', 'February 2024 has no day 30'],
    ['29/02/2023', 'February 2023 has no day 29'],
    ['00/01/2024', ''],
    ['01/00/2024', ''],
    ['14/03/2024 24:00', 'the time of day is not a real time'],
    ['14/03/2024 10:60', 'the time of day is not a real time'],
    ['03/04/2024 10:60', 'the time of day is not a real time'],
    ['3/14/2024 13:05 PM', 'the time of day is not a real time'],
    ['3/14/2024 0:05 AM', 'the time of day is not a real time'],
    ['14/03.2024', ''],
    ['14/03/202', ''],
    ['14/03/2', ''],
    ['123/03/2024', ''],
    ['14/03/2024 10:22 +15:00', 'the time zone offset is over 14 hours'],
    ['03/04/2024 10:22 +15:00', 'the time zone offset is over 14 hours'],
    ['2024/13/01', '13 is not a month'],
    ['2024/03/2024', ''],
  ])('refuses %s', (text, why) => {
    const reading = readDate(text, UTC);
    expect(reading).toMatchObject({ ok: false, problem: 'unreadable' });
    if (!reading.ok && why !== '') expect(reading.message).toBe(`${JSON.stringify(text)} is not a date: ${why}`);
  });
});

describe('readDate: named months', () => {
  it.each<[string, DateContext, string]>([
    ['14-Mar-2024', UTC, '2024-03-14T00:00:00Z'],
    ['14-mar-24', UTC, '2024-03-14T00:00:00Z'],
    ['14 Mar 2024', UTC, '2024-03-14T00:00:00Z'],
    ['14 March 2024', KOLKATA, '2024-03-13T18:30:00Z'],
    ['14 MARCH 2024 10:22', KOLKATA, '2024-03-14T04:52:00Z'],
    ['14th March 2024', UTC, '2024-03-14T00:00:00Z'],
    ['Mar 14, 2024', UTC, '2024-03-14T00:00:00Z'],
    ['March 14 2024', UTC, '2024-03-14T00:00:00Z'],
    ['March 14, 2024, 4:05 PM', UTC, '2024-03-14T16:05:00Z'],
    ['Mar 14, 2024 10:22:05', NEW_YORK, '2024-03-14T14:22:05Z'],
    ['Sept 14, 2024', UTC, '2024-09-14T00:00:00Z'],
    ['Sep. 14, 2024', UTC, '2024-09-14T00:00:00Z'],
    ['14 sept 2024', UTC, '2024-09-14T00:00:00Z'],
    ['Thu, 14 Mar 2024', UTC, '2024-03-14T00:00:00Z'],
    ['Thursday 14 March 2024', UTC, '2024-03-14T00:00:00Z'],
    ['Thursday, March 14, 2024', UTC, '2024-03-14T00:00:00Z'],
    ['14/Mar/2024:10:22:05 +0000', KOLKATA, '2024-03-14T10:22:05Z'],
  ])('%s in %s', (text, ctx, expected) => {
    expect(readDate(text, ctx)).toEqual({ ok: true, ms: iso(expected), shows: null });
  });

  it.each([
    ['Fri, 14 Mar 2024', '14 March 2024 was a Thursday'],
    ['Fri Mar 14 2024', '14 March 2024 was a Thursday'],
    ['30 Feb 2024', 'February 2024 has no day 30'],
    ['14 Marc 2024', ''],
    ['Funday, 14 Mar 2024', ''],
    ['Mar 2024', ''],
    ['14 Mar', ''],
    ['14-Mar 2024', ''],
    ['Mar 14, 24', ''],
    ['14 Mar 2024 25:00', 'the time of day is not a real time'],
  ])('refuses %s', (text, why) => {
    const reading = readDate(text, UTC);
    expect(reading).toMatchObject({ ok: false, problem: 'unreadable' });
    if (!reading.ok && why !== '') expect(reading.message).toBe(`${JSON.stringify(text)} is not a date: ${why}`);
  });
});

describe('readDate: RFC 2822 and Date.toString', () => {
  it.each<[string, string]>([
    ['Tue, 12 Mar 2024 16:15:32 +0000', '2024-03-12T16:15:32Z'],
    ['Tue, 12 Mar 2024 16:15:32 -0000', '2024-03-12T16:15:32Z'],
    ['Tue, 12 Mar 2024 16:15:32 +0530', '2024-03-12T10:45:32Z'],
    ['Tue, 12 Mar 2024 16:15:32 -0700', '2024-03-12T23:15:32Z'],
    ['12 Mar 2024 16:15 GMT', '2024-03-12T16:15:00Z'],
    ['12 Mar 2024 16:15 UT', '2024-03-12T16:15:00Z'],
    ['12 Mar 2024 16:15 UTC', '2024-03-12T16:15:00Z'],
    ['12 Mar 2024 16:15 Z', '2024-03-12T16:15:00Z'],
    ['12 Mar 2024 16:15 EST', '2024-03-12T21:15:00Z'],
    ['12 Mar 2024 16:15 EDT', '2024-03-12T20:15:00Z'],
    ['12 Mar 2024 16:15 CST', '2024-03-12T22:15:00Z'],
    ['12 Mar 2024 16:15 CDT', '2024-03-12T21:15:00Z'],
    ['12 Mar 2024 16:15 MST', '2024-03-12T23:15:00Z'],
    ['12 Mar 2024 16:15 MDT', '2024-03-12T22:15:00Z'],
    ['12 Mar 2024 16:15 PST', '2024-03-13T00:15:00Z'],
    ['12 Mar 2024 16:15 pdt', '2024-03-12T23:15:00Z'],
    ['Tue Mar 12 2024 16:15:32 GMT+0000 (Coordinated Universal Time)', '2024-03-12T16:15:32Z'],
    ['Tue Mar 12 2024 16:15:32 GMT-0400 (Eastern Daylight Time)', '2024-03-12T20:15:32Z'],
    ['Tue Mar 12 2024 16:15:32 GMT+0530', '2024-03-12T10:45:32Z'],
  ])('%s', (text, expected) => {
    // The zone written in the value wins over the context's.
    expect(readDate(text, KOLKATA)).toEqual({ ok: true, ms: iso(expected), shows: null });
  });

  it('reads what JavaScript itself writes', () => {
    const at = iso('2024-03-12T16:15:32Z');
    expect(msOf(new Date(at).toUTCString())).toBe(at);
    expect(msOf(new Date(at).toISOString())).toBe(at);
  });

  it.each(['12 Mar 2024 16:15 XST', '12 Mar 2024 16:15 A', 'Tue, 12 Mar 2024 16:15:32 +1500', 'Tue, 12 Mar 2024 16:15:32 +00000'])(
    'refuses %s',
    (text) => {
      expect(problemOf(text)).toBe('unreadable');
    },
  );
});

describe('readDate: Unix time', () => {
  it.each<[string, number]>([
    ['1710432000', 1_710_432_000_000],
    ['100000000', 100_000_000_000],
    ['1710432000123', 1_710_432_000_123],
    ['171043200012', 171_043_200_012],
  ])('%s', (text, expected) => {
    expect(readDate(text, UTC)).toEqual({ ok: true, ms: expected, shows: null });
    expect(readDate(text, { ...KOLKATA, serials: false })).toEqual({ ok: true, ms: expected, shows: null });
  });

  it('refuses epochs out of range and numbers of no known length', () => {
    expect(readDate('9999999999', UTC)).toEqual({ ok: false, problem: 'out_of_range', message: '"9999999999" is after tomorrow' });
    expect(problemOf('9999999999999')).toBe('out_of_range');
    expect(problemOf('17104320001')).toBe('unreadable');
    expect(problemOf('12345678')).toBe('unreadable');
    expect(problemOf('123456')).toBe('unreadable');
    expect(problemOf('17104320001234')).toBe('unreadable');
    expect(problemOf('0710432000')).toBe('unreadable');
    expect(problemOf('1710432000.5')).toBe('unreadable');
    expect(problemOf('-1710432000')).toBe('unreadable');
  });
});

describe('readDate: Excel serial days', () => {
  it.each<[string, DateContext, string]>([
    ['45123', UTC, '2023-07-16T00:00:00Z'],
    ['45123.5', UTC, '2023-07-16T12:00:00Z'],
    ['45123,25', UTC, '2023-07-16T06:00:00Z'],
    ['45123.4305555556', UTC, '2023-07-16T10:20:00Z'],
    ['45123', KOLKATA, '2023-07-15T18:30:00Z'],
    ['45123.5', NEW_YORK, '2023-07-16T16:00:00Z'],
    ['25569', UTC, '1970-01-01T00:00:00Z'],
  ])('%s in %s', (text, ctx, expected) => {
    expect(readDate(text, ctx)).toEqual({ ok: true, ms: iso(expected), shows: null });
  });

  it('reads a bare number as a serial only in a date column', () => {
    expect(readDate('45123', { ...UTC, serials: false })).toEqual({ ok: false, problem: 'unreadable', message: '"45123" is not a date' });
    expect(problemOf('45123.5', { ...UTC, serials: false })).toBe('unreadable');
  });

  it('counts around the Lotus 1900 leap-year bug', () => {
    expect(excelSerialWallTime(1)).toBe(Date.UTC(1900, 0, 1));
    expect(excelSerialWallTime(59)).toBe(Date.UTC(1900, 1, 28));
    expect(excelSerialWallTime(60)).toBeUndefined();
    expect(excelSerialWallTime(61)).toBe(Date.UTC(1900, 2, 1));
    expect(excelSerialWallTime(25569)).toBe(Date.UTC(1970, 0, 1));
    expect(readDate('60', UTC)).toEqual({
      ok: false,
      problem: 'unreadable',
      message: '"60" is not a date: Excel counts a 29 February 1900 that never was',
    });
    expect(readDate('61', UTC)).toEqual({ ok: false, problem: 'out_of_range', message: '"61" as an Excel day number is before 1970' });
    expect(problemOf('25568')).toBe('out_of_range');
    expect(problemOf('0')).toBe('unreadable');
    // A serial after tomorrow (2173) is out of range, and a year alone is read as a serial.
    expect(problemOf('99999')).toBe('out_of_range');
    expect(readDate('2024', UTC)).toEqual({ ok: false, problem: 'out_of_range', message: '"2024" as an Excel day number is before 1970' });
    expect(problemOf('2024', { ...UTC, serials: false })).toBe('unreadable');
  });
});

describe('readDate: the sane range', () => {
  it('refuses dates before 1970 in UTC, whatever zone the wall time is in', () => {
    expect(readDate('1969-12-31', UTC)).toEqual({ ok: false, problem: 'out_of_range', message: '"1969-12-31" is before 1970' });
    expect(readDate('1970-01-01', UTC)).toEqual({ ok: true, ms: 0, shows: null });
    expect(problemOf('1970-01-01', KOLKATA)).toBe('out_of_range');
    expect(msOf('1970-01-01', NEW_YORK)).toBe(5 * 3_600_000);
    // Two-digit years 00-69 are 2000-2069, so 69 is after tomorrow, not 1969.
    expect(readDate('31/12/69', UTC)).toEqual({ ok: false, problem: 'out_of_range', message: '"31/12/69" is after tomorrow' });
    expect(problemOf('1969-12-31T23:59:59.999Z')).toBe('out_of_range');
  });

  it('accepts up to a day after now and refuses later', () => {
    expect(msOf(new Date(NOW + DAY).toISOString())).toBe(NOW + DAY);
    expect(problemOf(new Date(NOW + DAY + 1).toISOString())).toBe('out_of_range');
    expect(readDate('2025-06-17', UTC)).toEqual({ ok: false, problem: 'out_of_range', message: '"2025-06-17" is after tomorrow' });
    expect(readDate('2099-01-01', UTC)).toEqual({ ok: false, problem: 'out_of_range', message: '"2099-01-01" is after tomorrow' });
    expect(problemOf('17/06/2025 12:00')).toBe('out_of_range');
    expect(problemOf('Jun 17, 2025')).toBe('out_of_range');
  });
});

describe('readDate: time zones', () => {
  it.each<[string, string, string]>([
    // Spring forward, 2024-03-10 02:00 EST -> 03:00 EDT: 02:30 never happened and is moved
    // forward by the gap, into the later offset (03:30 EDT).
    ['2024-03-10 01:59:59', 'America/New_York', '2024-03-10T06:59:59Z'],
    ['2024-03-10 02:00', 'America/New_York', '2024-03-10T07:00:00Z'],
    ['2024-03-10 02:30', 'America/New_York', '2024-03-10T07:30:00Z'],
    ['2024-03-10 03:00', 'America/New_York', '2024-03-10T07:00:00Z'],
    ['2024-03-10 03:30', 'America/New_York', '2024-03-10T07:30:00Z'],
    // Fall back, 2024-11-03 02:00 EDT -> 01:00 EST: 01:30 happened twice; the first counts.
    ['2024-11-03 00:59:59', 'America/New_York', '2024-11-03T04:59:59Z'],
    ['2024-11-03 01:00', 'America/New_York', '2024-11-03T05:00:00Z'],
    ['2024-11-03 01:30', 'America/New_York', '2024-11-03T05:30:00Z'],
    ['2024-11-03 01:59:59', 'America/New_York', '2024-11-03T05:59:59Z'],
    ['2024-11-03 02:00', 'America/New_York', '2024-11-03T07:00:00Z'],
    ['2024-07-04 12:00', 'America/New_York', '2024-07-04T16:00:00Z'],
    ['2024-01-04 12:00', 'America/New_York', '2024-01-04T17:00:00Z'],
    ['2024-03-31 01:30', 'Europe/London', '2024-03-31T01:30:00Z'],
    ['2024-10-27 01:30', 'Europe/London', '2024-10-27T00:30:00Z'],
    ['2024-07-01 12:00', 'Asia/Kolkata', '2024-07-01T06:30:00Z'],
    ['2024-07-01 12:00', 'Asia/Kathmandu', '2024-07-01T06:15:00Z'],
    // Lord Howe moves its clocks by half an hour.
    ['2024-10-06 02:15', 'Australia/Lord_Howe', '2024-10-05T15:45:00Z'],
    ['2024-07-01 12:00', 'Australia/Lord_Howe', '2024-07-01T01:30:00Z'],
    ['2024-07-01 12:00', 'Etc/UTC', '2024-07-01T12:00:00Z'],
    ['2024-07-01 12:00', 'Europe/Paris', '2024-07-01T10:00:00Z'],
  ])('%s in %s', (text, timeZone, expected) => {
    expect(msOf(text, ctxIn(timeZone))).toBe(iso(expected));
  });

  it('keeps each zone to its own cached offsets', () => {
    for (let i = 0; i < 3; i++) {
      expect(msOf('2024-07-01 12:00', KOLKATA)).toBe(iso('2024-07-01T06:30:00Z'));
      expect(msOf('2024-07-01 12:00', NEW_YORK)).toBe(iso('2024-07-01T16:00:00Z'));
      expect(msOf('2024-07-01 12:00', UTC)).toBe(iso('2024-07-01T12:00:00Z'));
    }
  });

  it('refuses a wall time when the context zone is unknown, and still reads zoned values', () => {
    const mars = ctxIn('Mars/Olympus_Mons');
    expect(readDate('2024-03-14', mars)).toEqual({
      ok: false,
      problem: 'unreadable',
      message: '"2024-03-14" has no time zone and "Mars/Olympus_Mons" is not a known time zone',
    });
    expect(msOf('2024-03-14T10:22:05Z', mars)).toBe(iso('2024-03-14T10:22:05Z'));
    expect(msOf('1710432000', mars)).toBe(1_710_432_000_000);
  });

  it('reads a wall time back to the instant it was written from, across DST (property)', () => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    const wallText = (ms: number): string => {
      const p = Object.fromEntries(parts.formatToParts(ms).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
    };
    const instants = fc.integer({ min: Date.UTC(1971, 0, 1) / 1000, max: NOW / 1000 }).map((s) => s * 1000);
    // Dense around the 2024 transitions too, where the cache narrows to hours.
    const nearTransitions = fc
      .tuple(fc.constantFrom(Date.UTC(2024, 2, 10, 7), Date.UTC(2024, 10, 3, 6)), fc.integer({ min: -3 * 3600, max: 3 * 3600 }))
      .map(([at, s]) => at + s * 1000);
    fc.assert(
      fc.property(fc.oneof(instants, nearTransitions), (ms) => {
        const text = wallText(ms);
        const read = msOf(text, NEW_YORK);
        // The only wall times that do not come back are the repeated hour's second pass,
        // read as its first pass an hour earlier.
        expect(read === ms || (read === ms - 3_600_000 && wallText(read) === text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('says which time zones it knows', () => {
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('readDateInOrder', () => {
  it.each<[string, DateOrder, string | null]>([
    ['03/04/2024', 'dmy', '2024-04-03T00:00:00Z'],
    ['03/04/2024', 'mdy', '2024-03-04T00:00:00Z'],
    ['03/04/2024', 'ymd', null],
    ['25/01/2022', 'dmy', '2022-01-25T00:00:00Z'],
    ['25/01/2022', 'mdy', '2022-01-25T00:00:00Z'],
    ['25/01/2022', 'ymd', '2022-01-25T00:00:00Z'],
    ['01/25/2022', 'dmy', '2022-01-25T00:00:00Z'],
    ['05/05/2024', 'ymd', '2024-05-05T00:00:00Z'],
    ['24/03/14', 'ymd', '2024-03-14T00:00:00Z'],
    ['24/03/14', 'dmy', '2014-03-24T00:00:00Z'],
    ['24/03/14', 'mdy', '2014-03-24T00:00:00Z'],
    ['10.11.12', 'ymd', '2010-11-12T00:00:00Z'],
    ['10.11.12', 'dmy', '2012-11-10T00:00:00Z'],
    ['10.11.12', 'mdy', '2012-10-11T00:00:00Z'],
    ['2024/03/14', 'dmy', '2024-03-14T00:00:00Z'],
    ['2024/03/14', 'mdy', '2024-03-14T00:00:00Z'],
    ['2024-03-14T10:22:05Z', 'mdy', '2024-03-14T10:22:05Z'],
    ['14 Mar 2024', 'mdy', '2024-03-14T00:00:00Z'],
    ['45123', 'dmy', '2023-07-16T00:00:00Z'],
  ])('%s as %s', (text, order, expected) => {
    const result = readDateInOrder(text, order, UTC);
    if (expected === null) {
      expect(result).toEqual({ ok: false, problem: 'unreadable', message: `${JSON.stringify(text)} could be day/month or month/day` });
    } else {
      expect(result).toEqual({ ok: true, ms: iso(expected) });
    }
  });

  it('applies the order before the range, never falling back to the other reading', () => {
    // 06/07/2025 is 6 July (future) day-first, 7 June month-first; now is 15 June 2025.
    expect(readDateInOrder('06/07/2025', 'dmy', UTC)).toEqual({ ok: false, problem: 'out_of_range', message: '"06/07/2025" is after tomorrow' });
    expect(readDateInOrder('06/07/2025', 'mdy', UTC)).toEqual({ ok: true, ms: iso('2025-06-07T00:00:00Z') });
  });

  it('reads in the context zone and passes problems on', () => {
    expect(readDateInOrder('03/04/2024 10:22', 'mdy', KOLKATA)).toEqual({ ok: true, ms: iso('2024-03-04T04:52:00Z') });
    expect(readDateInOrder('45123x', 'dmy', UTC)).toEqual({ ok: false, problem: 'unreadable', message: '"45123x" is not a date' });
    expect(readDateInOrder('31/02/2024', 'mdy', UTC)).toMatchObject({ ok: false, problem: 'unreadable' });
  });
});

describe('defaultDateOrder', () => {
  it.each<[string, DateOrder]>([
    ['US', 'mdy'],
    ['us', 'mdy'],
    ['PH', 'mdy'],
    ['PR', 'mdy'],
    ['GU', 'mdy'],
    ['IN', 'dmy'],
    ['GB', 'dmy'],
    ['CA', 'dmy'],
    ['DE', 'dmy'],
    ['', 'dmy'],
  ])('%s is %s', (country, order) => {
    expect(defaultDateOrder(country)).toBe(order);
  });

  it('lists every order', () => {
    expect([...DATE_ORDERS].sort()).toEqual(['dmy', 'mdy', 'ymd']);
  });
});

describe('readDate: anything else', () => {
  it.each(['', '   ', '45123x', 'yesterday', 'now', 'today', '14/03', '12:00', 'N/A', '-', '0000-00-00', '2024-03-14 10:22 foo', 'x'.repeat(500), '１４/03/2024'])(
    'refuses %j',
    (text) => {
      expect(problemOf(text)).toBe('unreadable');
    },
  );

  it('names the value in the message', () => {
    expect(readDate('45123x', UTC)).toEqual({ ok: false, problem: 'unreadable', message: '"45123x" is not a date' });
  });

  it('never throws, and every success is in range (property)', () => {
    const dateish = fc.stringMatching(/^[0-9]{1,4}[/.\- ][0-9A-Za-z]{1,9}[/.\- ,]{1,2}[0-9]{1,4}( [0-9]{1,2}:[0-9]{2}( [AP]M)?)?$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), dateish, fc.stringMatching(/^[0-9.,]{1,16}$/)), (text) => {
        const reading: DateReading = readDate(text, UTC);
        if (reading.ok) {
          expect(reading.ms).toBeGreaterThanOrEqual(0);
          expect(reading.ms).toBeLessThanOrEqual(NOW + DAY);
        } else {
          expect(reading.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('readDate: the shortcut for common shapes', () => {
  // Numbers written with 1-5 digits, so that lengths the scan must refuse come up too.
  const number = (max: number): fc.Arbitrary<string> =>
    fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 1, max: 5 })).map(([n, width]) => String(n).padStart(width, '0').slice(-width));
  const separator = fc.constantFrom('-', '/', '.', ' ', ':');
  const clock = fc
    .tuple(
      fc.constantFrom('T', 't', ' ', '  ', ', ', '\t', '-'),
      number(25),
      fc.constantFrom(':', '.'),
      number(61),
      fc.option(fc.tuple(fc.constantFrom(':', ''), number(61)), { nil: undefined }),
      fc.option(fc.tuple(fc.constantFrom('.', ','), fc.stringMatching(/^[0-9]{0,11}$/)), { nil: undefined }),
      fc.constantFrom('', 'Z', 'z', 'ZZ', '+05:30', '+0530', '+05', '-14:00', '+14:01', '+15', '+5:30', '+05:3', '+05:300', ' UTC', 'GMT', ' PM', 'am', ' +05:30', '-'),
    )
    .map(([mark, h, colon, mi, s, f, zone]) => `${mark}${h}${colon}${mi}${s === undefined ? '' : s[0] + s[1]}${f === undefined ? '' : f[0] + f[1]}${zone}`);
  const dateLike = fc
    .tuple(fc.oneof(number(2030), fc.constantFrom('2024', '1970', '1969', '25', '03')), separator, number(40), separator, number(2030), fc.option(clock, { nil: undefined }))
    .map(([a, s1, b, s2, c, time]) => `${a}${s1}${b}${s2}${c}${time ?? ''}`);

  it('answers exactly as the patterns do (property)', () => {
    for (const ctx of [UTC, KOLKATA, NEW_YORK]) {
      fc.assert(
        fc.property(dateLike, (text) => {
          expect(readDate(text, ctx)).toEqual(readDateCarefully(text, ctx));
        }),
        { numRuns: 4000 },
      );
    }
  });

  it.each([
    '2024-03-14',
    '2024-03-14T10:22:05.123456789+05:30',
    '2024-03-14 10:22+0530',
    '2024-03-14T10:22:05,5-03',
    '2024-03-14T10:22:05+15:00',
    '2024-03-14T10:22:05.1234567890Z',
    '2024-03-14T1:22',
    '2024-03-14 10:22 +05:30',
    '25/01/2022 10:22',
    '03/04/2024 10:22:05.5',
    '3/14/2024 4:05 PM',
    '14.03.2024 10:22:05 UTC',
    '2024/3/5',
    '10/11/06',
    '25/13/2024',
    '14/03/2024 24:00',
    '14/03/2024 10:223',
    '14/03/20245',
  ])('agrees with the patterns on %s', (text) => {
    expect(readDate(text, KOLKATA)).toEqual(readDateCarefully(text, KOLKATA));
  });
});

describe('round trip (property)', () => {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

  it('reads ISO with Z and dd/mm/yyyy HH:MM:SS (UTC, dmy) back to the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: NOW }), (ms) => {
        const at = new Date(ms);
        expect(msOf(at.toISOString(), UTC)).toBe(ms);
        const text = `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
        const toSecond = Math.floor(ms / 1000) * 1000;
        expect(readDateInOrder(text, 'dmy', UTC)).toEqual({ ok: true, ms: toSecond });
        expect(msOf(text, UTC)).toBe(toSecond);
      }),
      { numRuns: 3000 },
    );
  });
});
