import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../../../bin/blocklist-desk.js');

describe('a new data folder opened by several processes at once', () => {
  it('is created once; every process sees the same schema', async () => {
    const data = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bd-mig-')), 'data');
    const runs = Array.from({ length: 6 }, () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, '--data', data, 'stats', '--json']);
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('exit', (code) => resolve({ code, stderr }));
      }),
    );
    for (const run of await Promise.all(runs)) expect(run, run.stderr).toMatchObject({ code: 0 });
  });
});
