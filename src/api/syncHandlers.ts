import { DeskError } from '../domain/errors';
import { storedSyncParams, type SyncTask } from '../jobs/syncJob';
import { listJobsOfKind, newJobId } from '../store/jobsTable';
import { outboxSummary } from '../store/outbox';
import { getSyncSettings, updateSyncSettings } from '../store/syncSettings';
import { checkRemoteUrl } from '../sync/remoteCall';
import { ApiFieldError } from './apiFieldError';
import type { DeskContext } from './desk';
import type { AreaHandlers } from './handler';
import { toJobView } from './jobView';
import type { SyncView } from './syncOperations';

const RUNS_SHOWN = 10;

export function syncView(ctx: DeskContext): SyncView {
  const settings = getSyncSettings(ctx.db);
  const runs = listJobsOfKind(ctx.db, 'sync', RUNS_SHOWN).map(toJobView);
  const running = runs.find((job) => job.status === 'running' || job.status === 'queued');
  const next = ctx.syncSchedule.nextRunAt();
  return {
    ...settings,
    key: ctx.syncKeys.describe(),
    outbox: outboxSummary(ctx.db),
    runs,
    running: running?.id ?? null,
    next_run_at: next === null ? null : new Date(next).toISOString(),
  };
}

function checkUrlField(url: string): void {
  if (url === '') return;
  try {
    checkRemoteUrl(url);
  } catch (err) {
    throw new ApiFieldError('usage', 'url', (err as Error).message);
  }
}

/**
 * Starts a sync job with the stored settings and key. Refused, naming the field, when
 * there is no URL or key, or while another sync of this app is running.
 */
export async function startSync(ctx: DeskContext): Promise<ReturnType<typeof toJobView>> {
  const settings = getSyncSettings(ctx.db);
  if (settings.url === '') throw new ApiFieldError('usage', 'url', 'set the remote URL first');
  checkUrlField(settings.url);
  const key = await ctx.syncKeys.read();
  if (key === null) throw new ApiFieldError('usage', 'key', 'no API key: save one in Sync settings (browser mode: set $BLOCKLIST_DESK_API_KEY)');
  const busy = listJobsOfKind(ctx.db, 'sync', 1)[0];
  if (busy && (busy.status === 'running' || busy.status === 'queued') && ctx.jobs.isRunning(busy.id)) {
    throw new DeskError('conflict', `a sync is already running (job ${busy.id})`);
  }
  const task: SyncTask = { kind: 'sync', job: newJobId(), dataFolder: ctx.dataFolder, actor: ctx.actor, remote: settings.remote, url: settings.url, apiKey: key };
  return ctx.jobs.startTask(task, storedSyncParams(task));
}

export const syncHandlers: AreaHandlers<'sync'> = {
  get: (_input, ctx) => syncView(ctx),
  update: (input, ctx) => {
    if (input.url !== undefined) checkUrlField(input.url.trim());
    updateSyncSettings(ctx.db, input);
    ctx.syncSchedule.reschedule();
    return syncView(ctx);
  },
  saveKey: async (input, ctx) => {
    if (!ctx.syncKeys.describe().canStore) throw new ApiFieldError('usage', 'key', 'browser mode cannot store an API key: set $BLOCKLIST_DESK_API_KEY for `blocklist-desk serve`');
    const key = input.key?.trim() ?? '';
    await ctx.syncKeys.save(key === '' ? null : key);
    return syncView(ctx);
  },
  run: async (_input, ctx) => ({ job: await startSync(ctx) }),
};
