import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo, type ErrorInfo } from '../domain/errors';
import { openDesk } from './desk';
import { callOperation } from './dispatch';
import { resolveDownload } from './downloads';
import { UploadFolder } from './http/uploadFolder';
import { FileGrants, type FileAccess, type GrantEntry } from './localFiles';
import type { SyncKeyStore } from './syncKey';

/** How the database thread opens the blocklist (deskService.ts). */
export interface DeskWorkerOptions {
  dataFolder: string;
  appVersion: string;
  actor?: string;
  /**
   * Browser mode: the serving thread's upload folder for this run, so refs resolve the same
   * on both threads. Null in Electron: each call brings its window's grants instead.
   */
  uploads: { runFolder: string } | null;
  nativeBinding?: string;
  /** The host keeps the CE API key (Electron's safeStorage lives in main): the thread asks it. */
  hostKeys?: boolean;
}

export type KeyRequest = { op: 'describe' } | { op: 'read' } | { op: 'save'; key: string | null };

export type ToDeskWorker =
  | { type: 'call'; id: number; area: string; name: string; input: unknown; grants?: GrantEntry[] }
  | { type: 'download'; id: number; ref: string }
  | { type: 'keys'; id: number; ok: true; value: unknown }
  | { type: 'keys'; id: number; ok: false; message: string }
  | { type: 'close'; id: number };

export type FromDeskWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: ErrorInfo }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'answer'; id: number; value: unknown }
  | { type: 'keys'; id: number; request: KeyRequest }
  | { type: 'closed' };

type Port = NonNullable<typeof parentPort>;

/** The key store of the host, asked over the port; its answers come back as `keys` messages. */
function hostKeyStore(port: Port): { store: SyncKeyStore; answer(message: Extract<ToDeskWorker, { type: 'keys' }>): void } {
  const waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let next = 0;
  const ask = <T>(request: KeyRequest): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      port.postMessage({ type: 'keys', id, request } satisfies FromDeskWorker);
    });
  return {
    store: {
      describe: () => ask({ op: 'describe' }),
      read: () => ask({ op: 'read' }),
      save: (key) => ask({ op: 'save', key }),
    },
    answer(message) {
      const found = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.ok) found?.resolve(message.value);
      else found?.reject(new Error(message.message));
    },
  };
}

function run(port: Port, options: DeskWorkerOptions): void {
  const files: FileAccess = options.uploads === null ? new FileGrants() : UploadFolder.forRun(options.dataFolder, options.uploads.runFolder);
  const keys = options.hostKeys === true ? hostKeyStore(port) : null;
  const desk = openDesk({ dataFolder: options.dataFolder, files, appVersion: options.appVersion, actor: options.actor, nativeBinding: options.nativeBinding, syncKeys: keys?.store });
  desk.context.events.subscribe((name, payload) => port.postMessage({ type: 'event', name, payload } satisfies FromDeskWorker));
  port.on('message', (message: ToDeskWorker) => {
    if (message.type === 'call') {
      const ctx = message.grants === undefined ? desk.context : { ...desk.context, files: FileGrants.from(message.grants) };
      void callOperation(ctx, message.area, message.name, message.input).then((value) => port.postMessage({ type: 'answer', id: message.id, value } satisfies FromDeskWorker));
    } else if (message.type === 'download') {
      port.postMessage({ type: 'answer', id: message.id, value: resolveDownload(desk.context, message.ref) } satisfies FromDeskWorker);
    } else if (message.type === 'keys') {
      keys?.answer(message);
    } else {
      void desk.close().then(() => port.postMessage({ type: 'closed' } satisfies FromDeskWorker));
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromDeskWorker);
}

if (parentPort) {
  const port = parentPort;
  try {
    run(port, workerData as DeskWorkerOptions);
  } catch (err) {
    port.postMessage({ type: 'failed', error: toErrorInfo(err) } satisfies FromDeskWorker);
  }
}
