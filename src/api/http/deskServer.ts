import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOKEN_HEADER } from '../bridge';
import { errorResult } from '../dispatch';
import type { DeskService } from '../deskService';
import { failure, type DeskResult } from '../result';
import { openEventStream } from './eventStream';
import { serveRendererFile } from './rendererFiles';
import { checkHost, checkOrigin, checkToken, COMMON_HEADERS } from './requestGuard';
import type { UploadFolder } from './uploadFolder';

export interface DeskServerOptions {
  /** The open blocklist: on its own database thread in `serve` (deskService.ts). */
  service: DeskService;
  /** The same UploadFolder the context's `files` is. */
  uploads: UploadFolder;
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** Default: 32 random bytes. */
  token?: string;
}

export interface DeskServer {
  /** `http://127.0.0.1:PORT/?token=…`: the address to open. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** Pasted text is the largest JSON body (the contract allows 50 M characters). */
const MAX_JSON_BYTES = 256 * 1024 * 1024;
const OPERATION_PATH = /^\/api\/([A-Za-z]+)\/([A-Za-z]+)$/;
const DOWNLOAD_PATH = /^\/api\/download\/([^/]+)$/;

function sendJson(res: ServerResponse, status: number, body: DeskResult<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, failure(code, message));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BYTES) {
        reject(new Error('the request is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.trim() === '' ? {} : (JSON.parse(text) as unknown));
      } catch {
        reject(new Error('the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Browser mode: the built renderer and the contract's operations over HTTP on 127.0.0.1,
 * behind the Host/Origin checks and the token (requestGuard.ts).
 * - `POST /api/<area>/<operation>`, JSON body → the result envelope (200; 4xx only when
 *   the caller is refused or the route does not exist).
 * - `GET /api/events?token=…` → Server-Sent Events `job:progress`, `job:finished`.
 * - `POST /api/upload?name=…`, the file's bytes → `{ok, value: FileRef}` (`upload:<id>`).
 * - `GET /api/download/<ref>?token=…` → a job's output or the sample file, as an attachment.
 */
export async function startDeskServer(options: DeskServerOptions): Promise<DeskServer> {
  const { service, uploads, rendererDir } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const streams = new Set<() => void>();
  let port = 0;

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const headerToken = req.headers[TOKEN_HEADER];
    const given = typeof headerToken === 'string' ? headerToken : method === 'GET' ? url.searchParams.get('token') : null;
    const refused = checkToken(given, token);
    if (refused) return sendError(res, refused.status, 'forbidden', refused.message);

    if (url.pathname === '/api/events') {
      if (method !== 'GET') return sendError(res, 405, 'invalid_input', 'use GET for the event stream');
      const end = openEventStream(res, service.events);
      streams.add(end);
      res.on('close', () => streams.delete(end));
      return;
    }
    const download = DOWNLOAD_PATH.exec(url.pathname);
    if (download) {
      if (method !== 'GET') return sendError(res, 405, 'invalid_input', 'use GET for a download');
      let ref: string;
      try {
        ref = decodeURIComponent(download[1] as string);
      } catch {
        return sendError(res, 404, 'not_found', 'no such file');
      }
      const found = await service.download(ref);
      if (!found.ok) return sendJson(res, 404, found);
      const { name } = found.value;
      const headers = { ...COMMON_HEADERS, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': contentDisposition(name), 'cache-control': 'no-store' };
      if ('contents' in found.value) {
        res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(found.value.contents)) });
        res.end(found.value.contents);
      } else {
        res.writeHead(200, { ...headers, 'content-length': String(found.value.size) });
        const file = found.value.path;
        // Once the browser has a download it is its copy that counts: ours goes (exports/ holds personal data).
        res.on('finish', () => uploads.removeDownload(file));
        // The file can go between the stat and the read: end this response rather than let the error stop the server.
        fs.createReadStream(file)
          .on('error', () => res.destroy())
          .pipe(res);
      }
      return;
    }
    if (method !== 'POST') return sendError(res, 405, 'invalid_input', 'API operations are called with POST');
    if (url.pathname === '/api/upload') {
      try {
        const file = await uploads.receive(url.searchParams.get('name') ?? 'upload.csv', req);
        return sendJson(res, 200, { ok: true, value: file });
      } catch (err) {
        return sendJson(res, 200, errorResult(err));
      }
    }
    const operation = OPERATION_PATH.exec(url.pathname);
    if (!operation) return sendError(res, 404, 'unknown_operation', `no API route ${url.pathname}`);
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return sendError(res, 415, 'invalid_input', 'send the input as application/json');
    }
    let input: unknown;
    try {
      input = await readJson(req);
    } catch (err) {
      return sendError(res, 400, 'invalid_input', (err as Error).message);
    }
    sendJson(res, 200, await service.call(operation[1] as string, operation[2] as string, input));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = checkHost(req.headers.host, port) ?? checkOrigin(req.headers.origin, port);
    if (refused) return sendError(res, refused.status, 'forbidden', refused.message);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'invalid_input', 'only GET serves pages');
    serveRendererFile(rendererDir, url.pathname, res, req.method === 'HEAD');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorResult(err));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      for (const end of [...streams]) end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      uploads.clearUploads();
    },
  };
}
