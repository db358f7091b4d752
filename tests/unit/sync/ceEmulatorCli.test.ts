import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { change, get, push, tempFolder } from './emulatorKit';

const BIN = path.resolve(__dirname, '../../../bin/blocklist-desk.js');
/** No key or data folder leaks in from the environment the tests run in. */
const ENV = { ...process.env, BLOCKLIST_DESK_API_KEY: '', BLOCKLIST_DESK_DATA: '' };

function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) {
        stream.off('data', onData);
        resolve(text.slice(0, end));
      }
    };
    stream.on('data', onData);
    stream.on('end', () => reject(new Error(`no first line; got ${JSON.stringify(text)}`)));
  });
}

describe('blocklist-desk ce-emulator', () => {
  it('prints its base URL first, serves the API with the key, and stops cleanly on SIGTERM', async () => {
    const data = tempFolder();
    const child = spawn(process.execPath, [BIN, 'ce-emulator', '--port', '0', '--key', 'secret-cli-key', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    try {
      const base = await firstLine(child.stdout);
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/blocklist\/v1$/);
      expect((await push(base, 'cli-key', { items: [change()] }, 'secret-cli-key')).body).toEqual({ accepted: 1, rejected: [] });
      expect((await get(base, '/changes', 'secret-cli-key')).status).toBe(200);
      expect((await get(base, '/changes', 'not-the-key')).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stderr).not.toContain('secret-cli-key');
    expect(stderr).toContain('stopping');
  });

  it('takes the key from $BLOCKLIST_DESK_API_KEY and the folder from $BLOCKLIST_DESK_DATA', async () => {
    const data = tempFolder();
    const child = spawn(process.execPath, [BIN, 'ce-emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...ENV, BLOCKLIST_DESK_API_KEY: 'from-env', BLOCKLIST_DESK_DATA: data } });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const base = await firstLine(child.stdout);
      expect((await get(base, '/changes', 'from-env')).status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('exits 2 with one clear line for a missing key or data folder or a bad flag value', () => {
    const data = tempFolder();
    const cases: [string[], RegExp][] = [
      [['ce-emulator', '--data', data], /--key K/],
      [['ce-emulator', '--key', 'k'], /--data DIR/],
      [['ce-emulator', '--data', data, '--key', 'k', '--port', '70000'], /--port must be/],
      [['ce-emulator', '--data', data, '--key', 'k', '--fail-rate', '2'], /--fail-rate must be a fraction/],
      [['ce-emulator', '--data', data, '--key', 'k', '--drop-after-apply', 'half'], /--drop-after-apply must be a fraction/],
      [['ce-emulator', '--data', data, '--key', 'k', '--rate-limit', '0'], /--rate-limit must be a whole number from 1/],
      [['ce-emulator', '--data', data, '--key', 'k', '--latency', '-5'], /--latency/],
      [['ce-emulator', '--data', data, '--key', 'k', '--fail-first', '1.5'], /--fail-first must be a whole number/],
      [['ce-emulator', '--data', data, '--key', 'k', '--seed', 'x'], /--seed must be a whole number/],
      [['ce-emulator', '--data', data, '--key', 'k', '--json'], /does not take --json/],
    ];
    for (const [args, message] of cases) {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: ENV });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0], args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
