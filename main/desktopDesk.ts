import type { IpcMain } from 'electron';
import { startDeskWorker, type DeskService } from '../src/api/deskService';
import type { SyncKeyStore } from '../src/api/syncKey';
import type { WindowFileGrants } from './fileGrants';
import { contractRoutes, registerIpc, type InvokeEventLike } from './ipc';
import { platformRoutes, type NativeFiles } from './platformHandlers';

export interface DesktopDeskOptions<E extends InvokeEventLike> {
  dataFolder: string;
  appVersion: string;
  /** better-sqlite3's addon built for Electron's ABI. */
  nativeBinding?: string;
  /** The CE key store: Electron's safeStorage, which only main can reach. */
  syncKeys: SyncKeyStore;
  grants: WindowFileGrants;
  native: NativeFiles<E>;
  ipcMain: Pick<IpcMain, 'handle'>;
}

/**
 * Opens the blocklist on its database thread and answers the window's IPC from it: main's
 * event loop never runs SQL, so an edit waiting for an import's apply never freezes the
 * window. Each call carries the calling window's file grants; the key stays in main.
 * Imports Electron's types only, so it runs (and is tested) under Node.
 */
export async function startDesktopDesk<E extends InvokeEventLike>(options: DesktopDeskOptions<E>): Promise<DeskService> {
  const service = await startDeskWorker(
    { dataFolder: options.dataFolder, uploads: null, appVersion: options.appVersion, nativeBinding: options.nativeBinding },
    { syncKeys: options.syncKeys },
  );
  registerIpc(options.ipcMain, [...contractRoutes(service, (event) => options.grants.entriesFor(event)), ...platformRoutes(service, options.grants, options.native)]);
  return service;
}
