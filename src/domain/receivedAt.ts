// ISO 8601 date and time: `T` or one space between them, seconds and fractions optional,
// then `Z`, `+05:30`, `+0530`, `+05` or nothing.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * When a message arrived, as ms since the epoch, or undefined when the text is not an
 * ISO 8601 date and time. A time without an offset (`2025-03-01 10:00:00`) is read as
 * UTC — as CE and the messaging platforms write their logs, and so that a log means the
 * same on every machine whatever its time zone. A date without a time cannot be ordered
 * against the day's other messages, so it is not accepted.
 */
export function parseReceivedAt(value: string): number | undefined {
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  // Date.UTC reads years 0–99 as 1900–1999; no inbound log is that old.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // 31 February rolls into March in Date.UTC: refuse it instead.
  if (new Date(local).getUTCDate() !== day) return undefined;
  if (zulu !== undefined || sign === undefined) return local;
  const offsetHours = Number(oh);
  const offsetMinutes = om === undefined ? 0 : Number(om);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return sign === '+' ? local - offset : local + offset;
}
