import { z } from 'zod';
import { listingFilterSchema } from './contactsOperations';
import { importLayoutSchema } from './filesOperations';
import { operation } from './operation';
import { jobViewSchema, toReviewMessageSchema } from './views';
import { categorySchema, channelSchema, reasonSchema, usingSchema } from './vocabulary';

export const jobIdSchema = z.string().min(1).max(64);

/** What an export writes: the whole list, one channel's blocked contacts, or the listing's current filter. */
export const exportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('channel'), channel: channelSchema }),
  z.object({ kind: z.literal('listing'), filter: listingFilterSchema }),
]);
export type ExportScope = z.infer<typeof exportScopeSchema>;

const jobResult = z.object({ job: jobViewSchema });

/**
 * A keywords job's message to review with where its opt-out stands now (src/store/
 * keywordChanges.ts optOutState): `open` (not blocked: Apply opt-out), `applied` (blocked
 * as opt_out by this message), `blocked` (blocked otherwise); `block` is the channel's
 * block when there is one, `at` ISO UTC.
 */
export const reviewedMessageSchema = toReviewMessageSchema.extend({
  /** Its place in the report's to_review_messages: what jobs.applyOptOut names. */
  index: z.number().int(),
  state: z.enum(['open', 'applied', 'blocked']),
  contact_id: z.number().int().nullable(),
  block: z.object({ category: z.string().nullable(), source: z.string().nullable(), actor: z.string().nullable(), at: z.string().nullable() }).nullable(),
});
export type ReviewedMessage = z.infer<typeof reviewedMessageSchema>;

/** Jobs: imports, keyword capture and exports run off the UI thread; progress and the end arrive as events. */
export const jobsOperations = {
  startImport: operation(
    z
      .object({
        /** Refs from desk.pickFiles() / desk.uploadFiles(); or `text` (Multiple Input), not both. */
        files: z.array(z.string().min(1).max(4096)).min(1).max(100).optional(),
        text: z.string().min(1).max(50_000_000).optional(),
        /** Pasted text needs a concrete identifier type; files may say `auto`. */
        using: usingSchema,
        /** Files may leave them out when their tables name their channels (files.preview's names_channels); pasted text needs one. */
        channels: z.array(channelSchema).max(4),
        category: categorySchema.default('manual'),
        reason: reasonSchema.default(null),
        /** An old email-only blacklist: Email = Yes with category legacy. */
        legacy: z.boolean().default(false),
        /** How the files are read (the mapping step): a mapping, a saved one by name, or a format; absent, as each table's header says. */
        ...importLayoutSchema.shape,
        /** The sheet read from each Excel workbook, by name (a table's `sheets` lists them); default the first visible one. */
        sheet: z.string().min(1).max(200).optional(),
      })
      .refine((input) => (input.files === undefined) !== (input.text === undefined), {
        message: 'give either files or pasted text',
        path: ['files'],
      })
      .refine((input) => input.files !== undefined || input.channels.length > 0, { message: 'choose at least one channel', path: ['channels'] }),
    jobResult,
    'Queues an import of files or pasted identifiers; the job:finished event carries the report.',
  ),
  startKeywords: operation(
    z.object({
      /** Refs from desk.pickFiles() / desk.uploadFiles(): inbound-message logs (CSV with from, text, received_at; channel, to, direction read when present; Twilio's exports as they are). */
      files: z.array(z.string().min(1).max(4096)).min(1).max(100),
      /** The channel of messages whose log names none (no channel column, no `whatsapp:`/`rcs:` prefix). */
      channel: z.enum(['sms', 'whatsapp', 'rcs']).default('sms'),
    }),
    jobResult,
    "Queues keyword capture over inbound-message logs with the settings' keyword lists; the job:finished event carries the report.",
  ),
  startExport: operation(
    z.object({
      scope: exportScopeSchema,
      /** The ref desk.saveAs() returned. */
      target: z.string().min(1).max(4096),
    }),
    jobResult,
    'Queues an export to CSV (formula-safe, re-importable); when done, job.files.out is the file.',
  ),
  startScrub: operation(
    z.object({
      /** A ref from desk.pickFiles() / desk.uploadFiles(): the audience (CSV, TXT, Excel .xlsx or ZIP). */
      file: z.string().min(1).max(4096),
      /** The sheet of a workbook to scrub, by name; default the first visible one. */
      sheet: z.string().min(1).max(200).optional(),
      channels: z.array(channelSchema).min(1).max(4),
      /** Header names or 1-based numbers of the identifier columns, where the aliases do not find them. */
      columns: z
        .object({ email: z.string().min(1).max(200).optional(), mobile: z.string().min(1).max(200).optional(), customer_id: z.string().min(1).max(200).optional() })
        .default({}),
    }),
    jobResult,
    'Queues an audience scrub: job.files.clean_by_channel holds a cleaned file for each channel (job.files.out is the cleaned file when there is one channel), job.files.removed the rows Not Sent on at least one channel; the blocklist is only read.',
  ),
  toReview: operation(
    z.object({ id: jobIdSchema }),
    z.object({
      messages: z.array(reviewedMessageSchema),
      /** Every message to review; beyond the listed ones they are in `file` (to-review.csv in the job folder). */
      total: z.number().int(),
      file: z.string().nullable(),
    }),
    "A keywords job's messages to review (the report lists the first 100), each with where its opt-out stands now.",
  ),
  applyOptOut: operation(
    z.object({ id: jobIdSchema, message: z.number().int().min(0) }),
    z.object({ applied: z.boolean(), message: reviewedMessageSchema }),
    "Applies one of a keywords job's messages to review as an opt-out: blocks its channel for its mobile, category opt_out, the message as reason and its received_at as date, by the officer (source ui), audited. A channel already blocked is left as it is: applied false.",
  ),
  list: operation(z.object({ limit: z.number().int().min(1).max(1000).default(100) }), z.object({ jobs: z.array(jobViewSchema) }), 'The newest jobs first.'),
  get: operation(z.object({ id: jobIdSchema }), jobResult, 'One job with its report.'),
  cancel: operation(
    z.object({ id: jobIdSchema }),
    z.object({ cancelled: z.boolean() }),
    "Asks a running job of this app to stop; an import then applies nothing. false when it is not running here; a conflict once its apply has started (progress cancellable false), as the blocklist then changes all at once.",
  ),
  previewRevert: operation(
    z.object({ id: jobIdSchema }),
    z.object({
      job: jobIdSchema,
      /** The job's blocks a revert would lift now (on contacts kept and on those deleted). */
      lifts: z.number().int(),
      /** Earlier statuses it would put back that are no lift (a block or whitelist the job had lifted or replaced). */
      restores: z.number().int(),
      /** Contacts the job created and nothing else touched: deleted. */
      deletes: z.number().int(),
      /** Identifiers the job gave to existing contacts: taken off. */
      identifiers: z.number().int(),
      /** Blocks kept because a later job also asked for them, and how many each such job holds. */
      kept: z.number().int(),
      kept_by_job: z.record(z.string(), z.number().int()),
      /** The job's changes something changed since: left as they are. */
      left_changed: z.number().int(),
    }),
    'What jobs.revert would do now, without doing it: for the confirmation. Refused like jobs.revert when the job cannot be reverted.',
  ),
  revert: operation(z.object({ id: jobIdSchema }), jobResult, "Queues a job undoing an earlier job's changes that nothing has touched since: it works out what to undo (cancellable), then applies it all at once."),
};
