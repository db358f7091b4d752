import { createHash, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BATCH, pushBodySchema, type PullPage, type PushedChange, type PushResponse } from '../change';
import { checkPushedItem } from './checkPushedItem';
import { delay, readBody, sendError, sendJson } from './emulatorHttp';
import { decodeCursor, encodeCursor } from './feedCursor';
import { FeedStore, type RecordedAnswer } from './feedStore';
import { Faults, type FaultCounters, type FaultOptions } from './faults';
import { winningChanges } from './winningChanges';

export const CE_BASE_PATH = '/blocklist/v1';
const CHANGES_PATH = `${CE_BASE_PATH}/changes`;
/** Not part of the contract: test and demo helpers, exempt from injected faults. */
const EMULATOR_PATH = `${CE_BASE_PATH}/_emulator/`;

export const DEFAULT_PULL_LIMIT = 100;
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** 1000 items at the largest allowed fields fit well inside this. */
const MAX_PUSH_BYTES = 8 * 1024 * 1024;

export interface CeEmulatorOptions extends FaultOptions {
  /** Shared secret every request must carry in `api-key`. */
  key: string;
  /** Holds `ce-emulator.sqlite`; the feed and idempotency records survive restarts. */
  dataFolder: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface CeEmulator {
  /** `http://127.0.0.1:PORT/blocklist/v1`: the contract's base URL. */
  readonly baseUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

/** `GET {base}/_emulator/stats`. Request and fault counts are since start; the rest is on disk. */
export interface CeEmulatorStats {
  feed_length: number;
  idempotency_records: number;
  requests: { total: number; pull: number; push: number; other: number };
  faults: FaultCounters;
  latency_ms: number;
}

function digest(text: string | Buffer): Buffer {
  return createHash('sha256').update(text).digest();
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The CE Blocklist Sync API v1 (CE-SYNC.md §2) as a real HTTP server over its own SQLite
 * file, for the sync tests and demos. Each request: the injected faults are decided on
 * arrival (429, then 503), the latency is waited, then `api-key` is checked (so a faulted
 * request gets its 429/503 even with a wrong key), then the route. The README section
 * "CE emulator" lists every status a client can get.
 */
export async function startCeEmulator(options: CeEmulatorOptions): Promise<CeEmulator> {
  if (options.key === '') throw new RangeError('the CE emulator needs a non-empty api key');
  const faults = new Faults(options);
  const clock = options.clock ?? Date.now;
  const keyDigest = digest(options.key);
  const store = new FeedStore(options.dataFolder);
  const requests = { total: 0, pull: 0, push: 0, other: 0 };
  let closing = false;

  function authorised(req: IncomingMessage): boolean {
    const given = req.headers['api-key'];
    return typeof given === 'string' && timingSafeEqual(digest(given), keyDigest);
  }

  function sendOutcome(res: ServerResponse, outcome: RecordedAnswer): void {
    if (outcome.kind === 'key_reused') {
      return sendError(res, 409, 'idempotency_key_reused', 'this Idempotency-Key was used with a different body; use a new key for a new batch');
    }
    sendJson(res, outcome.status, outcome.body);
  }

  async function push(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.trim() === '') return sendError(res, 400, 'idempotency_key_required', 'send an Idempotency-Key header (a UUID) with every push');
    if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) return sendError(res, 400, 'idempotency_key_invalid', `the Idempotency-Key is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
    const raw = await readBody(req, MAX_PUSH_BYTES);
    if (closing) return void res.destroy();
    if (raw === 'too_large') return sendError(res, 413, 'payload_too_large', `the body is larger than ${MAX_PUSH_BYTES} bytes`);
    const bodySha256 = digest(raw).toString('hex');
    // A retry is answered from its record before anything else, so it cannot fare differently from the first try.
    const recorded = store.recorded(key, bodySha256, clock());
    if (recorded) return sendOutcome(res, recorded);

    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(res, 422, 'malformed_body', 'the body is not JSON; nothing was applied');
    }
    const shape = pushBodySchema.safeParse(body);
    if (!shape.success) return sendError(res, 422, 'malformed_body', 'the body must be {"items": [...]}; nothing was applied');
    const { items } = shape.data;
    if (items.length > MAX_BATCH) return sendError(res, 413, 'batch_too_large', `a push carries at most ${MAX_BATCH} items (got ${items.length}); nothing was applied`);
    const notObject = items.findIndex((item) => !isPlainObject(item));
    if (notObject >= 0) return sendError(res, 422, 'malformed_body', `items[${notObject}] is not an object; nothing was applied`);

    const accepted: PushedChange[] = [];
    const rejected: PushResponse['rejected'] = [];
    items.forEach((item, index) => {
      const checked = checkPushedItem(item);
      if (checked.ok) accepted.push(checked.change);
      else rejected.push({ index, code: checked.code, message: checked.message });
    });
    const outcome = store.push(key, bodySha256, accepted, rejected, clock());
    if (outcome.kind !== 'applied') return sendOutcome(res, outcome);
    if (faults.dropAfterApply()) return void res.destroy();
    sendJson(res, outcome.status, outcome.body);
  }

  function pull(res: ServerResponse, url: URL): void {
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null ? DEFAULT_PULL_LIMIT : /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_BATCH)) return sendError(res, 422, 'invalid_limit', `limit must be a whole number from 1 to ${MAX_BATCH}`);
    const cursor = url.searchParams.get('cursor') ?? '';
    let afterSeq = 0;
    if (cursor !== '') {
      const decoded = decodeCursor(cursor, store.feedId);
      if (!decoded.ok) return sendError(res, 422, 'invalid_cursor', decoded.message);
      afterSeq = decoded.seq;
    }
    const { entries, hasMore } = store.page(afterSeq, limit);
    const last = entries.at(-1);
    const page: PullPage = {
      items: entries.map((e) => e.change),
      next_cursor: last ? encodeCursor(store.feedId, last.seq) : cursor !== '' ? cursor : encodeCursor(store.feedId, 0),
      has_more: hasMore,
    };
    sendJson(res, 200, page);
  }

  function stats(): CeEmulatorStats {
    const counts = store.counts();
    return { feed_length: counts.feed, idempotency_records: counts.idempotencyRecords, requests: { ...requests }, faults: { ...faults.counters }, latency_ms: faults.latencyMs };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = req.method ?? 'GET';
    const helper = url.pathname.startsWith(EMULATOR_PATH);
    if (!helper) {
      requests.total += 1;
      if (url.pathname === CHANGES_PATH && method === 'GET') requests.pull += 1;
      else if (url.pathname === CHANGES_PATH && method === 'POST') requests.push += 1;
      else requests.other += 1;
      const fault = faults.onArrival();
      if (faults.latencyMs > 0) {
        faults.counters.delayed += 1;
        await delay(faults.latencyMs);
        if (closing) return void res.destroy();
      }
      if (fault?.kind === 'rate_limited') {
        return sendError(res, 429, 'rate_limited', `more than ${options.rateLimitPerSecond} requests a second; retry after ${fault.retryAfterSeconds} s`, { 'retry-after': String(fault.retryAfterSeconds) });
      }
      if (fault?.kind === 'unavailable') return sendError(res, 503, 'unavailable', 'injected fault: the service is unavailable; retry later');
    }
    if (!authorised(req)) return sendError(res, 401, 'unauthorized', 'the api-key header is missing or wrong');

    if (url.pathname === CHANGES_PATH) {
      if (method === 'GET') return pull(res, url);
      if (method === 'POST') return push(req, res);
      return sendError(res, 405, 'method_not_allowed', 'use GET to pull changes and POST to push them', { allow: 'GET, POST' });
    }
    if (helper && method === 'GET' && url.pathname === `${EMULATOR_PATH}state`) return sendJson(res, 200, { entries: winningChanges(store.entries()) });
    if (helper && method === 'GET' && url.pathname === `${EMULATOR_PATH}stats`) return sendJson(res, 200, stats());
    sendError(res, 404, 'not_found', `no route ${method} ${url.pathname}`);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (closing || res.headersSent) return void res.destroy();
      sendError(res, 500, 'internal', err instanceof Error ? err.message : String(err));
    });
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  return {
    baseUrl: `http://${hostInUrl}:${port}${CE_BASE_PATH}`,
    port,
    async close() {
      if (closing) return;
      closing = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
