import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow, dialog, shell, type IpcMainInvokeEvent } from 'electron';
import { IPC_PREFIX } from '../src/api/operationNames';
import type { DeskContext } from '../src/api/desk';
import { resolveDownload } from '../src/api/downloads';
import { parseArtifactRef } from '../src/api/jobView';
import { platformOperations } from '../src/api/platformOperations';
import { DeskError } from '../src/domain/errors';
import type { FileRef } from '../src/api/views';
import type { IpcRoute } from './ipc';

function windowOf(event: IpcMainInvokeEvent): BrowserWindow | undefined {
  return BrowserWindow.fromWebContents(event.sender) ?? undefined;
}

function fileRef(file: string): FileRef {
  let size: number | null = null;
  try {
    size = fs.statSync(file).size;
  } catch {
    // shown without a size
  }
  return { ref: file, name: path.basename(file), size };
}

async function pickFiles(event: IpcMainInvokeEvent): Promise<FileRef[]> {
  const options: Electron.OpenDialogOptions = {
    title: 'Choose files to blocklist',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Contact files (CSV, ZIP, TXT)', extensions: ['csv', 'zip', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const win = windowOf(event);
  const chosen = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return chosen.canceled ? [] : chosen.filePaths.map(fileRef);
}

async function saveAs(event: IpcMainInvokeEvent, suggestedName: string): Promise<FileRef | null> {
  const options: Electron.SaveDialogOptions = { defaultPath: suggestedName, filters: [{ name: 'CSV', extensions: ['csv'] }] };
  const win = windowOf(event);
  const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (chosen.canceled || !chosen.filePath) return null;
  return { ref: chosen.filePath, name: path.basename(chosen.filePath), size: null };
}

/**
 * An export is already where the user chose to save it: show it in its folder. The
 * problems files (kept in the data folder) and the sample file are copied where the user
 * says.
 */
async function downloadFile(ctx: DeskContext, event: IpcMainInvokeEvent, file: FileRef): Promise<{ delivered: boolean }> {
  const found = resolveDownload(ctx, file.ref);
  if (!found.ok) throw new DeskError(found.error.code === 'file_missing' ? 'file_missing' : 'not_found', found.error.message);
  const download = found.value;
  if ('path' in download && parseArtifactRef(file.ref)?.kind === 'out') {
    shell.showItemInFolder(download.path);
    return { delivered: true };
  }
  const target = await saveAs(event, download.name);
  if (target === null) return { delivered: false };
  if ('path' in download) await fs.promises.copyFile(download.path, target.ref);
  else await fs.promises.writeFile(target.ref, download.contents);
  return { delivered: true };
}

/** The preload's helpers that need the main process, as IPC routes for the one wrapper. */
export function platformRoutes(ctx: DeskContext): IpcRoute<IpcMainInvokeEvent>[] {
  return [
    { channel: `${IPC_PREFIX}platform.pickFiles`, operation: platformOperations.pickFiles, run: (_input, event) => pickFiles(event) },
    {
      channel: `${IPC_PREFIX}platform.saveAs`,
      operation: platformOperations.saveAs,
      run: (input, event) => saveAs(event, (input as { suggestedName: string }).suggestedName),
    },
    {
      channel: `${IPC_PREFIX}platform.downloadFile`,
      operation: platformOperations.downloadFile,
      run: (input, event) => downloadFile(ctx, event, (input as { file: FileRef }).file),
    },
  ];
}
