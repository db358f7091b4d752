import { z } from 'zod';
import { operation } from './operation';
import { primaryKeySchema } from './vocabulary';

const keywordListSchema = z.array(z.string().max(200)).max(200);

/** Per channel, the words that opt a mobile out, and for SMS the words that opt it back in. */
export const keywordListsSchema = z.object({
  sms: z.object({ opt_out: keywordListSchema, opt_in: keywordListSchema }),
  whatsapp: z.object({ opt_out: keywordListSchema }),
  rcs: z.object({ opt_out: keywordListSchema }),
});
export type KeywordListsView = z.infer<typeof keywordListsSchema>;

export const settingsViewSchema = z.object({
  /** Names the listing's first column and the key pushed to CE. */
  primary_key: primaryKeySchema,
  /** Default country for national mobile numbers (two letters). */
  country: z.string(),
  /** Keyword capture's lists, upper-cased; the next keywords job uses them. */
  keywords: keywordListsSchema,
  /** Day/month order of numeric dates that do not prove one; `country` follows the default country. */
  date_order: z.enum(['country', 'dmy', 'mdy', 'ymd']),
  /** Time zone of file times written without one; `computer` is this computer's. */
  time_zone: z.string(),
  /** Our own sender numbers (E.164): keyword capture counts a message from one of them as outbound, never as an opt-out; keywords jobs add the To of inbound messages. */
  sender_numbers: z.array(z.string()),
  /** Read-only: the countries whose numeric dates are month first, and this computer's time zone (what `country` and `computer` mean). */
  month_first_countries: z.array(z.string()),
  computer_time_zone: z.string(),
  /** Shown read-only: where blocklist.db and job files live. */
  dataFolder: z.string(),
  appVersion: z.string(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsOperations = {
  get: operation(z.object({}), settingsViewSchema, 'The settings and the data folder.'),
  update: operation(
    z.object({ primary_key: primaryKeySchema.optional(), country: z.string().min(2).max(2).optional(), keywords: keywordListsSchema.optional(),
      date_order: z.enum(['country', 'dmy', 'mdy', 'ymd']).optional(),
      time_zone: z.string().max(64).optional(),
      /** Any spelling the default country reads; stored as E.164. */
      sender_numbers: z.array(z.string().max(64)).max(1000).optional(),
    }),
    settingsViewSchema,
    'Changes settings; a bad value is a usage error naming the setting.',
  ),
};
