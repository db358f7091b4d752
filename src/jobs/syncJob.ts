import type { CountryCode } from 'libphonenumber-js';
import { DeskError } from '../domain/errors';
import { openDatabase } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, isProcessAlive, listJobsOfKind, markJobRunning } from '../store/jobsTable';
import { getSettings } from '../store/settings';
import { pullCeV1, pushCeV1 } from '../sync/ceV1Sync';
import { pushNetcore } from '../sync/netcoreSync';
import { errorWithoutKey, redactKey } from '../sync/redactKey';
import { checkRemoteUrl } from '../sync/remoteCall';
import { emptyCounts, type RemoteKind, type SyncRun } from '../sync/syncRun';
import type { JobContext } from './importJob';
import { ProgressMeter } from './progressMeter';
import { emptyReport, type JobReport } from './report';
import { endJobWithError } from './jobEnd';

export interface SyncTask {
  kind: 'sync';
  job: string;
  dataFolder: string;
  actor: string;
  remote: RemoteKind;
  url: string;
  /** Handed to the worker in memory only: never stored with the job's parameters. */
  apiKey: string;
  country?: CountryCode;
}

/** The job's parameters as the jobs table keeps them: everything but the key. */
export function storedSyncParams(task: SyncTask): Omit<SyncTask, 'apiKey'> {
  const { apiKey: _key, ...rest } = task;
  return rest;
}

/** The remote's name in sync_state: another kind or URL starts its own cursor. */
export function remoteId(kind: RemoteKind, url: string): string {
  return `${kind} ${url.replace(/\/+$/, '')}`;
}

/**
 * One sync: push the outbox, then (ce-v1) pull CE's changes. Every step commits on its
 * own (a pushed batch with its outbox rows, a pulled page with its cursor), so a sync
 * that fails or is cancelled half-way keeps what it finished and loses nothing.
 */
export async function runSync(task: SyncTask, ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, 'sync');
  const db = openDatabase(databasePath(task.dataFolder));
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  const run: SyncRun = {
    db,
    job: task.job,
    kind: task.remote,
    remoteId: remoteId(task.remote, task.url),
    baseUrl: task.url,
    apiKey: task.apiKey,
    country: task.country ?? getSettings(db).country,
    retry: {
      signal: ctx.signal,
      onRetry: ({ attempt, delayMs, why }) => {
        if (report.warnings.length < 50) report.warnings.push(`try ${attempt} failed (${why}); retrying in ${(delayMs / 1000).toFixed(1)} s`);
      },
    },
    counts: emptyCounts(),
    warnings: report.warnings,
    responses: [],
    progress: (phase, done, total) => {
      meter.rows = done;
      meter.bytesRead = done;
      meter.bytesTotal = total;
      meter.update(phase === 'pushing' ? 'writing' : 'applying');
    },
  };
  const finish = () => {
    // The last guard: no server's echo of the key reaches the report, whatever path it took.
    report.warnings.splice(0, report.warnings.length, ...report.warnings.map((w) => redactKey(w, task.apiKey)));
    Object.assign(report, { remote: task.remote, url: task.url, ...run.counts, responses: run.responses.map((r) => redactKey(r, task.apiKey)) });
    report.rejected = run.counts.rejected;
    report.rows_read = run.counts.pulled;
    report.updated = run.counts.applied;
  };
  try {
    // One sync at a time per blocklist: two would each build a batch of the same outbox
    // rows under different keys, and CE would apply them twice.
    db.transaction(() => {
      const other = listJobsOfKind(db, 'sync', 20).find((j) => j.id !== task.job && j.status === 'running' && j.pid !== null && isProcessAlive(j.pid));
      if (other) throw new DeskError('conflict', `another sync is running (job ${other.id}); try again when it ends`);
      markJobRunning(db, task.job, process.pid);
    }).immediate();
    checkRemoteUrl(task.url);
    if (task.apiKey.trim() === '') throw new DeskError('usage', 'no API key: set it in Settings → Sync or in $BLOCKLIST_DESK_API_KEY');
    if (task.remote === 'ce-v1') {
      await pushCeV1(run);
      await pullCeV1(run);
    } else {
      await pushNetcore(run, getSettings(db).primary_key);
    }
    report.status = 'succeeded';
    finish();
    finishJob(db, task.job, { status: 'succeeded', report, error: null });
    meter.update('done', true);
    return report;
  } catch (err) {
    finish();
    return endJobWithError(db, report, errorWithoutKey(err, task.apiKey));
  } finally {
    db.close();
  }
}
