import { parseKeywordLists } from '../domain/keywords';
import { isCountryCode } from '../domain/mobile';
import { getSettings, updateSettings } from '../store/settings';
import { ApiFieldError } from './apiFieldError';
import type { DeskContext } from './desk';
import type { AreaHandlers } from './handler';
import type { SettingsView } from './settingsOperations';

function settingsView(ctx: DeskContext): SettingsView {
  const settings = getSettings(ctx.db);
  return { primary_key: settings.primary_key, country: settings.country, keywords: settings.keywords, dataFolder: ctx.dataFolder, appVersion: ctx.appVersion };
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
    updateSettings(ctx.db, { primary_key: input.primary_key, country, keywords: input.keywords });
    return settingsView(ctx);
  },
};
