// Layer rules from shared/STYLE.md: the folders carry the process boundary, and the
// lint makes a wrong import fail instead of relying on anyone remembering it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net', 'stream', 'zlib', 'url', 'util', 'events'];

const coreBoundaryPaths = [
  { name: 'electron', message: 'src/ is the core: it runs under plain Node and never imports Electron (STYLE.md).' },
  { name: 'react', message: 'src/ has no UI code; React lives in renderer/.' },
  { name: 'react-dom', message: 'src/ has no UI code; React lives in renderer/.' },
  { name: 'zustand', message: 'src/ has no UI state; zustand lives in renderer/.' },
];
const coreBoundaryPatterns = [
  { group: ['**/main/**', '**/renderer/**'], message: 'src/ must not depend on main/ or renderer/.' },
];

/*
 * The core's own layers (DESIGN.md, Architecture), bottom up: domain; files and store,
 * side by side; sync; jobs; api; cli. A folder imports only folders below it:
 *   domain -> nothing of ours
 *   files  -> domain            (readers and writers know no database)
 *   store  -> domain            (the database knows no file formats)
 *   sync   -> domain, files, store
 *   jobs   -> domain, files, store, sync   (the sync job drives src/sync)
 *   api    -> everything above but cli
 *   cli    -> everything, api included (`serve` runs the API's HTTP server)
 * Each entry lists what its folder may NOT import, and why.
 */
const CORE_LAYERS = {
  domain: { forbidden: ['files', 'store', 'jobs', 'sync', 'api', 'cli'], why: 'src/domain is pure words and rules; it imports nothing of ours outside src/domain.' },
  files: { forbidden: ['store', 'jobs', 'sync', 'api', 'cli'], why: 'src/files reads and writes files and knows only src/domain.' },
  store: { forbidden: ['files', 'jobs', 'sync', 'api', 'cli'], why: 'src/store is the database and knows only src/domain.' },
  sync: { forbidden: ['jobs', 'api', 'cli'], why: 'src/sync builds on domain, files and store; the sync job in src/jobs drives it, not the other way round.' },
  jobs: { forbidden: ['api', 'cli'], why: 'src/jobs builds on domain, files, store and sync; src/api starts jobs, not the other way round.' },
  api: { forbidden: ['cli'], why: 'src/api may use the whole core but not the command line built on it.' },
  cli: { forbidden: [], why: '' },
};

/** no-restricted-imports for a file in src/<layer> (null: anywhere else in src/). */
function coreImportRule(layer) {
  const forbidden = layer === null ? [] : CORE_LAYERS[layer].forbidden;
  return ['error', {
    paths: coreBoundaryPaths,
    patterns: [
      ...coreBoundaryPatterns,
      // Core files reach each other by relative paths: `../store/x`, `../../store/x`.
      ...forbidden.map((target) => ({
        regex: `^(\\.\\./)+${target}(/|$)`,
        message: `src/${layer} must not import src/${target}: ${CORE_LAYERS[layer].why}`,
      })),
    ],
  }];
}

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
      'no-restricted-imports': coreImportRule(null),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage'],
    },
  },
  // Later entries replace the rule's options for their folder, so each carries the
  // process-boundary rule above as well as its own layer's.
  ...Object.keys(CORE_LAYERS).map((layer) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: { 'no-restricted-imports': coreImportRule(layer) },
  })),
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
          { group: ['**/src/*', '!**/src/api', '!**/src/domain', '**/src/*/**', '!**/src/api/**', '!**/src/domain/pasteEntries'], message: 'renderer/ may import from src/api only (and src/domain/pasteEntries, which imports nothing), never the rest of the core.' },
          { group: ['**/main/**'], message: 'renderer/ must not import main/.' },
        ],
      }],
      // Values from src/api only from the files that import nothing at run time, so the
      // bundle carries neither the core nor zod; everything else as `import type`.
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: ['**/src/api/**', '!**/src/api/bridge', '!**/src/api/operationNames', '!**/src/api/blockRules'],
          allowTypeImports: true,
          message: 'renderer/ imports values only from src/api/bridge, operationNames and blockRules; anything else from src/api as `import type`.',
        }],
      }],
    },
  },
);
