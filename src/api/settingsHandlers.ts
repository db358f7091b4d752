import { isCountryCode } from '../domain/mobile';
import { getSettings, updateSettings } from '../store/settings';
import { ApiFieldError } from './apiFieldError';
import type { DeskContext } from './desk';
import type { AreaHandlers } from './handler';
import { SAMPLE_FILE_CONTENTS, SAMPLE_FILE_NAME, SAMPLE_FILE_REF } from './sampleFile';
import type { SettingsView } from './settingsOperations';

function settingsView(ctx: DeskContext): SettingsView {
  const settings = getSettings(ctx.db);
  return { primary_key: settings.primary_key, country: settings.country, dataFolder: ctx.dataFolder, appVersion: ctx.appVersion };
}

export const settingsHandlers: AreaHandlers<'settings'> = {
  get: (_input, ctx) => settingsView(ctx),
  update: (input, ctx) => {
    const country = input.country?.trim().toUpperCase();
    if (country !== undefined && !isCountryCode(country)) throw new ApiFieldError('usage', 'country', `"${input.country}" is not a country code (use two letters such as IN, US, GB)`);
    updateSettings(ctx.db, { primary_key: input.primary_key, country });
    return settingsView(ctx);
  },
};

export const filesHandlers: AreaHandlers<'files'> = {
  sample: () => ({
    file: { ref: SAMPLE_FILE_REF, name: SAMPLE_FILE_NAME, size: Buffer.byteLength(SAMPLE_FILE_CONTENTS) },
    contents: SAMPLE_FILE_CONTENTS,
  }),
};
