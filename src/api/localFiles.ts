import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ApiFieldError } from './apiFieldError';

/**
 * How a host turns the file refs the renderer sends into paths. Neither host takes a path
 * from the page: the HTTP host accepts only its own upload and download refs
 * (src/api/http/uploadFolder.ts), Electron only refs it granted (FileGrants below). So a
 * compromised or buggy page can never name an arbitrary file on the machine to read or
 * overwrite.
 */
export interface FileAccess {
  /** The file an import or scrub reads, from a ref of desk.pickFiles()/uploadFiles(). */
  readable(ref: string, field: string): string;
  /** The file an export writes, from a ref of desk.saveAs(). */
  writable(ref: string, field: string): string;
}

export type GrantMode = 'read' | 'write';

/** One grant as it crosses to the database thread with the call that may use it. */
export interface GrantEntry {
  ref: string;
  file: string;
  mode: GrantMode;
}

const GRANT_REF = /^granted:[0-9a-f]{32}$/;

function shown(ref: string): string {
  return JSON.stringify(ref.length > 120 ? `${ref.slice(0, 120)}…` : ref);
}

/**
 * Electron's files: the paths the main process itself received from a native open or save
 * dialog, or from a drop it checked (main/platformHandlers.ts), each behind an opaque,
 * unguessable ref. The page only ever holds refs; a path it sends, or a ref this set never
 * handed out, is refused. A read grant does not allow writing, nor a write grant reading:
 * a dropped file cannot become an export's target.
 */
export class FileGrants implements FileAccess {
  private readonly byRef = new Map<string, { file: string; mode: GrantMode }>();
  private readonly byFile = new Map<string, string>();

  /** The grants of one window as they stand, for a call made from it (deskService.ts). */
  static from(entries: readonly GrantEntry[]): FileGrants {
    const grants = new FileGrants();
    for (const { ref, file, mode } of entries) {
      grants.byRef.set(ref, { file, mode });
      grants.byFile.set(`${mode}:${file}`, ref);
    }
    return grants;
  }

  entries(): GrantEntry[] {
    return [...this.byRef].map(([ref, { file, mode }]) => ({ ref, file, mode }));
  }

  /** Records a path main got from the user; answers the ref the page may use for it. */
  grant(file: string, mode: GrantMode): string {
    if (!path.isAbsolute(file)) throw new Error(`only an absolute path can be granted, not ${shown(file)}`);
    const normalized = path.normalize(file);
    const key = `${mode}:${normalized}`;
    const known = this.byFile.get(key);
    if (known !== undefined) return known;
    const ref = `granted:${randomBytes(16).toString('hex')}`;
    this.byRef.set(ref, { file: normalized, mode });
    this.byFile.set(key, ref);
    return ref;
  }

  readable(ref: string, field: string): string {
    return this.resolve(ref, 'read', field, `${shown(ref)} is not a file chosen or dropped in this window; choose the file again`);
  }

  writable(ref: string, field: string): string {
    return this.resolve(ref, 'write', field, `${shown(ref)} is not a place chosen in this window's Save dialog; choose where to save again`);
  }

  /** Forgets every grant (the page reloaded or its window closed: its refs die with it). */
  revokeAll(): void {
    this.byRef.clear();
    this.byFile.clear();
  }

  private resolve(ref: string, mode: GrantMode, field: string, refusal: string): string {
    const grant = GRANT_REF.test(ref) ? this.byRef.get(ref) : undefined;
    if (grant === undefined || grant.mode !== mode) throw new ApiFieldError('usage', field, refusal);
    return grant.file;
  }
}
