import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The process boundaries of STYLE.md hold because the lint fails a wrong import. */
describe('layer rules', () => {
  const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });

  async function restrictedImports(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
  }

  it('src/ may not import Electron, React or the DOM', async () => {
    expect(await restrictedImports('src/store/example.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restrictedImports('src/jobs/example.ts', "import React from 'react';\nexport const r = React;\n")).toHaveLength(1);
    expect(await restrictedImports('src/domain/example.ts', 'export const title = document.title;\n')).toHaveLength(1);
    expect(await restrictedImports('src/store/example.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toHaveLength(0);
  });

  it('renderer/ may not import Electron, Node or the core beyond src/api', async () => {
    expect(await restrictedImports('renderer/example.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/example.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/example.ts', "import path from 'path';\nexport const p = path;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/example.ts', "import { openDatabase } from '../src/store/database';\nexport const o = openDatabase;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/example.ts', "import type { DeskBridge } from '../src/api/bridge';\nexport type B = DeskBridge;\n")).toHaveLength(0);
  });
});
