import { z } from 'zod';
import { contactIdSchema } from './contactsOperations';
import { jobIdSchema } from './jobsOperations';
import { operation } from './operation';
import { auditEntrySchema, jobViewSchema } from './views';
import { channelSchema, instantSchema } from './vocabulary';

/** The audit log: append-only, newest first. */
export const auditOperations = {
  list: operation(
    z.object({
      contactId: contactIdSchema.optional(),
      /**
       * Any identifier the contact has or had, written any way search reads it: customer ID
       * (exactly), email (any case), mobile (any format). Matches every entry of each contact
       * that holds or held it, deleted ones included.
       */
      contact: z.string().min(1).max(1000).optional(),
      channel: channelSchema.optional(),
      actor: z.string().min(1).max(200).optional(),
      job: jobIdSchema.optional(),
      /** Entries at or after this instant; one before 1970 or after tomorrow is refused, naming the field. */
      since: instantSchema.optional(),
      /** The previous page's `next`. */
      before: z.number().int().nullable().default(null),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    z.object({ entries: z.array(auditEntrySchema), next: z.number().int().nullable() }),
    "A page of the audit log, newest first, with the cursor of the next (older) page; with contactId alone, that contact's history.",
  ),
  export: operation(
    z.object({
      since: instantSchema.optional(),
      contactId: contactIdSchema.optional(),
      /** As in list: any identifier the contact has or had, any spelling. */
      contact: z.string().min(1).max(1000).optional(),
      channel: channelSchema.optional(),
      actor: z.string().min(1).max(200).optional(),
      target: z.string().min(1).max(4096),
    }),
    z.object({ job: jobViewSchema }),
    'Queues an export of the audit log (oldest first, with the same filters as list) to CSV; the target is a ref from desk.saveAs().',
  ),
};
