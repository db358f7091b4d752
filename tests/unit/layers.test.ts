import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The process boundaries of STYLE.md and the core's layers hold because the lint fails a wrong import. */
describe('layer rules', () => {
  const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });

  async function restrictedImports(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
  }

  it('src/ may not import Electron, React or the DOM', async () => {
    expect(await restrictedImports('src/store/example.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restrictedImports('src/jobs/example.ts', "import React from 'react';\nexport const r = React;\n")).toHaveLength(1);
    expect(await restrictedImports('src/domain/example.ts', 'export const title = document.title;\n')).toHaveLength(1);
    expect(await restrictedImports('src/store/example.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toHaveLength(0);
  });

  /** An in-memory file at `filePath` that imports `source` and uses it. */
  function importing(filePath: string, source: string): Promise<string[]> {
    return restrictedImports(filePath, `import * as lower from '${source}';\nexport const used = lower;\n`);
  }

  it('src/domain imports nothing of ours outside src/domain', async () => {
    const messages = await importing('src/domain/example.ts', '../store/database');
    expect(messages).toEqual([expect.stringContaining('src/domain must not import src/store')]);
    for (const layer of ['files', 'jobs', 'sync', 'api', 'cli']) expect(await importing('src/domain/example.ts', `../${layer}/example`), layer).toHaveLength(1);
    expect(await importing('src/domain/example.ts', './channels')).toHaveLength(0);
  });

  it('src/files and src/store import only src/domain, not each other', async () => {
    expect(await importing('src/files/example.ts', '../store/database')).toEqual([expect.stringContaining('src/files must not import src/store')]);
    expect(await importing('src/store/example.ts', '../files/csvWriter')).toEqual([expect.stringContaining('src/store must not import src/files')]);
    expect(await importing('src/store/migrations/example.ts', '../../jobs/report')).toHaveLength(1);
    expect(await importing('src/files/example.ts', '../api/contract')).toHaveLength(1);
    expect(await importing('src/files/example.ts', '../domain/channels')).toHaveLength(0);
    expect(await importing('src/store/migrations/example.ts', '../../domain/channels')).toHaveLength(0);
  });

  it('src/sync sits below src/jobs, src/jobs below src/api, src/api below src/cli', async () => {
    expect(await importing('src/sync/example.ts', '../jobs/syncJob')).toEqual([expect.stringContaining('src/sync must not import src/jobs')]);
    expect(await importing('src/sync/emulator/example.ts', '../../api/contract')).toHaveLength(1);
    expect(await importing('src/jobs/example.ts', '../api/jobRunner')).toEqual([expect.stringContaining('src/jobs must not import src/api')]);
    expect(await importing('src/api/http/example.ts', '../../cli/main')).toEqual([expect.stringContaining('src/api must not import src/cli')]);

    expect(await importing('src/sync/example.ts', '../store/outbox')).toHaveLength(0);
    expect(await importing('src/jobs/example.ts', '../sync/ceV1Sync')).toHaveLength(0);
    expect(await importing('src/jobs/example.ts', '../files/csvWriter')).toHaveLength(0);
    expect(await importing('src/api/example.ts', '../jobs/report')).toHaveLength(0);
    expect(await importing('src/cli/commands/example.ts', '../../api/desk')).toHaveLength(0);
  });

  it('a layer rule keeps the process boundary of src/', async () => {
    expect(await importing('src/domain/example.ts', 'electron')).toEqual([expect.stringContaining('never imports Electron')]);
    expect(await importing('src/cli/example.ts', '../../renderer/main')).toHaveLength(1);
  });

  it('renderer/ may not import Electron, Node or the core beyond src/api', async () => {
    expect(await restrictedImports('renderer/example.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/example.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/example.ts', "import path from 'path';\nexport const p = path;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/example.ts', "import { openDatabase } from '../src/store/database';\nexport const o = openDatabase;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/example.ts', "import type { DeskBridge } from '../src/api/bridge';\nexport type B = DeskBridge;\n")).toHaveLength(0);
  });

  it('renderer/ takes values only from the src/api files that import nothing at run time', async () => {
    expect(await importing('renderer/state/example.ts', '../../src/api/vocabulary')).toEqual([expect.stringContaining('values only from src/api/bridge')]);
    expect(await importing('renderer/state/example.ts', '../../src/api/http/deskServer')).toHaveLength(1);
    expect(await restrictedImports('renderer/example.ts', "import type { ContactView } from '../src/api/contract';\nexport type C = ContactView;\n")).toHaveLength(0);
    expect(await importing('renderer/state/example.ts', '../../src/api/blockRules')).toHaveLength(0);
    expect(await importing('renderer/bridge/example.ts', '../../src/api/bridge')).toHaveLength(0);
  });
});
