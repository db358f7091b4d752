import { DeskError } from '../domain/errors';
import { storedSyncParams, type SyncTask } from '../jobs/syncJob';
import { listJobsOfKind, newJobId } from '../store/jobsTable';
import type { Db } from '../store/database';
import { outboxSummary } from '../store/outbox';
import { statementsFor } from '../store/statementCache';
import { getKeyOrigin, getSyncSettings, setKeyOrigin, updateSyncSettings } from '../store/syncSettings';
import { checkRemoteUrl } from '../sync/remoteCall';
import { ApiFieldError } from './apiFieldError';
import type { DeskContext } from './desk';
import type { AreaHandlers } from './handler';
import { toJobView } from './jobView';
import type { SyncView } from './syncOperations';

const RUNS_SHOWN = 10;

/**
 * Above this many waiting changes the Sync screen does not count the contacts behind
 * them: the count is a pass over the whole outbox (0.8 s for 240,000 changes here), too
 * much to repeat on every look at the screen after a big import.
 */
const OUTBOX_CONTACTS_COUNTED_UP_TO = 100_000;

const outboxStatements = statementsFor((db: Db) => ({
  // Each distinct identifier waiting, looked up through the contacts' unique indexes.
  holders: db.prepare<[], { contacts: number; without: number }>(
    `WITH waiting AS (SELECT DISTINCT identifier_type AS type, identifier AS value FROM outbox),
          held AS MATERIALIZED (
            SELECT CASE type
                     WHEN 'customer_id' THEN (SELECT id FROM contacts WHERE customer_id = value)
                     WHEN 'email' THEN (SELECT id FROM contacts WHERE email_key = value)
                     ELSE (SELECT id FROM contacts WHERE mobile = value)
                   END AS contact
            FROM waiting)
     SELECT count(DISTINCT contact) AS contacts, coalesce(sum(contact IS NULL), 0) AS without FROM held`,
  ),
}));

/** The outbox in changes and in the contacts they are about. */
function outboxView(db: Db): SyncView['outbox'] {
  const summary = outboxSummary(db);
  if (summary.total === 0) return { ...summary, contacts: 0, identifiers_without_contact: 0 };
  if (summary.total > OUTBOX_CONTACTS_COUNTED_UP_TO) return { ...summary, contacts: null, identifiers_without_contact: null };
  const { contacts, without } = outboxStatements(db).holders.get()!;
  return { ...summary, contacts, identifiers_without_contact: without };
}

/** A key the host stored (not one from the environment): it is bound to the origin it was saved for. */
async function isStoredKey(ctx: DeskContext): Promise<boolean> {
  const source = (await ctx.syncKeys.describe()).source;
  return source === 'keychain' || source === 'plain_text';
}

/** Scheme, host and port: what a saved key is bound to. */
function originOf(url: string): string | null {
  if (url === '') return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The origin the stored key is bound to, when `url` is on another one; null when the key may go there. */
async function keyBoundElsewhere(ctx: DeskContext, url: string): Promise<{ savedFor: string; url: string } | null> {
  if (!(await isStoredKey(ctx))) return null;
  const savedFor = getKeyOrigin(ctx.db);
  const here = originOf(url);
  if (savedFor === null || here === null || savedFor === here) return null;
  return { savedFor, url: here };
}

async function keyStatus(ctx: DeskContext, url: string): Promise<SyncView['key']> {
  const status = await ctx.syncKeys.describe();
  const elsewhere = await keyBoundElsewhere(ctx, url);
  if (elsewhere !== null) return { ...status, note: `The API key was saved for ${elsewhere.savedFor}; enter it again for ${elsewhere.url} (a saved key is sent only to the server it was saved for).` };
  const savedFor = (await isStoredKey(ctx)) ? getKeyOrigin(ctx.db) : null;
  return savedFor === null ? status : { ...status, note: `${status.note} It is sent only to ${savedFor}.` };
}

export async function syncView(ctx: DeskContext): Promise<SyncView> {
  const settings = getSyncSettings(ctx.db);
  const key = await keyStatus(ctx, settings.url);
  const runs = listJobsOfKind(ctx.db, 'sync', RUNS_SHOWN).map(toJobView);
  const running = runs.find((job) => job.status === 'running' || job.status === 'queued');
  const next = ctx.syncSchedule.nextRunAt();
  return {
    ...settings,
    key,
    outbox: outboxView(ctx.db),
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
  const elsewhere = await keyBoundElsewhere(ctx, settings.url);
  if (elsewhere !== null) throw new ApiFieldError('usage', 'key', `the API key was saved for ${elsewhere.savedFor}; enter it again for ${elsewhere.url}`);
  // A key saved before a URL was set, or before keys were bound, is bound on its first use.
  if ((await isStoredKey(ctx)) && getKeyOrigin(ctx.db) === null) setKeyOrigin(ctx.db, originOf(settings.url));
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
    if (!(await ctx.syncKeys.describe()).canStore) throw new ApiFieldError('usage', 'key', 'browser mode cannot store an API key: set $BLOCKLIST_DESK_API_KEY for `blocklist-desk serve`');
    const key = input.key?.trim() ?? '';
    await ctx.syncKeys.save(key === '' ? null : key);
    // The key goes only to the server it was saved for: a URL on another origin asks for it again.
    setKeyOrigin(ctx.db, key === '' ? null : originOf(getSyncSettings(ctx.db).url));
    return syncView(ctx);
  },
  run: async (_input, ctx) => ({ job: await startSync(ctx) }),
};
