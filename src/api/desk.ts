import type { CountryCode } from 'libphonenumber-js';
import { openDatabase, type Db } from '../store/database';
import { checkIntegrityInBackground, closeSession, fullCheckDue, openSession, readHealth, type Health } from '../store/health';
import { currentActor, databasePath } from '../store/dataFolder';
import { failStaleJobs, isProcessAlive } from '../store/jobsTable';
import { getSettings } from '../store/settings';
import { EventHub } from './eventHub';
import { JobRunner } from './jobRunner';
import type { FileAccess } from './localFiles';
import { startSync } from './syncHandlers';
import { environmentKeyStore, type SyncKeyStore } from './syncKey';
import { SyncSchedule } from './syncSchedule';

/** What every handler works with: one open blocklist and the host's way with files. */
export interface DeskContext {
  readonly db: Db;
  readonly dataFolder: string;
  readonly databaseFile: string;
  /** The OS user, recorded on every change. */
  readonly actor: string;
  /** The source recorded on changes made through the UI. */
  readonly source: string;
  readonly appVersion: string;
  readonly events: EventHub;
  readonly jobs: JobRunner;
  readonly files: FileAccess;
  /** The CE API key, as this host keeps it. */
  readonly syncKeys: SyncKeyStore;
  readonly syncSchedule: SyncSchedule;
  /** The default country for national mobile numbers, from the settings. */
  country(): CountryCode;
}

export interface OpenDeskOptions {
  dataFolder: string;
  files: FileAccess;
  appVersion: string;
  /** better-sqlite3's Electron-ABI addon when running in Electron. */
  nativeBinding?: string;
  actor?: string;
  /** Default: $BLOCKLIST_DESK_API_KEY only (browser mode). */
  syncKeys?: SyncKeyStore;
}

export interface Desk {
  readonly context: DeskContext;
  /** The full integrity check started at open (after a crash, or weekly), or null when none was due. */
  readonly integrity: Promise<Health | null>;
  /** Cancels running jobs, waits for them to record their end, closes the database. */
  close(): Promise<void>;
}


/**
 * Opens the blocklist for a long-running host (the Electron main process, `serve`): with
 * the integrity check, and after failing the jobs an earlier run left unfinished.
 */
export function openDesk(options: OpenDeskOptions): Desk {
  const databaseFile = databasePath(options.dataFolder);
  const db = openDatabase(databaseFile, { check: true, nativeBinding: options.nativeBinding });
  failStaleJobs(db, isProcessAlive);
  const { unclean } = openSession(options.dataFolder, isProcessAlive);
  // After a crash, and weekly: the full check, off this thread (health.ts says why).
  const integrity = fullCheckDue(readHealth(options.dataFolder), unclean)
    ? checkIntegrityInBackground(options.dataFolder, databaseFile, options.nativeBinding).catch(() => null)
    : Promise.resolve(null);
  const events = new EventHub();
  const jobs = new JobRunner(db, events);
  const context: DeskContext = {
    db,
    dataFolder: options.dataFolder,
    databaseFile,
    actor: options.actor ?? currentActor(),
    source: 'ui',
    appVersion: options.appVersion,
    events,
    jobs,
    files: options.files,
    syncKeys: options.syncKeys ?? environmentKeyStore(),
    syncSchedule: new SyncSchedule(() => context, startSync),
    country: () => getSettings(db).country,
  };
  context.syncSchedule.reschedule();
  return {
    context,
    integrity,
    async close() {
      context.syncSchedule.stop();
      await jobs.stopAll();
      await integrity;
      if (db.open) db.close();
      closeSession(options.dataFolder);
    },
  };
}
