import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDesk, type Desk, type DeskContext } from '../../../src/api/desk';
import { inProcessService, type DeskService } from '../../../src/api/deskService';
import type { DeskEvent, DeskEventName } from '../../../src/api/events';
import { UploadFolder } from '../../../src/api/http/uploadFolder';
import { ApiFieldError } from '../../../src/api/apiFieldError';
import type { FileAccess } from '../../../src/api/localFiles';

/**
 * The handlers' tests name their scratch files by absolute path. No host does that: the
 * Electron host's grants (src/api/localFiles.ts FileGrants) are tested in fileGrants.test.ts,
 * the HTTP host's uploads with tempDesk('uploads').
 */
const absolutePaths: FileAccess = {
  readable(ref, field) {
    if (!path.isAbsolute(ref)) throw new ApiFieldError('usage', field, `"${ref}" is not an absolute path`);
    return path.normalize(ref);
  },
  writable(ref, field) {
    if (!path.isAbsolute(ref)) throw new ApiFieldError('usage', field, `"${ref}" is not an absolute path`);
    return path.normalize(ref);
  },
};

const opened: { desk: Desk; dir: string }[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const { desk, dir } of opened.splice(0)) {
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs after the test, before its desk closes (servers first). */
export function onCleanup(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

export interface TempDesk {
  context: DeskContext;
  /** The same blocklist as a host sees it, on this thread (closed with the test, not by the caller). */
  service: DeskService;
  dir: string;
  dataFolder: string;
  /** Writes a file in the scratch folder and returns its absolute path. */
  file(name: string, contents: string | Buffer): string;
}

/** A fresh data folder with an open blocklist, closed and removed after the test. */
export function tempDesk(files: 'local' | 'uploads' = 'local'): TempDesk & { uploads: UploadFolder | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-api-'));
  const dataFolder = path.join(dir, 'data');
  const uploads = files === 'uploads' ? new UploadFolder(dataFolder) : null;
  const access: FileAccess = uploads ?? absolutePaths;
  const desk = openDesk({ dataFolder, files: access, appVersion: '0.0.0-test', actor: 'tester' });
  opened.push({ desk, dir });
  return {
    context: desk.context,
    service: inProcessService(desk),
    dir,
    dataFolder,
    uploads,
    file(name, contents) {
      const p = path.join(dir, 'in', name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, contents);
      return p;
    },
  };
}

/** Resolves with the first event of that name for which `match` holds. */
export function nextEvent<N extends DeskEventName>(context: Pick<DeskContext, 'events'>, name: N, match: (payload: DeskEvent<N>) => boolean = () => true): Promise<DeskEvent<N>> {
  return new Promise((resolve) => {
    const unsubscribe = context.events.subscribe((eventName: DeskEventName, payload: unknown) => {
      if (eventName !== name || !match(payload as DeskEvent<N>)) return;
      unsubscribe();
      resolve(payload as DeskEvent<N>);
    });
  });
}
