import type { ErrorInfo } from '../domain/errors';

export type JobKind = 'import' | 'paste' | 'export' | 'revert' | 'sync';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What every job reports; import-only fields stay zero for the other kinds. */
export interface JobReport {
  job: string;
  kind: JobKind;
  status: JobStatus;
  rows_read: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejected_by_reason: Record<string, number>;
  warnings: string[];
  encoding: string | null;
  rejected_file: string | null;
  out_file?: string | null;
  reverted?: number;
  /** Sync only (SyncCounts, and the remote it talked to). */
  remote?: string;
  url?: string;
  pushed?: number;
  pulled?: number;
  applied?: number;
  skipped_older?: number;
  conflicts?: number;
  not_supported?: Record<string, number>;
  responses?: string[];
  error: ErrorInfo | null;
}

export interface JobProgress {
  job: string;
  phase: 'reading' | 'applying' | 'writing' | 'done';
  bytes_read: number;
  bytes_total: number;
  rows: number;
  rows_per_second: number;
  eta_seconds: number | null;
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
