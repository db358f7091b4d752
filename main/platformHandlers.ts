import fs from 'node:fs';
import path from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { z } from 'zod';
import type { DeskService } from '../src/api/deskService';
import { parseArtifactRef } from '../src/api/jobView';
import { operation } from '../src/api/operation';
import { platformOperations } from '../src/api/platformOperations';
import { fileRefSchema, type FileRef } from '../src/api/views';
import { DeskError } from '../src/domain/errors';
import type { WindowFileGrants } from './fileGrants';
import { operationRoute, type InvokeEventLike, type IpcRoute } from './ipc';
import { PLATFORM_CHANNELS } from './platformChannels';

/*
 * Where the page's file refs come from. The page never hands main a path it will use:
 * every ref an import, scrub or export accepts was granted here, to the calling window
 * only (main/fileGrants.ts), from
 * - the native open dialog (pickFiles) and save dialog (saveAs), which main shows itself;
 * - a drop or an <input type=file> (grantDropped). Electron has no main-process event for
 *   either, so their paths can only come from the renderer: the preload reads them with
 *   webUtils.getPathForFile(file) and sends them on this channel. The page cannot forge
 *   one: with contextIsolation it cannot reach ipcRenderer, and its only way in is
 *   desk.uploadFiles(files), which takes File objects — getPathForFile answers '' for a
 *   File made in script, so only a file the user really handed over has a path. What a
 *   renderer running native code could still send here is bounded: a read grant only
 *   (write grants come from the save dialog alone, so nothing can be overwritten), of an
 *   existing regular file named like the files the drop zone takes.
 * Imports only Electron's types, so it runs (and is tested) under Node; nativeFiles.ts
 * binds the real dialogs.
 */

/** What the routes use of Electron: the dialogs, modal to the calling window, and the file manager. */
export interface NativeFiles<E> {
  showOpenDialog(event: E, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(event: E, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showItemInFolder(file: string): void;
}

/** The names the drop zone takes (renderer/screens/block/FileDropZone.tsx). */
const DROPPABLE = /\.(csv|zip|txt|xlsx)$/i;

/** The preload's report of dropped or browsed files; not a contract operation, so the page has no function for it. */
export const grantDroppedOperation = operation(
  z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
  z.array(fileRefSchema),
  'Read grants for files dropped or chosen in an <input type=file>, as the preload read their paths.',
);

function sizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

/** A dropped path is granted only if it is an existing regular file the drop zone would take. */
function checkDropped(file: string): string {
  if (!path.isAbsolute(file)) throw new DeskError('usage', `${JSON.stringify(file)} is not a file on this computer`);
  const name = path.basename(file);
  if (!DROPPABLE.test(name)) throw new DeskError('usage', `${name} is not a CSV, Excel (.xlsx), ZIP or TXT file`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new DeskError('file_missing', `${name} is not there any more`);
  }
  if (!stat.isFile()) throw new DeskError('file_unreadable', `${name} is not a file`);
  return path.normalize(file);
}

export function platformRoutes<E extends InvokeEventLike>(desk: Pick<DeskService, 'download'>, grants: WindowFileGrants, native: NativeFiles<E>): IpcRoute<E>[] {
  async function askSavePath(event: E, suggestedName: string): Promise<string | null> {
    // A workbook's scrub writes .xlsx: the dialog offers the kind of file that will be written.
    const workbook = /\.xlsx$/i.test(suggestedName);
    const chosen = await native.showSaveDialog(event, { defaultPath: suggestedName, filters: [workbook ? { name: 'Excel workbook', extensions: ['xlsx'] } : { name: 'CSV', extensions: ['csv'] }] });
    return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
  }

  async function pickFiles(event: E): Promise<FileRef[]> {
    const chosen = await native.showOpenDialog(event, {
      title: 'Choose files to blocklist',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Contact files (CSV, Excel, ZIP, TXT)', extensions: ['csv', 'xlsx', 'zip', 'txt'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    if (chosen.canceled) return [];
    const files = grants.grantsTo(event);
    return chosen.filePaths.map((file) => ({ ref: files.grant(file, 'read'), name: path.basename(file), size: sizeOf(file) }));
  }

  async function saveAs(event: E, suggestedName: string): Promise<FileRef | null> {
    const file = await askSavePath(event, suggestedName);
    if (file === null) return null;
    return { ref: grants.grantsTo(event).grant(file, 'write'), name: path.basename(file), size: null };
  }

  function grantDropped(event: E, paths: string[]): FileRef[] {
    const checked = paths.map(checkDropped);
    const files = grants.grantsTo(event);
    return checked.map((file) => ({ ref: files.grant(file, 'read'), name: path.basename(file), size: sizeOf(file) }));
  }

  /**
   * An export is already where the user chose to save it: show it in its folder. The
   * problems files (kept in the data folder) and the sample file are copied where the
   * user says (main writes there itself: no grant is made).
   */
  async function downloadFile(event: E, file: FileRef): Promise<{ delivered: boolean }> {
    const found = await desk.download(file.ref);
    if (!found.ok) throw new DeskError(found.error.code === 'file_missing' ? 'file_missing' : 'not_found', found.error.message);
    const download = found.value;
    if ('path' in download && parseArtifactRef(file.ref)?.kind === 'out') {
      native.showItemInFolder(download.path);
      return { delivered: true };
    }
    const target = await askSavePath(event, download.name);
    if (target === null) return { delivered: false };
    if ('path' in download) await fs.promises.copyFile(download.path, target);
    else await fs.promises.writeFile(target, download.contents);
    return { delivered: true };
  }

  return [
    operationRoute<E>(PLATFORM_CHANNELS.pickFiles, platformOperations.pickFiles, (_input, event) => pickFiles(event)),
    operationRoute<E>(PLATFORM_CHANNELS.saveAs, platformOperations.saveAs, (input, event) => saveAs(event, (input as { suggestedName: string }).suggestedName)),
    operationRoute<E>(PLATFORM_CHANNELS.downloadFile, platformOperations.downloadFile, (input, event) => downloadFile(event, (input as { file: FileRef }).file)),
    operationRoute<E>(PLATFORM_CHANNELS.grantDropped, grantDroppedOperation, (input, event) => grantDropped(event, (input as { paths: string[] }).paths)),
  ];
}
