import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api/contract';
import { safeFileName } from '../../../src/api/http/uploadFolder';
import { checkHost, checkOrigin, checkToken } from '../../../src/api/http/requestGuard';
import { isAllowedExternal } from '../../../main/externalLinks';
import { jobNotice } from '../../../main/jobNotice';
import { dataFolderFromArgs } from '../../../main/launchOptions';
import { rendererResponse } from '../../../main/rendererResponse';
import { bindingProblem, electronBindingPath } from '../../../main/sqliteBinding';

// The parts of main/ that do not need Electron to run; the rest is covered by
// tests/electron/smoke.spec.ts where an Electron binary exists.

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bd-shell-'));
}

describe('the app:// protocol handler', () => {
  it('serves the built renderer with the CSP, index.html for app routes, nothing outside', async () => {
    const dir = scratch();
    const renderer = path.join(dir, 'renderer');
    fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(renderer, 'index.html'), '<title>desk</title>');
    fs.writeFileSync(path.join(renderer, 'assets', 'a.js'), '1');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    const index = await rendererResponse(renderer, 'app://desk/index.html');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('desk');
    expect((await rendererResponse(renderer, 'app://desk/assets/a.js')).headers.get('content-type')).toMatch(/javascript/);
    expect(await (await rendererResponse(renderer, 'app://desk/listing')).text()).toContain('desk');
    expect((await rendererResponse(renderer, 'app://desk/%2e%2e/secret.txt')).status).toBe(404);
    expect((await rendererResponse(renderer, 'app://other/index.html')).status).toBe(404);
    expect(await (await rendererResponse(path.join(dir, 'missing'), 'app://desk/')).text()).toContain('npm run build');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the Electron-ABI SQLite addon', () => {
  it('lives in build/electron in a checkout and in resources/sqlite when packaged', () => {
    expect(electronBindingPath({ isPackaged: false, resourcesPath: '/r', appRoot: '/app' })).toBe(path.join('/app', 'build', 'electron', 'better_sqlite3.node'));
    expect(electronBindingPath({ isPackaged: true, resourcesPath: '/r', appRoot: '/app' })).toBe(path.join('/r', 'sqlite', 'better_sqlite3.node'));
  });

  it('is reported in one line when missing or built for another ABI', () => {
    const dir = scratch();
    const file = path.join(dir, 'better_sqlite3.node');
    const missing = bindingProblem(file, '140');
    expect(missing).toContain('npm run build:electron-sqlite');
    expect(missing).not.toContain('\n');
    fs.writeFileSync(file, '');
    expect(bindingProblem(file, '140')).toBeNull();
    fs.writeFileSync(path.join(dir, 'binding.json'), JSON.stringify({ electron: '38.0.0', modules: '139' }));
    expect(bindingProblem(file, '140')).toContain('ABI 139');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('small rules of the shell', () => {
  it('opens only allow-listed https addresses outside the app', () => {
    expect(isAllowedExternal('https://cedocs.netcorecloud.com/docs/blocklist')).toBe(true);
    expect(isAllowedExternal('http://cedocs.netcorecloud.com/')).toBe(false);
    expect(isAllowedExternal('https://cedocs.netcorecloud.com.evil.example/')).toBe(false);
    expect(isAllowedExternal('https://user@cedocs.netcorecloud.com/')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false);
  });

  it('takes the data folder from --data, then the environment', () => {
    expect(dataFolderFromArgs(['electron', 'main.js', '--data', '/tmp/a'], {})).toBe(path.resolve('/tmp/a'));
    expect(dataFolderFromArgs(['electron', 'main.js', '--data=/tmp/b'], {})).toBe(path.resolve('/tmp/b'));
    expect(dataFolderFromArgs(['electron', 'main.js'], { BLOCKLIST_DESK_DATA: '/tmp/c' })).toBe(path.resolve('/tmp/c'));
  });

  it('words a job-ended notification from the report', () => {
    const job = { id: 'j1', kind: 'import', status: 'succeeded', label: 'list.csv', error: null, report: null } as unknown as JobView;
    const report = { added: 2, updated: 1, unchanged: 5, already_blocked: 4, no_channel: 1, rejected: 3 } as JobView['report'];
    expect(jobNotice({ job, report })).toEqual({ title: 'Import finished', body: 'list.csv: 2 added, 1 updated, 4 already blocked, 3 rejected' });
    const failed = { ...job, status: 'failed', error: { code: 'zip_limits', message: 'the archive inflates past the limit' } } as JobView;
    expect(jobNotice({ job: failed, report: null })).toEqual({ title: 'Import failed', body: 'list.csv: the archive inflates past the limit' });
  });

  it('checks Host, Origin and token as pure functions', () => {
    expect(checkHost('127.0.0.1:8080', 8080)).toBeNull();
    expect(checkHost('LOCALHOST:8080', 8080)).toBeNull();
    expect(checkHost('[::1]:8080', 8080)?.status).toBe(403);
    expect(checkHost(undefined, 8080)?.status).toBe(403);
    expect(checkOrigin(undefined, 8080)).toBeNull();
    expect(checkOrigin('http://localhost:8080', 8080)).toBeNull();
    expect(checkOrigin('http://localhost:8081', 8080)?.status).toBe(403);
    expect(checkToken('abc', 'abc')).toBeNull();
    expect(checkToken('abd', 'abc')?.status).toBe(401);
    expect(checkToken('ab', 'abc')?.status).toBe(401);
    expect(checkToken(null, 'abc')?.status).toBe(401);
  });

  it('makes an uploaded file name safe to create', () => {
    expect(safeFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\list.csv', 'x')).toBe('list.csv');
    expect(safeFileName('..', 'fallback.csv')).toBe('fallback.csv');
    expect(safeFileName('a<b>:c?.csv', 'x')).toBe('a_b__c_.csv');
  });
});
