import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UploadFolder } from '../../src/api/http/uploadFolder';
import { cli, makeWorkspace } from './harness';

// The blocklist is personal data: on POSIX only its owner may read the data folder and
// what is in it.
describe.skipIf(process.platform === 'win32')('private files', () => {
  it('creates the data folder 0700 and the database, its WAL and job files 0600', () => {
    const ws = makeWorkspace();
    expect(cli(ws.data, ['import', ws.file('a.csv', 'email\na@x.com\nbad@\n'), '--using', 'email', '--channels', 'email']).code).toBe(3);
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    expect(mode(ws.data)).toBe(0o700);
    expect(mode(path.join(ws.data, 'blocklist.db'))).toBe(0o600);
    const jobs = path.join(ws.data, 'jobs');
    const [job] = fs.readdirSync(jobs);
    expect(mode(path.join(jobs, job as string))).toBe(0o700);
    expect(mode(path.join(jobs, job as string, 'problems.csv'))).toBe(0o600);
    const exported = path.join(ws.dir, 'out.csv');
    expect(cli(ws.data, ['export', '--out', exported]).code).toBe(0);
    expect(mode(exported)).toBe(0o600);
  });

  it('removes browser-mode downloads older than a day when a server starts', () => {
    const ws = makeWorkspace();
    const old = path.join(ws.data, 'exports', 'aaaa', 'list.csv');
    const fresh = path.join(ws.data, 'exports', 'bbbb', 'list.csv');
    for (const file of [old, fresh]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'email\n');
    }
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    fs.utimesSync(path.dirname(old), twoDaysAgo, twoDaysAgo);
    new UploadFolder(ws.data);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
  });
});
