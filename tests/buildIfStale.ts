import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Vitest global setup: the CLI tests spawn bin/blocklist-desk.js and every job runs in a
 * worker thread loaded from dist/, so a test run against a stale dist/ would pass or fail
 * for code that is no longer in src/. When any compiled source (tsconfig.build.json: src/,
 * main/, bench/) is newer than its output, or has none, it is compiled first (tsc, about
 * 20 s); when it is up to date, as right after `npm run build`, this costs a few hundred
 * stat calls.
 */
const ROOT = path.resolve(__dirname, '..');
const BUILD_CONFIG = 'tsconfig.build.json';

function compiledFolders(): string[] {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, BUILD_CONFIG), 'utf8')) as { include: string[] };
  return [...new Set(config.include.map((pattern) => pattern.split('/')[0] as string))];
}

function sourcesUnder(folder: string): string[] {
  const absolute = path.join(ROOT, folder);
  if (!fs.existsSync(absolute)) return [];
  return (fs.readdirSync(absolute, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => path.join(folder, name));
}

/** Sources whose dist/ output is missing or older than they are. */
function staleSources(): string[] {
  const stale: string[] = [];
  for (const source of compiledFolders().flatMap(sourcesUnder)) {
    const output = path.join(ROOT, 'dist', source.replace(/\.ts$/, '.js'));
    const built = fs.statSync(output, { throwIfNoEntry: false });
    if (built === undefined || built.mtimeMs < fs.statSync(path.join(ROOT, source)).mtimeMs) stale.push(source);
  }
  return stale;
}

function compile(): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', BUILD_CONFIG], { cwd: ROOT, encoding: 'utf8' });
}

export default function buildIfStale(): void {
  const before = staleSources();
  if (before.length === 0) return;
  const named = `${before.slice(0, 3).join(', ')}${before.length > 3 ? ` and ${before.length - 3} more` : ''}`;
  console.log(`dist/ is older than src/ (${named}): compiling with tsc -p ${BUILD_CONFIG} first`);
  let tsc = compile();
  let after = staleSources();
  // A source saved while tsc was reading (someone editing as the tests start): once more.
  if (after.length > 0) {
    tsc = compile();
    after = staleSources();
  }
  const output = `${tsc.stdout ?? ''}${tsc.stderr ?? ''}`.trim();
  if (after.length > 0) {
    throw new Error(`dist/ is older than src/; run npm run build (tsc left ${after.length} file(s) stale, e.g. ${after[0]})${output ? `\n${output}` : ''}`);
  }
  // Type errors do not stop tsc emitting: dist/ matches src/, so the tests are honest; the
  // errors are shown here and fail `npm test`'s typecheck.
  if (tsc.status !== 0) console.warn(`tsc reported errors but compiled every file:\n${output}`);
}
