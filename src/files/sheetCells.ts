import { excelSerialWallTime } from '../domain/dates';

/** A number format of the workbook: its id, and its code (`0.00`, `dd/mm/yyyy`). */
export interface NumberFormat {
  id: number;
  code: string;
  /** The format shows a date or time: the cell's number is an Excel serial day. */
  date: boolean;
}

/**
 * One cell as the workbook stores it, for writing it back (the scrub's .xlsx outputs):
 * `n` a number (`value` its text exactly as stored), `s` text, `b` a boolean (`1`/`0`),
 * `e` an error (`#N/A`), `d` an ISO 8601 date. `format` is the number format it shows with.
 */
export interface SheetCell {
  type: 'n' | 's' | 'b' | 'e' | 'd';
  value: string;
  format: NumberFormat | null;
}

/**
 * The built-in formats ECMA-376 §18.8.30 defines (ids below 164 need no <numFmt>), those
 * that show dates or times: 14–22 and 45–47, and 27–36 and 50–58, the East Asian dates.
 */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
/** The codes of the built-in ids, for the formats a workbook uses without declaring them. */
const BUILT_IN_CODES: Readonly<Record<number, string>> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

export function numberFormat(id: number, code: string | undefined): NumberFormat {
  const text = code ?? BUILT_IN_CODES[id] ?? 'General';
  return { id, code: text, date: BUILT_IN_DATES.has(id) || (code !== undefined && isDateCode(code)) };
}

/**
 * Whether a format code shows a date or time: a y, m, d, h or s outside quoted text,
 * escaped characters and [brackets] (colours, locales, conditions). Only the first
 * section counts (the one for positive numbers).
 */
export function isDateCode(code: string): boolean {
  const first = code.replace(/"[^"]*"|\\.|_.|\*./g, '').split(';')[0] ?? '';
  const bare = first.replace(/\[[^\]]*\]/g, '');
  if (/general/i.test(bare)) return false;
  return /[ymdhs]/i.test(bare);
}

const INTEGER = /^-?\d+$/;

/**
 * A number cell's text as the officer means it: an integer in full (`919845012345`, not
 * `9.19845E+11`, even when the workbook stored it as `9.19845012345E+11`), padded with
 * zeros when its format is all zeros (`00123` for a `00000` customer number), else Excel's
 * 15 significant digits (`0.1`, not `0.1000000000000000055`).
 */
export function numberText(value: string, format: NumberFormat | null): string {
  let text: string;
  if (INTEGER.test(value)) text = value.charCodeAt(0) === 45 ? `-${value.slice(1).replace(/^0+(?=\d)/, '')}` : value.replace(/^0+(?=\d)/, '');
  else {
    const n = Number(value);
    if (!Number.isFinite(n)) return value.trim();
    if (Number.isInteger(n) && Math.abs(n) < 1e21) text = n.toFixed(0);
    else text = String(Number(n.toPrecision(15)));
  }
  if (format !== null && format.id >= 1 && /^0+$/.test(format.code) && text.length < format.code.length && !text.startsWith('-')) {
    text = text.padStart(format.code.length, '0');
  }
  return text;
}

/**
 * A date cell's serial day as the date the officer sees, in ISO 8601 without a zone (a
 * workbook's dates are wall-clock times): `2024-03-05`, or `2024-03-05 14:30:00` when it
 * has a time of day; a time alone (`14:30:00`) below one day. The date reader
 * (domain/dates.ts) reads it in the import's time zone, as it does a serial. The 1904
 * date system (old Mac workbooks) counts 1462 days later.
 */
export function serialDateText(value: string, date1904: boolean): string {
  const serial = Number(value);
  if (!Number.isFinite(serial) || serial < 0) return value.trim();
  const whole = Math.floor(serial);
  // Rounded to the second: serials carry float noise (0.99999999 of a second).
  let seconds = Math.round((serial - whole) * 86_400);
  let day = whole + (date1904 ? 1462 : 0);
  if (seconds === 86_400) {
    seconds = 0;
    day += 1;
  }
  const clock = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  if (whole === 0 && !date1904) return clock;
  const wall = excelSerialWallTime(day);
  // Serial 60 is Lotus's 29 February 1900, which never was: shown as Excel shows it.
  const ymd = wall === undefined ? '1900-02-29' : new Date(wall).toISOString().slice(0, 10);
  return seconds === 0 ? ymd : `${ymd} ${clock}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Date texts by serial: a column of dates repeats few distinct days, and formatting one costs a Date. */
const datesSeen = new Map<string, string>();
const DATES_KEPT = 4096;

/** The text of a cell for the readers (what the import and the scrub read). */
export function cellText(cell: SheetCell, date1904: boolean): string {
  switch (cell.type) {
    case 'n': {
      if (!cell.format?.date) return numberText(cell.value, cell.format);
      const key = date1904 ? `${cell.value}/1904` : cell.value;
      let text = datesSeen.get(key);
      if (text === undefined) {
        if (datesSeen.size >= DATES_KEPT) datesSeen.clear();
        text = serialDateText(cell.value, date1904);
        datesSeen.set(key, text);
      }
      return text;
    }
    case 'b':
      return cell.value === '1' || cell.value.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    default:
      return cell.value;
  }
}

/** Excel's column letters for a 0-based index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The 0-based column of a cell reference (`B7` → 1), or -1 when it has no letters. */
export function columnIndex(ref: string): number {
  let index = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20;
    if (code < 97 || code > 122) break;
    index = index * 26 + (code - 96);
  }
  return i === 0 ? -1 : index - 1;
}
