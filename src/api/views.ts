import { z } from 'zod';
import { channelSchema, channelStatusSchema, identifierTypeSchema } from './vocabulary';

/** One channel of a contact: its status and the evidence for it (`at` ISO UTC). */
export const channelViewSchema = z.object({
  status: channelStatusSchema,
  category: z.string().nullable(),
  reason: z.string().nullable(),
  source: z.string().nullable(),
  at: z.string().nullable(),
  actor: z.string().nullable(),
});

/** A contact as src/store/contactView.ts shows it (`mobile` is E.164, `email` as first spelled). */
export const contactViewSchema = z.object({
  id: z.number().int(),
  customer_id: z.string().nullable(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  kind: z.enum(['identified', 'anonymous']),
  changed_at: z.string(),
  channels: z.object({ email: channelViewSchema, sms: channelViewSchema, whatsapp: channelViewSchema, rcs: channelViewSchema }),
});
export type ContactView = z.infer<typeof contactViewSchema>;

/**
 * A file the core can read or write, named by an opaque `ref`. Where a ref comes from
 * decides what it is: `desk.pickFiles()`/`desk.uploadFiles()` give refs to read (an
 * absolute path in Electron, `upload:<id>` in the browser), `desk.saveAs()` a ref to write
 * (a path, or `download:<name>`), a job's `files` refs to its output (`artifact:<job>/out`,
 * `artifact:<job>/problems`, `artifact:<job>/removed`, a scrub's `artifact:<job>/out-<channel>`) that `desk.downloadFile()` hands to the user.
 */
export const fileRefSchema = z.object({
  ref: z.string().min(1).max(4096),
  name: z.string(),
  size: z.number().nullable(),
});
export type FileRef = z.infer<typeof fileRefSchema>;

export const jobProgressSchema = z.object({
  job: z.string(),
  phase: z.enum(['reading', 'applying', 'writing', 'done']),
  bytes_read: z.number(),
  bytes_total: z.number(),
  rows: z.number(),
  rows_per_second: z.number(),
  eta_seconds: z.number().nullable(),
  /** Applying: rows written so far and in all (src/jobs/report.ts JobProgress); absent before the apply starts. */
  applied: z.number().optional(),
  apply_total: z.number().optional(),
  /** False once a cancel can no longer act: the apply's one transaction has started. */
  cancellable: z.boolean().optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobErrorSchema = z.object({ code: z.string(), message: z.string() });

/** A keyword job's message to review (src/jobs/report.ts ToReviewMessage). */
export const toReviewMessageSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  from: z.string(),
  channel: z.enum(['sms', 'whatsapp', 'rcs']),
  text: z.string(),
  received_at: z.string(),
  phrase: z.string(),
});
export type ToReviewMessage = z.infer<typeof toReviewMessageSchema>;

/** What a finished job reports (src/jobs/report.ts); import-only counts stay 0 for other kinds. */
export const jobReportSchema = z.object({
  job: z.string(),
  kind: z.string(),
  status: z.string(),
  rows_read: z.number(),
  added: z.number(),
  updated: z.number(),
  /** Import and paste: already_blocked + no_channel. */
  unchanged: z.number(),
  already_blocked: z.number().optional(),
  no_channel: z.number().optional(),
  rejected: z.number(),
  rejected_by_reason: z.record(z.string(), z.number()),
  warnings: z.array(z.string()),
  encoding: z.string().nullable(),
  rejected_file: z.string().nullable(),
  problems: z.number().optional(),
  problems_by_kind: z.record(z.string(), z.number()).optional(),
  problems_file: z.string().nullable().optional(),
  date_order: z.string().optional(),
  /** Import: the recognised export(s) or mapping the tables were read as (null: aliases alone), each table's, and the rows they say are no blocks. */
  format: z.string().nullable().optional(),
  formats: z.record(z.string(), z.string()).optional(),
  not_blocks: z.number().optional(),
  out_file: z.string().nullable().optional(),
  reverted: z.number().optional(),
  /** Revert: blocks lifted, contacts deleted, changes left because something changed them since. */
  lifted: z.number().optional(),
  deleted_contacts: z.number().optional(),
  left_changed: z.number().optional(),
  kept: z.number().optional(),
  kept_by_job: z.record(z.string(), z.number()).optional(),
  /** Sync jobs (src/sync/syncRun.ts SyncCounts). */
  remote: z.string().optional(),
  url: z.string().optional(),
  pushed: z.number().optional(),
  pulled: z.number().optional(),
  applied: z.number().optional(),
  skipped_older: z.number().optional(),
  conflicts: z.number().optional(),
  /** Pulled changes dated before 1970 or after now + 1 day, applied as of the pull's time. */
  dated_at_pull: z.number().optional(),
  not_supported: z.record(z.string(), z.number()).optional(),
  responses: z.array(z.string()).optional(),
  /** Keyword capture only: messages = opt_outs + opt_ins + unchanged + not_keywords + ignored + outbound + rejected; to_review is part of not_keywords. */
  messages: z.number().optional(),
  opt_outs: z.number().optional(),
  opt_ins: z.number().optional(),
  /** Messages we sent (the log's direction, or a sender that is one of our numbers): never applied. */
  outbound: z.number().optional(),
  /** Our numbers read from the To of inbound messages, added to the sender_numbers setting. */
  sender_numbers_learned: z.array(z.string()).optional(),
  ignored: z.number().optional(),
  ignored_by_reason: z.record(z.string(), z.number()).optional(),
  not_keywords: z.number().optional(),
  /** Of not_keywords: messages saying an opt-out in other words, not applied; the first ones listed, all in to_review_file. */
  to_review: z.number().optional(),
  to_review_messages: z.array(toReviewMessageSchema).optional(),
  to_review_file: z.string().nullable().optional(),
  /**
   * Scrub (src/jobs/report.ts): each channel has its own cleaned file. Per channel, rows_read =
   * sendable_by_channel + not_sent_by_channel + invalid_by_channel. Overall: sendable (safe
   * on every chosen channel), not_sent (removed: Not Sent on at least one), invalid (the rest).
   */
  sendable: z.number().optional(),
  sendable_by_channel: z.record(z.string(), z.number()).optional(),
  not_sent: z.number().optional(),
  not_sent_by_category: z.record(z.string(), z.number()).optional(),
  not_sent_by_channel: z.record(z.string(), z.number()).optional(),
  invalid: z.number().optional(),
  invalid_by_channel: z.record(z.string(), z.number()).optional(),
  invalid_by_reason: z.record(z.string(), z.number()).optional(),
  out_files: z.record(z.string(), z.string()).nullable().optional(),
  removed_file: z.string().nullable().optional(),
  error: jobErrorSchema.nullable(),
});
export type JobReport = z.infer<typeof jobReportSchema>;

export const jobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'succeeded_with_problems', 'failed', 'cancelled']);

/** A job as the Jobs screen shows it; times ISO UTC. */
export const jobViewSchema = z.object({
  id: z.string(),
  /** import, paste, export, audit_export, revert, keywords, … */
  kind: z.string(),
  status: jobStatusSchema,
  /** One line naming what the job works on: files, pasted lines, export scope, target job. */
  label: z.string(),
  actor: z.string(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  report: jobReportSchema.nullable(),
  error: jobErrorSchema.nullable(),
  reverted_by: z.string().nullable(),
  /** Whether `jobs.revert` may be asked for it (a finished import, paste, keywords or revert job not yet reverted). */
  revertible: z.boolean(),
  /**
   * `removed`: a scrub's removed-rows file. `clean_by_channel`: a scrub's cleaned file for
   * each of its channels, in their order (`out` is the cleaned file only when there is one
   * channel); empty for other jobs.
   */
  files: z.object({
    out: fileRefSchema.nullable(),
    problems: fileRefSchema.nullable(),
    removed: fileRefSchema.nullable(),
    clean_by_channel: z.array(fileRefSchema.extend({ channel: channelSchema })),
  }),
});
export type JobView = z.infer<typeof jobViewSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  contact: z.string(),
  contact_id: z.number().int(),
  channel: channelSchema.nullable(),
  before: z.string(),
  after: z.string(),
  source: z.string(),
  job: z.string().nullable(),
  /** A protected lift: the category it lifted (unsubscribe, opt_out, hard_bounce, spam_complaint). */
  lifted_category: z.string().nullable(),
  /** The officer's written reason given with the change; a protected lift's evidence of consent. */
  reason: z.string().nullable(),
  /** The entry as a sentence where before/after are not words (a delete: the identifiers and the statuses it removed). */
  description: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const countsSchema = z.object({
  identified: z.number(),
  anonymous: z.number(),
  blocked: z.object({ email: z.number(), sms: z.number(), whatsapp: z.number(), rcs: z.number() }),
  whitelisted: z.object({ email: z.number() }),
});
export type Counts = z.infer<typeof countsSchema>;

export { identifierTypeSchema };
