import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3's addon is compiled for one ABI. node_modules keeps the Node build (tests,
 * CLI); the app loads a second build for Electron's ABI through better-sqlite3's
 * `nativeBinding` option: `build/electron/better_sqlite3.node` in a checkout (made by
 * `npm run build:electron-sqlite`), `resources/sqlite/better_sqlite3.node` in a package
 * (electron-builder's extraResources). Neither replaces the other, so no rebuild is ever
 * needed to switch between `npm test` and `npm start`.
 */
export const BINDING_FILE = 'better_sqlite3.node';
export const BINDING_INFO_FILE = 'binding.json';

export function electronBindingPath(options: { isPackaged: boolean; resourcesPath: string; appRoot: string }): string {
  return options.isPackaged ? path.join(options.resourcesPath, 'sqlite', BINDING_FILE) : path.join(options.appRoot, 'build', 'electron', BINDING_FILE);
}

/** What scripts/build-electron-sqlite.mjs records beside the addon. */
interface BindingInfo {
  electron?: string;
  modules?: string;
}

/** null when the addon is there and built for this ABI; otherwise the one line to show. */
export function bindingProblem(file: string, modulesVersion: string): string | null {
  const fix = 'run `npm run build:electron-sqlite` once (it needs the network), or use browser mode: npx blocklist-desk serve --open';
  if (!fs.existsSync(file)) return `Blocklist Desk cannot start: the SQLite module built for Electron is missing (${file}); ${fix}`;
  try {
    const info = JSON.parse(fs.readFileSync(path.join(path.dirname(file), BINDING_INFO_FILE), 'utf8')) as BindingInfo;
    if (info.modules !== undefined && info.modules !== modulesVersion) {
      return `Blocklist Desk cannot start: the SQLite module was built for Electron ${info.electron ?? '?'} (ABI ${info.modules}), this is ABI ${modulesVersion}; ${fix}`;
    }
  } catch {
    // no record: trust the file; a wrong ABI still fails loudly when the database opens
  }
  return null;
}
