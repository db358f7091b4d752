import { parseKeywordLists } from '../domain/keywords';
import type { CountryCode } from 'libphonenumber-js';
import { isCountryCode, normalizeMobile } from '../domain/mobile';
import { channelAddress } from '../files/messageLogColumns';
import { isValidTimeZone, localTimeZone, MONTH_FIRST_COUNTRIES } from '../domain/dates';
import { getSettings, updateSettings } from '../store/settings';
import { ApiFieldError } from './apiFieldError';
import type { DeskContext } from './desk';
import type { AreaHandlers } from './handler';
import type { SettingsView } from './settingsOperations';

function settingsView(ctx: DeskContext): SettingsView {
  const settings = getSettings(ctx.db);
  return {
    primary_key: settings.primary_key,
    country: settings.country,
    keywords: settings.keywords,
    date_order: settings.date_order,
    time_zone: settings.time_zone,
    sender_numbers: settings.sender_numbers,
    month_first_countries: [...MONTH_FIRST_COUNTRIES],
    computer_time_zone: localTimeZone(),
    dataFolder: ctx.dataFolder,
    appVersion: ctx.appVersion,
  };
}

/** Sender numbers as typed (any spelling, `whatsapp:` prefixes too), as E.164; a number that cannot be read names itself. */
function senderNumbers(values: readonly string[], country: string): string[] {
  const numbers: string[] = [];
  for (const value of values) {
    if (value.trim() === '') continue;
    const mobile = normalizeMobile(channelAddress(value).number, country as CountryCode);
    if (!mobile.ok) throw new ApiFieldError('usage', 'sender_numbers', `"${value.trim()}" is not a number: ${mobile.message}`);
    if (!numbers.includes(mobile.value)) numbers.push(mobile.value);
  }
  return numbers;
}

export const settingsHandlers: AreaHandlers<'settings'> = {
  get: (_input, ctx) => settingsView(ctx),
  update: (input, ctx) => {
    const country = input.country?.trim().toUpperCase();
    if (country !== undefined && !isCountryCode(country)) throw new ApiFieldError('usage', 'country', `"${input.country}" is not a country code (use two letters such as IN, US, GB)`);
    if (input.keywords !== undefined) {
      const lists = parseKeywordLists(input.keywords);
      if (!lists.ok) throw new ApiFieldError('usage', 'keywords', lists.message);
    }
    const zone = input.time_zone?.trim();
    if (zone !== undefined && zone !== 'computer' && !isValidTimeZone(zone)) throw new ApiFieldError('usage', 'time_zone', `"${input.time_zone}" is not a time zone (use a name such as Asia/Kolkata or Europe/London)`);
    const senders = input.sender_numbers === undefined ? undefined : senderNumbers(input.sender_numbers, country ?? getSettings(ctx.db).country);
    updateSettings(ctx.db, { primary_key: input.primary_key, country, keywords: input.keywords, date_order: input.date_order, time_zone: zone, sender_numbers: senders });
    return settingsView(ctx);
  },
};
