import path from 'node:path';
import { ApiFieldError } from './apiFieldError';

/**
 * How a host turns the file refs the renderer sends into paths. In Electron a ref is the
 * absolute path the user picked, dropped or chose to save to; the HTTP host accepts only
 * its own upload and download refs (src/api/http/uploadFolder.ts), so a token alone can
 * never name an arbitrary file on the machine.
 */
export interface FileAccess {
  /** The file an import reads, from a ref of desk.pickFiles()/uploadFiles(). */
  readable(ref: string, field: string): string;
  /** The file an export writes, from a ref of desk.saveAs(). */
  writable(ref: string, field: string): string;
}

/** Electron's: refs are absolute paths (from the native dialogs or webUtils.getPathForFile). */
export const localFileAccess: FileAccess = {
  readable(ref, field) {
    if (!path.isAbsolute(ref)) throw new ApiFieldError('usage', field, `"${ref}" is not a file chosen in this app (an absolute path is expected)`);
    return path.normalize(ref);
  },
  writable(ref, field) {
    if (!path.isAbsolute(ref)) throw new ApiFieldError('usage', field, `"${ref}" is not a place chosen in this app to save to (an absolute path is expected)`);
    return path.normalize(ref);
  },
};
