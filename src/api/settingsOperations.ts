import { z } from 'zod';
import { operation } from './operation';
import { primaryKeySchema } from './vocabulary';

export const settingsViewSchema = z.object({
  /** Names the listing's first column and the key pushed to CE. */
  primary_key: primaryKeySchema,
  /** Default country for national mobile numbers (two letters). */
  country: z.string(),
  /** Shown read-only: where blocklist.db and job files live. */
  dataFolder: z.string(),
  appVersion: z.string(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsOperations = {
  get: operation(z.object({}), settingsViewSchema, 'The settings and the data folder.'),
  update: operation(
    z.object({ primary_key: primaryKeySchema.optional(), country: z.string().min(2).max(2).optional() }),
    settingsViewSchema,
    'Changes settings; a bad value is a usage error naming the setting.',
  ),
};
