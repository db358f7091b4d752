/**
 * The bridge the renderer talks to, and its browser-mode implementation over HTTP.
 *
 * `DeskBridge` = one named function per contract operation (`desk.contacts.search`,
 * `desk.jobs.startImport`, …) plus helpers whose Electron and browser implementations
 * differ, so that the renderer's code is the same under both:
 * - `pickFiles()`: the native open dialog (CSV, ZIP, TXT) in Electron; null in the browser,
 *   meaning "no native dialog: use an <input type=file> and pass its files to uploadFiles".
 * - `uploadFiles(files)`: File objects from an <input type=file> or a drop. Electron reads
 *   their paths (webUtils.getPathForFile); the browser streams each to the server
 *   (`POST /api/upload`). Either way the refs go to `jobs.startImport({files})`.
 * - `saveAs({suggestedName})`: where an export goes. Electron asks with the native save
 *   dialog (null when cancelled); the browser answers `download:<name>` at once and the
 *   file is downloaded when the job is done.
 * - `downloadFile(file)`: hands a job's output (`job.files.out`, `job.files.problems`) or
 *   the sample file to the user: Electron shows it in its folder or asks where to save a
 *   copy; the browser downloads it.
 * - `on(event, listener)`: `job:progress`, `job:finished`, `menu:command`; returns the
 *   unsubscribe function.
 *
 * Only fetch and streams are used here (no Node, no DOM, not even zod: the operation
 * names come from operationNames.ts), so the renderer can bundle this file; whatever
 * needs the DOM (starting a download) is passed in.
 */
import type { AreaName, OperationInput, OperationName, OperationResult } from './contract';
import type { DeskEvent, DeskEventName } from './events';
import { operationPairs } from './operationNames';
import type { ApiError, DeskResult } from './result';
import type { FileRef } from './views';

type Call<I, R> = Record<never, never> extends I ? (input?: I) => Promise<DeskResult<R>> : (input: I) => Promise<DeskResult<R>>;

export type AreaFunctions<A extends AreaName> = { [O in OperationName<A>]: Call<OperationInput<A, O>, OperationResult<A, O>> };

export type DeskOperations = { [A in AreaName]: AreaFunctions<A> };

/** A File from an <input type=file> or a drop (a Blob with a name). */
export interface UploadableFile extends Blob {
  readonly name: string;
}

export type DeskEventListener<N extends DeskEventName> = (payload: DeskEvent<N>) => void;

export interface DeskHelpers {
  pickFiles(): Promise<DeskResult<FileRef[] | null>>;
  uploadFiles(files: readonly UploadableFile[]): Promise<DeskResult<FileRef[]>>;
  saveAs(input: { suggestedName: string }): Promise<DeskResult<FileRef | null>>;
  downloadFile(file: FileRef): Promise<DeskResult<{ delivered: boolean }>>;
  on<N extends DeskEventName>(event: N, listener: DeskEventListener<N>): () => void;
}

export type DeskBridge = DeskOperations & DeskHelpers;

export { IPC_EVENT_CHANNEL, IPC_PREFIX } from './operationNames';

/** The little of fetch the bridge needs, so browser and Node fetch both fit. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Blob;
  signal?: AbortSignal;
}
export interface StreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}
export interface FetchResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  body: { getReader(): StreamReader } | null;
}
export type FetchLike = (url: string, init?: FetchInit) => Promise<FetchResponse>;

export interface HttpBridgeOptions {
  /** Starts a download of `url` (it carries the token) as `name`; the renderer passes a DOM implementation. */
  download?: (url: string, name: string) => void;
  /** Wait before reconnecting the event stream, ms. */
  reconnectMs?: number;
}

export const TOKEN_HEADER = 'x-desk-token';

function failed(code: string, message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message } };
}

function isEnvelope(value: unknown): value is DeskResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}

const UNREACHABLE = 'Blocklist Desk is not reachable; is `blocklist-desk serve` still running?';

/** Splits a Server-Sent Events stream into events; fields other than event/data are ignored. */
export class SseParser {
  private buffer = '';
  constructor(private readonly emit: (event: string, data: string) => void) {}

  push(text: string): void {
    this.buffer += text.replace(/\r\n?/g, '\n');
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) this.emit(event, data.join('\n'));
      end = this.buffer.indexOf('\n\n');
    }
  }
}

/**
 * Builds the bridge over `blocklist-desk serve`: `baseUrl` is the page's origin
 * (`http://127.0.0.1:PORT`), `token` the one in the page's address.
 */
export function createHttpBridge(baseUrl: string, token: string, fetchImpl: FetchLike, options: HttpBridgeOptions = {}): DeskBridge {
  const base = baseUrl.replace(/\/+$/, '');
  const headers = { 'content-type': 'application/json', [TOKEN_HEADER]: token };

  async function post(path: string, body: string | Blob, contentType: string): Promise<DeskResult<unknown>> {
    let response: FetchResponse;
    try {
      response = await fetchImpl(`${base}${path}`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body });
    } catch {
      return failed('unavailable', UNREACHABLE);
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      return failed('internal', `the server answered ${response.status} without a result`);
    }
    return isEnvelope(parsed) ? parsed : failed('internal', `the server answered ${response.status} with an unexpected body`);
  }

  const operations = {} as Record<string, Record<string, (input?: unknown) => Promise<DeskResult<unknown>>>>;
  for (const { area, name } of operationPairs()) {
    const functions = (operations[area] ??= {});
    functions[name] = (input?: unknown) => post(`/api/${area}/${name}`, JSON.stringify(input ?? {}), 'application/json');
  }

  const listeners = new Map<string, Set<(payload: never) => void>>();
  let stream: AbortController | null = null;

  function dispatch(event: string, data: string): void {
    const set = listeners.get(event);
    if (!set || set.size === 0) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const listener of [...set]) {
      try {
        (listener as (p: unknown) => void)(payload);
      } catch (err) {
        // One failing listener must neither starve the others nor drop the event stream
        // (readEvents would reconnect and lose what came meanwhile); it is still reported.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  function subscribed(): boolean {
    for (const set of listeners.values()) if (set.size > 0) return true;
    return false;
  }

  async function readEvents(controller: AbortController): Promise<void> {
    while (!controller.signal.aborted) {
      try {
        const response = await fetchImpl(`${base}/api/events?token=${encodeURIComponent(token)}`, { method: 'GET', headers: { accept: 'text/event-stream' }, signal: controller.signal });
        if (response.ok && response.body) {
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          const parser = new SseParser(dispatch);
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            if (value) parser.push(decoder.decode(value, { stream: true }));
          }
        }
      } catch {
        // the server went away or the stream was closed; retry below while anyone listens
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, options.reconnectMs ?? 1000));
    }
  }

  const helpers: DeskHelpers = {
    pickFiles: async () => ({ ok: true, value: null }),
    async uploadFiles(files) {
      const refs: FileRef[] = [];
      for (const file of files) {
        const result = await post(`/api/upload?name=${encodeURIComponent(file.name)}`, file, 'application/octet-stream');
        if (!result.ok) return result;
        refs.push(result.value as FileRef);
      }
      return { ok: true, value: refs };
    },
    saveAs: async ({ suggestedName }) => ({ ok: true, value: { ref: `download:${suggestedName}`, name: suggestedName, size: null } }),
    async downloadFile(file) {
      if (!options.download) return failed('unavailable', 'this page cannot start downloads (no download function was given to createHttpBridge)');
      options.download(`${base}/api/download/${encodeURIComponent(file.ref)}?token=${encodeURIComponent(token)}`, file.name);
      return { ok: true, value: { delivered: true } };
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      if (stream === null) {
        const controller = new AbortController();
        stream = controller;
        void readEvents(controller);
      }
      return () => {
        set.delete(listener as (payload: never) => void);
        if (!subscribed() && stream !== null) {
          stream.abort();
          stream = null;
        }
      };
    },
  };

  return { ...(operations as unknown as DeskOperations), ...helpers };
}
