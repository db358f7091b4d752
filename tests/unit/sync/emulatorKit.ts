import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { PushedChange } from '../../../src/sync/change';
import { startCeEmulator, type CeEmulator, type CeEmulatorOptions } from '../../../src/sync/emulator/server';

export const KEY = 'test-key';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh data folder, removed after the test. */
export function tempFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-ce-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real emulator on a free port over a real SQLite file; closed after the test (closing twice is fine). */
export async function emulator(options: Partial<CeEmulatorOptions> = {}): Promise<CeEmulator & { dataFolder: string }> {
  const dataFolder = options.dataFolder ?? tempFolder();
  const server = await startCeEmulator({ key: KEY, port: 0, ...options, dataFolder });
  cleanups.push(() => server.close());
  return Object.assign(server, { dataFolder });
}

export function change(overrides: Partial<PushedChange> = {}): PushedChange {
  return {
    identifier_type: 'email',
    identifier: 'asha@example.com',
    channel: 'email',
    action: 'block',
    category: 'manual',
    reason: 'asked by phone',
    source: 'ui',
    at: '2026-11-26T08:54:37.123Z',
    ...overrides,
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

export async function get(base: string, pathAndQuery: string, key: string | null = KEY): Promise<Reply> {
  return reply(await fetch(`${base}${pathAndQuery}`, { headers: key === null ? {} : { 'api-key': key } }));
}

/** POST /changes with the raw body given (a string is sent as is, anything else as JSON). */
export async function push(base: string, idempotencyKey: string | null, body: unknown, key: string | null = KEY): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['api-key'] = key;
  if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
  return reply(await fetch(`${base}/changes`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) }));
}

export interface Page {
  items: (PushedChange & { id: string })[];
  next_cursor: string;
  has_more: boolean;
}

export async function pull(base: string, query = ''): Promise<Page> {
  const r = await get(base, `/changes${query}`);
  if (r.status !== 200) throw new Error(`pull answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as Page;
}

/** Every change in the feed, following cursors page by page. */
export async function pullAll(base: string, limit = 1000): Promise<Page['items']> {
  const items: Page['items'] = [];
  let cursor = '';
  for (;;) {
    const page = await pull(base, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor;
    if (!page.has_more) return items;
  }
}

export interface Stats {
  feed_length: number;
  idempotency_records: number;
  requests: { total: number; pull: number; push: number; other: number };
  faults: { unavailable: number; rate_limited: number; dropped: number; delayed: number };
  latency_ms: number;
}

export async function stats(base: string): Promise<Stats> {
  return (await get(base, '/_emulator/stats')).body as Stats;
}
