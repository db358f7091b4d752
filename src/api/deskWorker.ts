import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo, type ErrorInfo } from '../domain/errors';
import { openDesk } from './desk';
import { callOperation } from './dispatch';
import { resolveDownload } from './downloads';
import { UploadFolder } from './http/uploadFolder';

/** How the database thread opens the blocklist (deskService.ts). */
export interface DeskWorkerOptions {
  dataFolder: string;
  appVersion: string;
  actor?: string;
  /** Browser mode: the serving thread's upload folder for this run, so refs resolve the same on both threads. */
  uploads: { runFolder: string } | null;
  nativeBinding?: string;
}

export type ToDeskWorker =
  | { type: 'call'; id: number; area: string; name: string; input: unknown }
  | { type: 'download'; id: number; ref: string }
  | { type: 'close'; id: number };

export type FromDeskWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: ErrorInfo }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'answer'; id: number; value: unknown }
  | { type: 'closed' };

function run(port: NonNullable<typeof parentPort>, options: DeskWorkerOptions): void {
  const files = options.uploads === null ? null : UploadFolder.forRun(options.dataFolder, options.uploads.runFolder);
  if (files === null) throw new Error('the database thread serves browser mode only');
  const desk = openDesk({ dataFolder: options.dataFolder, files, appVersion: options.appVersion, actor: options.actor, nativeBinding: options.nativeBinding });
  desk.context.events.subscribe((name, payload) => port.postMessage({ type: 'event', name, payload } satisfies FromDeskWorker));
  port.on('message', (message: ToDeskWorker) => {
    if (message.type === 'call') {
      void callOperation(desk.context, message.area, message.name, message.input).then((value) => port.postMessage({ type: 'answer', id: message.id, value } satisfies FromDeskWorker));
    } else if (message.type === 'download') {
      port.postMessage({ type: 'answer', id: message.id, value: resolveDownload(desk.context, message.ref) } satisfies FromDeskWorker);
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
