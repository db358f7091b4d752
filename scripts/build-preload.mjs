// Bundles the sandboxed preload (main/preload.ts and the contract it imports, zod
// included) into ONE CommonJS file, dist/main/preload.js: a sandboxed preload can require
// only `electron` (and a few polyfilled modules), never our own files. Runs after tsc,
// replacing tsc's unbundled copy.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'main', 'preload.js');

await build({
  entryPoints: [path.join(root, 'main', 'preload.ts')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target: 'chrome130',
  external: ['electron'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});

// The bundle must not reach for anything a sandboxed preload cannot load.
const code = fs.readFileSync(outfile, 'utf8');
const required = [...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
const foreign = required.filter((name) => name !== 'electron');
if (foreign.length > 0) {
  console.error(`build-preload: the preload bundle requires ${foreign.join(', ')}; a sandboxed preload can only require electron`);
  process.exit(1);
}
console.log(`build-preload: ${path.relative(root, outfile)} (${Math.round(code.length / 1024)} KiB)`);
