import { BrowserWindow, dialog, shell, type IpcMainInvokeEvent } from 'electron';
import type { NativeFiles } from './platformHandlers';

function windowOf(event: IpcMainInvokeEvent): BrowserWindow | undefined {
  return BrowserWindow.fromWebContents(event.sender) ?? undefined;
}

/** Electron's dialogs, modal to the calling window, and the file manager. */
export const electronNativeFiles: NativeFiles<IpcMainInvokeEvent> = {
  showOpenDialog(event, options) {
    const win = windowOf(event);
    return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
  },
  showSaveDialog(event, options) {
    const win = windowOf(event);
    return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
  },
  showItemInFolder: (file) => shell.showItemInFolder(file),
};
