import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputPath } from '../../../src/files/outputPaths';

function folder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-out-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(path.join(data, 'exports'), { recursive: true });
  fs.writeFileSync(path.join(data, 'blocklist.db'), 'db');
  return { dir, data };
}

describe('checkOutputPath', () => {
  it('allows the app\'s own output folders inside the data folder, and nothing else there', () => {
    const { data } = folder();
    const guard = { dataFolder: data, appFolders: [path.join(data, 'exports')], what: 'the export' };
    expect(() => checkOutputPath(path.join(data, 'exports', 'abc', 'list.csv'), guard)).not.toThrow();
    expect(() => checkOutputPath(path.join(data, 'blocklist.db'), guard)).toThrow(/inside the data folder/);
    expect(() => checkOutputPath(path.join(data, 'blocklist.db-wal'), guard)).toThrow(/inside the data folder/);
    expect(() => checkOutputPath(path.join(data, 'exports'), guard)).toThrow(/is a folder/);
    expect(() => checkOutputPath(path.join(data, 'exports', '..', 'blocklist.db'), guard)).toThrow(/inside the data folder/);
  });

  it('refuses the job\'s inputs however they are spelled', () => {
    const { dir, data } = folder();
    const input = path.join(dir, 'in.csv');
    fs.writeFileSync(input, 'email\n');
    fs.symlinkSync(input, path.join(dir, 'link.csv'));
    const guard = { dataFolder: data, inputs: [input], what: '--out' };
    expect(() => checkOutputPath(path.join(dir, '.', 'in.csv'), guard)).toThrow(/which this job reads/);
    expect(() => checkOutputPath(path.join(dir, 'link.csv'), guard)).toThrow(/which this job reads/);
    expect(() => checkOutputPath(path.join(dir, 'out.csv'), guard)).not.toThrow();
  });
});
