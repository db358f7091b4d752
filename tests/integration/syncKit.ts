import Database from 'better-sqlite3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'vitest';
import { startCeEmulator, type CeEmulator, type CeEmulatorOptions } from '../../src/sync/emulator/server';
import { cliAsync, makeWorkspace } from './harness';

export const KEY = 'sync-test-key';
const CHANNELS = ['email', 'sms', 'whatsapp', 'rcs'] as const;

/** A real CE emulator on a free port with its own SQLite file. */
export async function ceServer(options: Partial<CeEmulatorOptions> = {}): Promise<CeEmulator> {
  const server = await startCeEmulator({ key: KEY, port: 0, dataFolder: makeWorkspace().dir, ...options });
  servers.push(server);
  return server;
}
export const servers: CeEmulator[] = [];

/** One request a stand-in received: method, path, query and body. */
export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
}

/**
 * A real local HTTP server standing in for a CE that misbehaves in a way the emulator
 * cannot: `answer` writes each response. Its base URL ends in /blocklist/v1 like the
 * emulator's, so a client syncs with it the same way; closed after the test.
 */
export async function standIn(answer: (request: Received, res: http.ServerResponse, index: number) => void): Promise<CeEmulator & { received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (s: string) => (body += s));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const request = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), body };
      received.push(request);
      answer(request, res, received.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const standIn = {
    baseUrl: `http://127.0.0.1:${port}/blocklist/v1`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        // An answer that never ends would keep close() waiting.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(standIn);
  return standIn;
}

export interface SyncJson {
  job: string | null;
  status: string;
  pushed: number;
  pulled: number;
  applied: number;
  skipped_older: number;
  conflicts: number;
  rejected: number;
  dated_at_pull: number;
  error: { code: string; message: string } | null;
}

/** One laptop: its own data folder, syncing through the real CLI. */
export function client(name: string) {
  const ws = makeWorkspace();
  return {
    name,
    data: ws.data,
    ws,
    async sync(server: CeEmulator, env: Record<string, string> = {}, key = KEY): Promise<SyncJson & { code: number; stderr: string }> {
      const r = await cliAsync(ws.data, ['sync', '--url', server.baseUrl, '--json'], { BLOCKLIST_DESK_API_KEY: key, ...env });
      if (r.stdout.trim() === '') return { code: r.code, stderr: r.stderr } as SyncJson & { code: number; stderr: string };
      return { ...(JSON.parse(r.stdout) as SyncJson), code: r.code, stderr: r.stderr };
    },
    /** Every (identifier, channel) status this laptop holds, as `type:identifier channel` → status. */
    state(): Map<string, string> {
      const db = new Database(path.join(ws.data, 'blocklist.db'), { readonly: true });
      try {
        const rows = db.prepare('SELECT * FROM contacts').all() as Record<string, string | number | null>[];
        const state = new Map<string, string>();
        for (const row of rows) {
          for (const ch of CHANNELS) {
            const status = row[`${ch}_status`];
            if (status === 0) continue;
            const keys: [string, unknown][] = [['customer_id', row.customer_id], ch === 'email' ? ['email', row.email_key] : ['mobile', row.mobile]];
            for (const [type, value] of keys) if (value !== null) state.set(`${type}:${String(value)} ${ch}`, status === 1 ? 'blocked' : 'whitelisted');
          }
        }
        return state;
      } finally {
        db.close();
      }
    },
    outboxSize(): number {
      const db = new Database(path.join(ws.data, 'blocklist.db'), { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
    auditCount(where = '1'): number {
      const db = new Database(path.join(ws.data, 'blocklist.db'), { readonly: true });
      try {
        return (db.prepare(`SELECT count(*) AS n FROM audit WHERE ${where}`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
  };
}
export type Client = ReturnType<typeof client>;

interface ServerState {
  entries: { identifier_type: string; identifier: string; channel: string; status: 'blocked' | 'unblocked' | 'whitelisted' }[];
}

/** CE's winning status per (identifier, channel), blocked and whitelisted only. */
export async function serverState(server: CeEmulator): Promise<Map<string, string>> {
  const r = await fetch(`${server.baseUrl}/_emulator/state`, { headers: { 'api-key': KEY } });
  const body = (await r.json()) as ServerState;
  const state = new Map<string, string>();
  for (const e of body.entries) if (e.status !== 'unblocked') state.set(`${e.identifier_type}:${e.identifier} ${e.channel}`, e.status);
  return state;
}

export async function serverStats(server: CeEmulator): Promise<{ feed_length: number; idempotency_records: number; requests: { push: number; pull: number } }> {
  const r = await fetch(`${server.baseUrl}/_emulator/stats`, { headers: { 'api-key': KEY } });
  return (await r.json()) as { feed_length: number; idempotency_records: number; requests: { push: number; pull: number } };
}

/** Server and laptops hold the same statuses, item by item. */
export async function expectAgreement(server: CeEmulator, ...clients: Client[]): Promise<Map<string, string>> {
  const expected = await serverState(server);
  for (const c of clients) expect(Object.fromEntries(c.state()), `${c.name} agrees with CE`).toEqual(Object.fromEntries(expected));
  return expected;
}
