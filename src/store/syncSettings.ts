import { DeskError } from '../domain/errors';
import type { Db } from './database';
import { statementsFor } from './statementCache';

/**
 * Where and how often to sync, kept in the settings table under `sync`. The API key is
 * not here: the desktop app keeps it encrypted with the OS keychain (main/), and the
 * command line reads $BLOCKLIST_DESK_API_KEY.
 */
/** The two remotes of CE-SYNC.md: the CE Blocklist Sync API, and Netcore's email blacklist. */
export const REMOTE_KINDS = ['ce-v1', 'netcore-email'] as const;
export type RemoteKind = (typeof REMOTE_KINDS)[number];

export interface SyncSettings {
  remote: RemoteKind;
  url: string;
  /** 0: only when asked (Run now, `blocklist-desk sync`). */
  every_minutes: number;
}

export const DEFAULT_SYNC_SETTINGS: Readonly<SyncSettings> = { remote: 'ce-v1', url: '', every_minutes: 0 };
const MAX_EVERY_MINUTES = 24 * 60;

const statements = statementsFor((db) => ({
  get: db.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'sync'`),
  put: db.prepare<[string]>(`INSERT INTO settings(key, value) VALUES ('sync', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
  getKeyOrigin: db.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'sync_key_origin'`),
  putKeyOrigin: db.prepare<[string]>(`INSERT INTO settings(key, value) VALUES ('sync_key_origin', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
  forgetKeyOrigin: db.prepare(`DELETE FROM settings WHERE key = 'sync_key_origin'`),
}));

function isRemoteKind(value: unknown): value is RemoteKind {
  return typeof value === 'string' && (REMOTE_KINDS as readonly string[]).includes(value);
}

/** The stored values, each unreadable one read as its default. */
export function getSyncSettings(db: Db): SyncSettings {
  const row = statements(db).get.get();
  const settings: SyncSettings = { ...DEFAULT_SYNC_SETTINGS };
  if (!row) return settings;
  let stored: Partial<Record<keyof SyncSettings, unknown>> = {};
  try {
    stored = JSON.parse(row.value) as typeof stored;
  } catch {
    return settings;
  }
  if (isRemoteKind(stored.remote)) settings.remote = stored.remote;
  if (typeof stored.url === 'string') settings.url = stored.url;
  if (Number.isInteger(stored.every_minutes) && (stored.every_minutes as number) >= 0) settings.every_minutes = stored.every_minutes as number;
  return settings;
}

/** Checks then stores the given fields; the URL's scheme is checked when a sync starts. */
export function updateSyncSettings(db: Db, changes: Partial<SyncSettings>): SyncSettings {
  const next = { ...getSyncSettings(db), ...changes };
  if (!isRemoteKind(next.remote)) throw new DeskError('usage', `unknown remote "${String(next.remote)}" (use ${REMOTE_KINDS.join(' or ')})`);
  if (!Number.isInteger(next.every_minutes) || next.every_minutes < 0 || next.every_minutes > MAX_EVERY_MINUTES) {
    throw new DeskError('usage', `the schedule must be 0 (off) to ${MAX_EVERY_MINUTES} minutes`);
  }
  next.url = next.url.trim();
  statements(db).put.run(JSON.stringify(next));
  return next;
}

/**
 * The origin (scheme, host and port, as `new URL(url).origin` writes it) the stored API
 * key was saved for: the key is sent there and nowhere else. Null when no key is bound
 * yet (none saved, or saved before a URL was set, or before keys were bound).
 */
export function getKeyOrigin(db: Db): string | null {
  const row = statements(db).getKeyOrigin.get();
  if (!row) return null;
  try {
    const origin = JSON.parse(row.value) as unknown;
    return typeof origin === 'string' && origin !== '' ? origin : null;
  } catch {
    return null;
  }
}

/** Binds the stored key to `origin`, or with null unbinds it (the key was forgotten). */
export function setKeyOrigin(db: Db, origin: string | null): void {
  if (origin === null) statements(db).forgetKeyOrigin.run();
  else statements(db).putKeyOrigin.run(JSON.stringify(origin));
}
