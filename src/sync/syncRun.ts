import type { CountryCode } from 'libphonenumber-js';
import type { Db } from '../store/database';
import type { RetryOptions } from './remoteCall';

import type { RemoteKind } from '../store/syncSettings';

export { REMOTE_KINDS, type RemoteKind } from '../store/syncSettings';

/** What one sync did, as the job report and `sync --json` give it. */
export interface SyncCounts {
  /** Changes CE accepted from the outbox. */
  pushed: number;
  /** Changes read from CE's feed. */
  pulled: number;
  /** Pulled changes that changed the blocklist. */
  applied: number;
  /** Pulled changes older than the local status, left unapplied. */
  skipped_older: number;
  /** Pulled changes that met a local status of the same time, or a newer protected block: the local one kept. */
  conflicts: number;
  /** Changes refused: pushed items CE rejected, pulled items that break the contract. */
  rejected: number;
  /** Pulled changes dated before 1970 or after now + 1 day, taken as made at the pull's time (one a rejection refused is not counted). */
  dated_at_pull: number;
  /** Outbox changes this remote cannot take (Netcore: anything but email blocks), by channel or action. */
  not_supported: Record<string, number>;
}

export function emptyCounts(): SyncCounts {
  return { pushed: 0, pulled: 0, applied: 0, skipped_older: 0, conflicts: 0, rejected: 0, dated_at_pull: 0, not_supported: {} };
}

/** Everything a push or pull needs: the open blocklist, the remote, and the job's plumbing. */
export interface SyncRun {
  db: Db;
  job: string;
  kind: RemoteKind;
  /** sync_state's key: kind and URL, so another server starts its own cursor. */
  remoteId: string;
  baseUrl: string;
  apiKey: string;
  country: CountryCode;
  retry: RetryOptions;
  counts: SyncCounts;
  warnings: string[];
  /** Raw answers worth keeping in the report (Netcore documents none). */
  responses: string[];
  progress(phase: 'pushing' | 'pulling', done: number, total: number): void;
}

/** Drops the run exactly here when a test asks for it ($BLOCKLIST_DESK_TEST_CRASH). */
export function crashPoint(name: 'push-answered' | 'pull-applied'): void {
  if (process.env.BLOCKLIST_DESK_TEST_CRASH === name) process.kill(process.pid, 'SIGKILL');
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function warnOnce(run: SyncRun, message: string): void {
  if (run.warnings.length < 50 && !run.warnings.includes(message)) run.warnings.push(message);
}
