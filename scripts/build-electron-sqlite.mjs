// Builds better-sqlite3's addon for Electron's ABI into build/electron/better_sqlite3.node,
// leaving node_modules/better-sqlite3 (the Node build that tests and the CLI load)
// untouched. The app loads it through better-sqlite3's `nativeBinding` option
// (main/sqliteBinding.ts); electron-builder ships it as an extra resource.
//
//   npm run build:electron-sqlite            # needs the network once
//   npm run build:electron-sqlite -- --force # rebuild even if up to date
//
// It first asks prebuild-install for better-sqlite3's published Electron binary (no
// compiler needed), and otherwise compiles with node-gyp against Electron's headers
// (needs Python and a C++ toolchain). Both work on a copy of the package in build/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = (await import('node:module')).createRequire(import.meta.url);
const electronPkg = require(path.join(root, 'node_modules', 'electron', 'package.json'));
const sqlitePkg = path.join(root, 'node_modules', 'better-sqlite3');
const electronVersion = electronPkg.version;
const abi = fs.readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
const arch = process.env.npm_config_arch || process.arch;
const platform = process.platform;
const outDir = path.join(root, 'build', 'electron');
const outFile = path.join(outDir, 'better_sqlite3.node');
const infoFile = path.join(outDir, 'binding.json');
const work = path.join(root, 'build', 'electron-sqlite-work');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function upToDate() {
  try {
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
    return fs.existsSync(outFile) && info.electron === electronVersion && info.modules === abi && info.arch === arch && info.platform === platform;
  } catch {
    return false;
  }
}

if (!process.argv.includes('--force') && upToDate()) {
  console.log(`build-electron-sqlite: ${path.relative(root, outFile)} is already built for Electron ${electronVersion} (ABI ${abi})`);
  process.exit(0);
}

function run(command, args) {
  console.log(`build-electron-sqlite: ${path.basename(command)} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: path.join(work, 'better-sqlite3'), stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status === 0;
}

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
fs.cpSync(sqlitePkg, path.join(work, 'better-sqlite3'), { recursive: true, filter: (src) => !src.startsWith(path.join(sqlitePkg, 'build')) });

const common = [`--runtime=electron`, `--target=${electronVersion}`, `--arch=${arch}`, `--platform=${platform}`];
const built =
  run(bin('prebuild-install'), [...common, '--verbose']) ||
  run(bin('node-gyp'), ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers']);

const result = path.join(work, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (!built || !fs.existsSync(result)) {
  fs.rmSync(work, { recursive: true, force: true });
  console.error(`build-electron-sqlite: could not get better-sqlite3 for Electron ${electronVersion} (${platform}-${arch}); the desktop app needs it, browser mode does not (npx blocklist-desk serve --open)`);
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(result, outFile);
fs.writeFileSync(infoFile, `${JSON.stringify({ electron: electronVersion, modules: abi, platform, arch, builtAt: new Date().toISOString() }, null, 2)}\n`);
fs.rmSync(work, { recursive: true, force: true });
console.log(`build-electron-sqlite: ${path.relative(root, outFile)} built for Electron ${electronVersion} (ABI ${abi}, ${platform}-${arch})`);
