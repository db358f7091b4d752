import { z } from 'zod';
import { operation } from './operation';
import { contactViewSchema, countsSchema, jobViewSchema } from './views';
import { categorySchema, channelSchema, identifierTypeSchema, instantSchema, reasonSchema } from './vocabulary';

export const contactIdSchema = z.number().int().positive();

/** Where the previous listing page ended; pass the page's `next` back as `after`. */
export const listingCursorSchema = z.object({ changed_at: z.number().int(), id: z.number().int(), mobile: z.string().max(64).nullable().optional() });

/**
 * The orders an index serves (src/store/listing.ts): the last change either way, and on
 * the anonymous tab the mobile either way. Nothing else is offered.
 */
export const listingOrderSchema = z.enum(['newest', 'oldest', 'mobile_asc', 'mobile_desc']);
export type ListingOrderName = z.infer<typeof listingOrderSchema>;

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

/** Blocked contacts per category (`none` for a block with no category) on one channel. */
const categoryCountsSchema = z.record(z.string(), z.number().int());

/** The contacts a bulk action is for: selected rows (by id), or every contact the listing shows for a filter. */
export const bulkTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contacts'), ids: z.array(contactIdSchema).min(1).max(100_000) }),
  z.object({ kind: z.literal('filter'), filter: listingFilterSchema }),
]);

export const bulkActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('block'), channels: z.array(channelSchema).min(1), category: categorySchema.default('manual'), reason: reasonSchema.default(null) }),
  z.object({ kind: z.literal('unblock'), channels: z.array(channelSchema).min(1), reason: reasonSchema.default(null) }),
  z.object({ kind: z.literal('delete'), reason: reasonSchema.default(null) }),
]);

/** Contacts: the listing, search, details and every single-contact change. */
export const contactsOperations = {
  list: operation(
    listingFilterSchema.extend({
      order: listingOrderSchema.default('newest'),
      after: listingCursorSchema.nullable().default(null),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    z.object({ contacts: z.array(contactViewSchema), next: listingCursorSchema.nullable() }),
    'A page of the listing in `order` (default newest change first); `next` is the cursor for the following page (null on the last).',
  ),
  counts: operation(z.object({}), countsSchema, 'The tab counts (identified, anonymous) and per-channel totals.'),
  count: operation(
    listingFilterSchema.extend({
      /** A newer count with the same key cancels this one (answered `cancelled`): one key per place that shows a count. */
      key: z.string().min(1).max(64).default('listing'),
    }),
    z.object({ count: z.number().int() }),
    'The exact number of contacts the listing shows for a filter; counted in chunks so other calls are not held up, and cancelled (error cancelled) by a newer count with the same key.',
  ),
  summary: operation(
    z.object({}),
    z.object({
      blocked: z.object({ email: categoryCountsSchema, sms: categoryCountsSchema, whatsapp: categoryCountsSchema, rcs: categoryCountsSchema }),
      blockedTotal: z.object({ email: z.number().int(), sms: z.number().int(), whatsapp: z.number().int(), rcs: z.number().int() }),
      whitelistedEmail: z.number().int(),
      /** Contacts blocked on at least one channel. */
      blockedAnywhere: z.number().int(),
      contacts: z.object({ identified: z.number().int(), anonymous: z.number().int() }),
      /** What waits to be pushed to CE: changes by channel and action. */
      outbox: z.object({
        total: z.number().int(),
        byChannel: z.object({ email: z.number().int(), sms: z.number().int(), whatsapp: z.number().int(), rcs: z.number().int() }),
        byAction: z.object({ block: z.number().int(), unblock: z.number().int(), whitelist: z.number().int() }),
      }),
      jobs: z.array(jobViewSchema),
      /** When these numbers were counted (ISO UTC). */
      at: z.string(),
    }),
    'The numbers an officer reports upward: blocked contacts by channel × category, contacts by tab, what waits to sync, the recent jobs.',
  ),
  startBulk: operation(
    z.object({
      target: bulkTargetSchema,
      action: bulkActionSchema,
      /** Needed when a lift among the contacts is of a protected category (else the job fails confirm_required, nothing changed). */
      confirm: z.boolean().default(false),
    }),
    z.object({ job: jobViewSchema }),
    'Queues one job that blocks, unblocks or deletes many contacts, all or none, each change audited as a single edit is (with the job); a protected lift among them needs confirm and a reason.',
  ),
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
