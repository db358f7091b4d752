import { z } from 'zod';
import { operation } from './operation';
import { contactViewSchema, countsSchema } from './views';
import { categorySchema, channelSchema, identifierTypeSchema, instantSchema, reasonSchema } from './vocabulary';

export const contactIdSchema = z.number().int().positive();

/** Where the previous listing page ended; pass the page's `next` back as `after`. */
export const listingCursorSchema = z.object({ changed_at: z.number().int(), id: z.number().int() });

/** The listing's filters; `jobs.startExport` takes the same object to export "the current filter". */
export const listingFilterSchema = z.object({
  tab: z.enum(['identified', 'anonymous']),
  /** With no status: contacts with any status on this channel. */
  channel: channelSchema.optional(),
  status: z.enum(['blocked', 'whitelisted']).optional(),
  category: categorySchema.optional(),
  /** Exact (`ui`, `cli`, `sync:ce`), or a prefix ending in `:` (`import:` = every import). */
  source: z.string().min(1).max(200).optional(),
  /** Inclusive bounds on the contact's last change; a bound before 1970 or after tomorrow is refused, naming its field. */
  changedFrom: instantSchema.optional(),
  changedTo: instantSchema.optional(),
});
export type ListingFilter = z.infer<typeof listingFilterSchema>;

const changeResult = z.object({ contact: contactViewSchema, changed: z.boolean() });

/** Contacts: the listing, search, details and every single-contact change. */
export const contactsOperations = {
  list: operation(
    listingFilterSchema.extend({
      after: listingCursorSchema.nullable().default(null),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    z.object({ contacts: z.array(contactViewSchema), next: listingCursorSchema.nullable() }),
    'A page of the listing, newest change first; `next` is the cursor for the following page (null on the last).',
  ),
  counts: operation(z.object({}), countsSchema, 'The tab counts (identified, anonymous) and per-channel totals.'),
  search: operation(
    z.object({
      query: z.string().max(1000),
      /** Also emails and customer IDs starting with the query. */
      prefix: z.boolean().default(false),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
    z.object({ contacts: z.array(contactViewSchema) }),
    'Exact customer ID, email (any case) or mobile (any format); with prefix, also emails and customer IDs starting with it.',
  ),
  get: operation(z.object({ id: contactIdSchema }), z.object({ contact: contactViewSchema }), 'One contact (not_found when deleted).'),
  block: operation(
    z.object({
      using: identifierTypeSchema,
      value: z.string().min(1).max(1000),
      channels: z.array(channelSchema).min(1),
      category: categorySchema.default('manual'),
      reason: reasonSchema.default(null),
    }),
    z.object({ contact: contactViewSchema, created: z.boolean(), changedChannels: z.array(channelSchema) }),
    'Blocklist Contact: blocks an identifier on channels, creating its contact if missing.',
  ),
  unblock: operation(
    z.object({
      contactId: contactIdSchema,
      channels: z.array(channelSchema).min(1),
      confirm: z.boolean().default(false),
      /** Why; kept in the audit entries. Lifting a protected category needs one: what evidence of consent there is. */
      reason: reasonSchema.optional(),
    }),
    z.object({ contact: contactViewSchema, unblocked: z.array(channelSchema) }),
    'Lifts channels (all or none); a protected category (unsubscribe, opt_out, …) needs confirm (else confirm_required) and a reason (else usage, field reason).',
  ),
  whitelist: operation(
    z.object({ contactId: contactIdSchema, category: categorySchema.optional(), reason: reasonSchema.optional(), confirm: z.boolean().default(false) }),
    changeResult,
    'Whitelists the email channel (an explicit allow that beats a domain block).',
  ),
  setStatus: operation(
    z.object({
      contactId: contactIdSchema,
      channel: channelSchema,
      status: z.enum(['none', 'blocked', 'whitelisted']),
      category: categorySchema.optional(),
      reason: reasonSchema.optional(),
      confirm: z.boolean().default(false),
    }),
    changeResult,
    'Manage Consent: one channel to a status with category and reason; lifting a protected category needs confirm and the reason (else usage, field reason).',
  ),
  setStatuses: operation(
    z.object({
      contactId: contactIdSchema,
      changes: z
        .array(
          z.object({
            channel: channelSchema,
            status: z.enum(['none', 'blocked', 'whitelisted']),
            category: categorySchema.optional(),
            reason: reasonSchema.optional(),
          }),
        )
        .min(1)
        .max(4),
      confirm: z.boolean().default(false),
    }),
    z.object({ contact: contactViewSchema, changed: z.array(channelSchema) }),
    "Manage Consent: several channels at once, all or none (one transaction), every change checked first; a protected lift needs confirm and that change's reason (else usage, field changes.N.reason).",
  ),
  edit: operation(
    z.object({
      contactId: contactIdSchema,
      /** A value sets the field, null (or blank) removes it, absent leaves it. */
      customer_id: z.string().max(1000).nullable().optional(),
      email: z.string().max(1000).nullable().optional(),
      mobile: z.string().max(1000).nullable().optional(),
    }),
    z.object({ contact: contactViewSchema, changedFields: z.array(identifierTypeSchema) }),
    "Edit identifiers; a refusal about one field (conflict, invalid_identifier, …) carries error.field.",
  ),
  delete: operation(
    z.object({
      contactId: contactIdSchema,
      confirm: z.boolean().default(false),
      /** Why; kept in the audit entries. Needed when a channel carries a protected category: what evidence of consent there is. */
      reason: reasonSchema.optional(),
    }),
    z.object({ contact: contactViewSchema }),
    'Removes a contact from the blocklist; when a channel carries a protected category, needs confirm (else confirm_required) and a reason (else usage, field reason).',
  ),
};
