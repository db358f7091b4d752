import { DeskError } from '../domain/errors';
import type { Db } from './database';
import { statementsFor } from './statementCache';

/**
 * Column mappings the officer saved (`import --save-mapping NAME`), kept in the settings
 * table under `import_mappings`, beside the settings src/store/settings.ts reads (it
 * skips keys it does not know). Each is stored with the header it was made for, so a
 * table with that header is read by it again. The shape is plain data here; the import
 * (src/files/formats/columnMapping.ts) gives it meaning.
 */
export interface StoredMapping {
  name: string;
  /** The header of the first table it was saved with. */
  header: string[];
  columns: { role: string; header: string }[];
  blocked_when: { header: string; values: string[] }[];
  saved_at: string;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u;

const statements = statementsFor((db) => ({
  get: db.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'import_mappings'`),
  put: db.prepare<[string]>(`INSERT INTO settings(key, value) VALUES ('import_mappings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
}));

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function readMapping(name: string, raw: unknown): StoredMapping | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { header, columns, blocked_when: blockedWhen, saved_at: savedAt } = raw as Record<string, unknown>;
  if (!isStrings(header) || !Array.isArray(columns) || !Array.isArray(blockedWhen)) return null;
  const cols = columns.filter((c): c is { role: string; header: string } => typeof c?.role === 'string' && typeof c?.header === 'string');
  const rules = blockedWhen.filter((b): b is { header: string; values: string[] } => typeof b?.header === 'string' && isStrings(b?.values));
  if (cols.length !== columns.length || rules.length !== blockedWhen.length) return null;
  return { name, header, columns: cols, blocked_when: rules, saved_at: typeof savedAt === 'string' ? savedAt : '' };
}

/** The saved mappings, by name (an unreadable entry is left out). */
export function getImportMappings(db: Db): StoredMapping[] {
  const row = statements(db).get.get();
  if (!row) return [];
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return [];
  }
  if (typeof stored !== 'object' || stored === null) return [];
  return Object.entries(stored as Record<string, unknown>)
    .map(([name, raw]) => readMapping(name, raw))
    .filter((m): m is StoredMapping => m !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function checkMappingName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed)) throw new DeskError('usage', `mapping name "${name}": use 1 to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit`);
  return trimmed;
}

/** Stores (or replaces) a mapping under its name. */
export function saveImportMapping(db: Db, mapping: Omit<StoredMapping, 'saved_at'>): StoredMapping {
  const name = checkMappingName(mapping.name);
  const saved: StoredMapping = { ...mapping, name, saved_at: new Date().toISOString() };
  db.transaction(() => {
    const all = Object.fromEntries(getImportMappings(db).map((m) => [m.name, m]));
    all[name] = saved;
    statements(db).put.run(JSON.stringify(Object.fromEntries(Object.entries(all).map(([key, { name: _name, ...value }]) => [key, value]))));
  }).immediate();
  return saved;
}
