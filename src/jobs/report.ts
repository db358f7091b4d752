import type { ErrorInfo } from '../domain/errors';
import type { KeywordChannel } from '../domain/keywords';

export type JobKind = 'import' | 'paste' | 'export' | 'revert' | 'keywords' | 'scrub' | 'sync' | 'bulk';
/**
 * `succeeded`: every row landed as asked. `succeeded_with_problems`: the job landed, some
 * rows or cells could not (its problems file says which). `failed`: nothing landed (every
 * row rejected, or an error). `cancelled`: stopped by the user, nothing landed.
 */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'succeeded_with_problems' | 'failed' | 'cancelled';

/** A job that landed, with or without problems. */
export function landed(status: string): boolean {
  return status === 'succeeded' || status === 'succeeded_with_problems';
}

/** What every job reports; import-only fields stay zero for the other kinds. */
export interface JobReport {
  job: string;
  kind: JobKind;
  status: JobStatus;
  rows_read: number;
  added: number;
  updated: number;
  /** Import and paste: already_blocked + no_channel (kept for readers of older reports); keyword capture and revert: see their fields. */
  unchanged: number;
  /** Import and paste: rows whose every asked channel was blocked already (by an earlier job, or an earlier row of this one). */
  already_blocked?: number;
  /** Import and paste: rows that asked for no channel (every channel cell said no, or blank with no channels chosen). */
  no_channel?: number;
  rejected: number;
  rejected_by_reason: Record<string, number>;
  warnings: string[];
  encoding: string | null;
  /** The problems CSV when some row was rejected whole (the same file as problems_file). */
  rejected_file: string | null;
  /** Reading jobs (import, paste, keywords): problem lines, by kind, and their CSV (null when none). */
  problems?: number;
  problems_by_kind?: Record<string, number>;
  problems_file?: string | null;
  /** Import: the order day/month dates were read in (`dmy`, `mdy` or `ymd`), per the files' own dates or the setting. */
  date_order?: string;
  /** Import: the recognised export (or mapping) the tables were read as, several joined by `; `; null when every table was read by the aliases alone. */
  format?: string | null;
  /** Import: each table's layout (`Mailchimp — cleaned members`, `mapping NAME`, `generic`), by the table's name. */
  formats?: Record<string, string>;
  /** Import: rows a recognised export or a mapping says are no blocks (subscribed members, a status not meaning blocked); never blocked. */
  not_blocks?: number;
  out_file?: string | null;
  reverted?: number;
  /** Revert: blocks it lifted, contacts it deleted (the job had created them), and changes it left because something changed them since. */
  lifted?: number;
  deleted_contacts?: number;
  left_changed?: number;
  /** Revert: blocks kept because a later job also asked for them, and which jobs hold them. */
  kept?: number;
  kept_by_job?: Record<string, number>;
  /** Sync only (SyncCounts, and the remote it talked to). */
  remote?: string;
  url?: string;
  pushed?: number;
  pulled?: number;
  applied?: number;
  skipped_older?: number;
  conflicts?: number;
  /** Sync: pulled changes dated before 1970 or after now + 1 day, applied as of the pull's time. */
  dated_at_pull?: number;
  not_supported?: Record<string, number>;
  responses?: string[];
  /**
   * Keyword capture only (kind `keywords`). Every data row of the log counts once in
   * exactly one of opt_outs, opt_ins, unchanged, not_keywords, ignored and rejected, so
   * they add up to messages (= rows_read); to_review is a part of not_keywords.
   */
  messages?: number;
  /** Channel blocks the job made (an opt-out on a channel already blocked is `unchanged`). */
  opt_outs?: number;
  /** SMS `opt_out` blocks the job lifted. */
  opt_ins?: number;
  /** Keyword capture: messages we sent (the log's direction, or a sender that is one of our numbers); never applied. */
  outbound?: number;
  /** Keyword capture: our numbers read from the To of inbound messages, added to the sender_numbers setting. */
  sender_numbers_learned?: string[];
  /** Rows for the email channel, a channel we do not know, or a direction neither inbound nor outbound. */
  ignored?: number;
  ignored_by_reason?: Record<string, number>;
  /** Rows whose text is not a keyword on their channel (`STOP please`, START on WhatsApp); to_review are among them. */
  not_keywords?: number;
  /**
   * Of not_keywords: messages that say an opt-out in other words (`STOP please`, `pls
   * unsubscribe me`), for the officer to apply or not; the job applies none of them.
   */
  to_review?: number;
  /** The first MAX_LISTED_TO_REVIEW of them in file order; every one is in to_review_file. */
  to_review_messages?: ToReviewMessage[];
  /** `to-review.csv` in the job folder, every message to review (null when none). */
  to_review_file?: string | null;
  /**
   * Scrub: rows safe on every chosen channel (Not Sent on none, a valid identifier for each).
   * With one channel, the rows that can be sent on it. rows_read = sendable + not_sent + invalid.
   */
  sendable?: number;
  /** Scrub: for each chosen channel, the rows of its cleaned file that can be sent there (the channel's identifier is valid). */
  sendable_by_channel?: Record<string, number>;
  /** Scrub: rows removed (Not Sent on at least one chosen channel): Not Sent, neither Sent nor Failed. */
  not_sent?: number;
  /** Scrub: removed rows by category; a row blocked for different reasons on different channels counts under each. */
  not_sent_by_category?: Record<string, number>;
  /**
   * Scrub: for each chosen channel, the rows Not Sent on it (left out of its cleaned file).
   * For each channel: rows_read = sendable_by_channel + not_sent_by_channel + invalid_by_channel.
   */
  not_sent_by_channel?: Record<string, number>;
  /** Scrub: rows Not Sent on no channel whose identifier for some chosen channel is missing or malformed. */
  invalid?: number;
  /** Scrub: for each chosen channel, the rows of its cleaned file whose identifier for it is missing or malformed. */
  invalid_by_channel?: Record<string, number>;
  /**
   * Scrub: rows kept in a channel's cleaned file with a missing or malformed identifier for
   * it, by reason (`missing_email`, `invalid_mobile`, …); a row counts once under each of its
   * reasons. With one channel they add up to invalid.
   */
  invalid_by_reason?: Record<string, number>;
  /** Scrub: each chosen channel's cleaned file (out_file is it when there is one channel, null with several). */
  out_files?: Record<string, string> | null;
  /** Scrub: the removed-rows file, when one was asked for. */
  removed_file?: string | null;
  error: ErrorInfo | null;
}

/** A keyword job's message to review: where it is in the log, who sent it on which channel, what it says and when. */
export interface ToReviewMessage {
  /** The log's name as the officer knows it (problems.ts shownName) and the physical line. */
  file: string;
  line: number;
  /** E.164. */
  from: string;
  channel: KeywordChannel;
  /** As received, trimmed (at most 500 characters: a block's reason). */
  text: string;
  /** ISO UTC; the job's time when the log's was missing or unreadable (a problem line says so). */
  received_at: string;
  /** The opt-out phrase it says (`STOP`, `OPT OUT`, `DO NOT TEXT`). */
  phrase: string;
}

export interface JobProgress {
  job: string;
  phase: 'reading' | 'applying' | 'writing' | 'done';
  bytes_read: number;
  bytes_total: number;
  rows: number;
  rows_per_second: number;
  eta_seconds: number | null;
  /**
   * Applying: the rows (contacts, or a revert's changes) written so far and in all, and
   * the time left at the rate so far; absent before the apply starts.
   */
  applied?: number;
  apply_total?: number;
  /**
   * False once a cancel can no longer act (the apply's one transaction has started: the
   * blocklist changes all at once); absent or true before.
   */
  cancellable?: boolean;
}

/** Kinds whose changes land all at once: cancelled, nothing of their counts landed. Sync keeps what it finished. */
const ALL_OR_NOTHING: readonly JobKind[] = ['import', 'paste', 'export', 'revert', 'keywords', 'scrub', 'bulk'];

/**
 * A cancelled job's report as it stays: its status and why, and no counts, since nothing
 * it read or prepared landed (the problems file is dropped with it).
 */
export function cancelledReport(report: JobReport): JobReport {
  if (!ALL_OR_NOTHING.includes(report.kind)) return report;
  return { ...emptyReport(report.job, report.kind), status: report.status, error: report.error };
}

export function emptyReport(job: string, kind: JobKind): JobReport {
  return {
    job,
    kind,
    status: 'running',
    rows_read: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejected_by_reason: {},
    warnings: [],
    encoding: null,
    rejected_file: null,
    error: null,
  };
}
