import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = path.resolve(__dirname, '../../bin/blocklist-desk.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh data folder and a scratch folder for input files, removed after the test file. */
export function makeWorkspace(): { data: string; dir: string; file(name: string, content: string | Buffer): string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-cli-'));
  const data = path.join(dir, 'data');
  return {
    data,
    dir,
    file(name, content) {
      const p = path.join(dir, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
      return p;
    },
  };
}

/** Runs the real CLI in a child process, as a user or another tool would. */
export function cli(data: string, args: string[], input?: string): CliResult {
  const result = spawnSync(process.execPath, [BIN, '--data', data, ...args], { input: input ?? '', encoding: 'utf8', env: { ...process.env, BLOCKLIST_DESK_DATA: '' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function cliJson<T = Record<string, unknown>>(data: string, args: string[], input?: string): { code: number; json: T; stderr: string } {
  const r = cli(data, [...args, '--json'], input);
  let json: T;
  try {
    json = JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${JSON.stringify(r.stdout)} stderr: ${JSON.stringify(r.stderr)}`);
  }
  return { code: r.code, json, stderr: r.stderr };
}

export interface Stats {
  identified: number;
  anonymous: number;
  blocked: { email: number; sms: number; whatsapp: number; rcs: number };
  whitelisted: { email: number };
}

export function stats(data: string): Stats {
  return cliJson<Stats>(data, ['stats']).json;
}

export function spawnCli(data: string, args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [BIN, '--data', data, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BLOCKLIST_DESK_DATA: '', ...env } });
}

/**
 * Holds a job's reading after its first batch until `release()` (src/jobs/heldForTest.ts):
 * pass `env` to the CLI, and a kill or cancel lands while the job runs, every time.
 */
export function readingHold(dir: string): { env: Record<string, string>; release(): void } {
  const gate = path.join(dir, `release-${Math.random().toString(36).slice(2)}`);
  return { env: { BLOCKLIST_DESK_TEST_HOLD: gate }, release: () => fs.writeFileSync(gate, '') };
}

/** The child's exit code (null when a signal ended it), whether it has exited already or not. */
export function exitOf(child: ReturnType<typeof spawnCli>): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Until the newest job has left the queue (status running or later), polling the CLI's jobs list. */
export async function waitForJobStarted(data: string, count = 1): Promise<{ status: string }> {
  for (;;) {
    const jobs = cliJson<{ jobs: { status: string }[] }>(data, ['jobs']).json.jobs;
    if (jobs.length >= count && jobs[0]?.status !== 'queued') return jobs[0] as { status: string };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Deterministic contacts CSV: `rows` rows with customer_id, email and mobile columns. */
export function contactsCsv(rows: number, { crlf = false, start = 0 } = {}): string {
  const nl = crlf ? '\r\n' : '\n';
  const out: string[] = ['customer_id,name,email,mobile,city'];
  for (let i = start; i < start + rows; i += 1) {
    const mobile = `9${String(100000000 + i).padStart(9, '0')}`;
    out.push(`C${i},"Name ${i}, Jr",User.${i}@Example.com,${mobile},Pune`);
  }
  return out.join(nl) + nl;
}

/**
 * Runs the real CLI without blocking this process, so a server in the test (a local
 * HTTP server standing in for a remote) can answer it meanwhile.
 */
export function cliAsync(data: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--data', data, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BLOCKLIST_DESK_DATA: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
}
