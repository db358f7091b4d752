import { parseKeywordLists } from '../domain/keywords';
import { isCountryCode } from '../domain/mobile';
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
    month_first_countries: [...MONTH_FIRST_COUNTRIES],
    computer_time_zone: localTimeZone(),
    dataFolder: ctx.dataFolder,
    appVersion: ctx.appVersion,
  };
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
    updateSettings(ctx.db, { primary_key: input.primary_key, country, keywords: input.keywords, date_order: input.date_order, time_zone: zone });
    return settingsView(ctx);
  },
};
