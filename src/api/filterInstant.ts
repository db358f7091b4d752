import { readDateInOrder } from '../domain/dates';
import type { Db } from '../store/database';
import { dateReading, getSettings } from '../store/settings';
import { ApiFieldError } from './apiFieldError';

/**
 * A filter's date (the listing's changedFrom/changedTo, the audit's since) in ms, read by
 * the product's one date reader with the settings' order and zone. The contract admits
 * only ISO 8601 with a zone here (the renderer sends that), so order and zone change
 * nothing today; reading through src/domain/dates.ts keeps one reader, and a value it
 * cannot use (before 1970, after tomorrow) is refused naming the field instead of
 * filtering on a guess.
 */
export function filterInstant(db: Db, value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const { dateOrder, timeZone } = dateReading(getSettings(db));
  const reading = readDateInOrder(value, dateOrder, { timeZone, now: Date.now(), serials: false });
  if (!reading.ok) throw new ApiFieldError('usage', field, reading.message);
  return reading.ms;
}
