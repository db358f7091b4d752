import { z } from 'zod';
import { operation } from './operation';
import { jobViewSchema } from './views';
import { channelSchema } from './vocabulary';

export const remoteKindSchema = z.enum(['ce-v1', 'netcore-email']);

export const syncViewSchema = z.object({
  remote: remoteKindSchema,
  url: z.string(),
  /** 0 = off; otherwise a sync starts every N minutes while the app is open. */
  every_minutes: z.number().int(),
  key: z.object({
    source: z.enum(['keychain', 'plain_text', 'environment', 'none']),
    canStore: z.boolean(),
    note: z.string(),
  }),
  /**
   * What waits to be pushed. A change is one identifier's status on one channel (CE's
   * unit), so one contact can be several: its customer ID and its email for Email.
   */
  outbox: z.object({
    total: z.number().int(),
    /** The contacts holding those identifiers now; null when the outbox is too big to count on every look. */
    contacts: z.number().int().nullable(),
    /** Identifiers no longer on any contact (deleted, or edited away): their changes are unblocks. */
    identifiers_without_contact: z.number().int().nullable(),
    byChannel: z.record(channelSchema, z.number().int()),
    byAction: z.object({ block: z.number().int(), unblock: z.number().int(), whitelist: z.number().int() }),
  }),
  /** The newest sync jobs first, with their reports. */
  runs: z.array(jobViewSchema),
  /** The sync job running now, if any. */
  running: z.string().nullable(),
  /** When the schedule starts the next one (ISO), or null when off. */
  next_run_at: z.string().nullable(),
});
export type SyncView = z.infer<typeof syncViewSchema>;

/** Sync with CE (CE-SYNC.md): settings, the key, the outbox, and runs as jobs. */
export const syncOperations = {
  get: operation(z.object({}), syncViewSchema, 'The sync settings, where the key comes from, the outbox and the last runs.'),
  update: operation(
    z.object({
      remote: remoteKindSchema.optional(),
      url: z.string().max(2000).optional(),
      every_minutes: z.number().int().min(0).max(1440).optional(),
    }),
    syncViewSchema,
    'Changes the remote, URL or schedule; a URL that is neither https:// nor loopback http:// is refused.',
  ),
  saveKey: operation(
    z.object({ key: z.string().max(1000).nullable() }),
    syncViewSchema,
    'Stores the API key encrypted by the OS (null forgets it); refused in browser mode.',
  ),
  run: operation(z.object({}), z.object({ job: jobViewSchema }), 'Starts a sync job now (push the outbox, then pull); progress and the end arrive as job events.'),
};
