// Layer rules from shared/STYLE.md: the folders carry the process boundary, and the
// lint makes a wrong import fail instead of relying on anyone remembering it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net', 'stream', 'zlib', 'url', 'util', 'events'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'bin/**', 'tests/e2e/screenshots/**', 'playwright-report/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{js,mjs}', 'tests/**/*.ts', 'main/**/*.ts', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'src/ is the core: it runs under plain Node and never imports Electron (STYLE.md).' },
          { name: 'react', message: 'src/ has no UI code; React lives in renderer/.' },
          { name: 'react-dom', message: 'src/ has no UI code; React lives in renderer/.' },
          { name: 'zustand', message: 'src/ has no UI state; zustand lives in renderer/.' },
        ],
        patterns: [
          { group: ['**/main/**', '**/renderer/**'], message: 'src/ must not depend on main/ or renderer/.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'renderer/ talks only to the bridge (window.desk), never to Electron.' },
          { name: 'better-sqlite3', message: 'renderer/ never touches the database; use window.desk.' },
          ...nodeBuiltins.map((name) => ({ name, message: 'renderer/ has no Node access; use window.desk.' })),
        ],
        patterns: [
          { group: ['node:*'], message: 'renderer/ has no Node access; use window.desk.' },
          { group: ['**/src/*', '!**/src/api', '**/src/*/**', '!**/src/api/**'], message: 'renderer/ may import only types from src/api.' },
          { group: ['**/main/**'], message: 'renderer/ must not import main/.' },
        ],
      }],
    },
  },
);
