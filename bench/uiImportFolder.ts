import fs from 'node:fs';
import path from 'node:path';
import { DATA } from './figure';
import { CONTACTS_150MB, writeContactsFile } from './contactsFile';

/** The UI figures' blocklist: 1M contacts, built once (largeStore.ts) and never changed. */
export const STORE_COUNT = 1_000_000;
export const STORE = path.join(DATA, 'store-1m');
/** A copy of that store for an import through the API to change. */
export const IMPORT_DATA = path.join(DATA, 'ui-import-run');
export const CSV_150 = path.join(DATA, CONTACTS_150MB);

export function ensureCsv150(log: (m: string) => void): void {
  if (fs.existsSync(CSV_150)) return;
  log(`generating ${CONTACTS_150MB} (150 MB)…`);
  writeContactsFile(CSV_150, 150 * 1024 * 1024);
}

export function prepareImportFolder(log: (m: string) => void): void {
  fs.rmSync(IMPORT_DATA, { recursive: true, force: true });
  fs.mkdirSync(IMPORT_DATA, { recursive: true });
  for (const entry of fs.readdirSync(STORE, { withFileTypes: true })) {
    if (entry.isFile() && !entry.name.startsWith('built-')) fs.copyFileSync(path.join(STORE, entry.name), path.join(IMPORT_DATA, entry.name));
  }
  log(`  copied the 1M store to ${IMPORT_DATA} (the import must not change the cached store)`);
}
