import { Worker } from 'node:worker_threads';
import { DeskError, type ErrorCode } from '../domain/errors';
import type { Desk } from './desk';
import { callOperation } from './dispatch';
import { resolveDownload, type Download } from './downloads';
import { EventHub } from './eventHub';
import type { DeskEventName } from './events';
import type { DeskResult } from './result';
import type { DeskWorkerOptions, FromDeskWorker, KeyRequest, ToDeskWorker } from './deskWorker';
import { apiWorkerFile } from './apiWorkerFile';
import { FileGrants, type GrantEntry } from './localFiles';
import type { SyncKeyStore } from './syncKey';

/**
 * What a host (the HTTP server, Electron's IPC) asks of an open blocklist: the contract's
 * operations, a job's file to download, and the events jobs announce.
 */
export interface DeskService {
  /** With `grants` (Electron), the call's file refs resolve with the calling window's grants only. */
  call(area: string, name: string, input: unknown, grants?: readonly GrantEntry[]): Promise<DeskResult<unknown>>;
  download(ref: string): Promise<DeskResult<Download>>;
  readonly events: EventHub;
  close(): Promise<void>;
}

/** The blocklist on this thread: every query runs on the caller's event loop (tests, tools). */
export function inProcessService(desk: Desk): DeskService {
  return {
    call: (area, name, input, grants) => callOperation(grants === undefined ? desk.context : { ...desk.context, files: FileGrants.from(grants) }, area, name, input),
    download: async (ref) => resolveDownload(desk.context, ref),
    events: desk.context.events,
    close: () => desk.close(),
  };
}

/**
 * The blocklist on a database thread of its own (as Signal Desktop keeps its SQL off the
 * main process): better-sqlite3 blocks while it works and while it waits for a lock, so
 * an edit made during an import's apply would otherwise stall the thread that serves the
 * window — pages, events, every other request. Here only the database thread waits; the
 * serving thread stays free, and the edit's answer comes when the apply is done.
 */
export function startDeskWorker(options: Omit<DeskWorkerOptions, 'hostKeys'>, host: { syncKeys?: SyncKeyStore } = {}): Promise<DeskService> {
  const workerData: DeskWorkerOptions = { ...options, hostKeys: host.syncKeys !== undefined };
  const worker = new Worker(apiWorkerFile('deskWorker'), { workerData });
  const events = new EventHub();
  const pending = new Map<number, (message: FromDeskWorker) => void>();
  let next = 0;
  let closed: (() => void) | null = null;
  let failure: Error | null = null;
  const ask = <T>(message: ToDeskWorker): Promise<T> =>
    new Promise((resolve, reject) => {
      if (failure !== null) return reject(failure);
      pending.set(message.id, (answer) => resolve((answer as { value: T }).value));
      worker.postMessage(message);
    });
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      failure = err;
      for (const answer of pending.values()) answer({ type: 'answer', id: -1, value: { ok: false, error: { code: 'internal', message: err.message } } });
      pending.clear();
      reject(err);
    };
    worker.on('message', (message: FromDeskWorker) => {
      if (message.type === 'ready') {
        resolve({
          call: (area, name, input, grants) => ask({ type: 'call', id: ++next, area, name, input, grants: grants === undefined ? undefined : [...grants] }),
          download: (ref) => ask({ type: 'download', id: ++next, ref }),
          events,
          close: () =>
            new Promise<void>((done) => {
              closed = done;
              worker.postMessage({ type: 'close', id: ++next } satisfies ToDeskWorker);
            }),
        });
      } else if (message.type === 'failed') {
        fail(new DeskError(message.error.code as ErrorCode, message.error.message));
      } else if (message.type === 'event') {
        events.emit(message.name as DeskEventName, message.payload as never);
      } else if (message.type === 'keys') {
        if (host.syncKeys !== undefined) answerKeys(worker, host.syncKeys, message.id, message.request);
      } else if (message.type === 'closed') {
        void worker.terminate().then(() => closed?.());
      } else {
        const answer = pending.get(message.id);
        pending.delete(message.id);
        answer?.(message);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (closed === null) fail(new Error(`the database thread stopped unexpectedly (exit code ${code})`));
    });
  });
}

/** The database thread asks the host's key store (Electron's safeStorage is main's alone). */
function answerKeys(worker: Worker, store: SyncKeyStore, id: number, request: KeyRequest): void {
  const asked = request.op === 'describe' ? store.describe() : request.op === 'read' ? store.read() : store.save(request.key);
  void (asked as Promise<unknown>).then(
    (value) => worker.postMessage({ type: 'keys', id, ok: true, value } satisfies ToDeskWorker),
    (err: unknown) => worker.postMessage({ type: 'keys', id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies ToDeskWorker),
  );
}
