import { DeskError } from '../domain/errors';
import { mappingOf, type ColumnMapping } from '../files/formats/columnMapping';
import { formatById } from '../files/formats/tableReading';
import { FORMATS } from '../files/formats/index';
import { getImportMappings } from '../store/importMappings';
import type { Db } from '../store/database';
import { ApiFieldError } from './apiFieldError';
import type { ColumnMappingInput } from './filesOperations';

interface LayoutInput {
  mapping?: ColumnMappingInput | undefined;
  mapping_name?: string | undefined;
  format?: string | undefined;
}

/** A mapping as the contract carries it, checked as `--column`/`--blocked-when` are (a usage error on field `mapping`). */
export function mappingFromInput(mapping: { columns: readonly { role: string; header: string }[]; blocked_when?: readonly { header: string; values: readonly string[] }[] | undefined }, name?: string): ColumnMapping {
  try {
    return mappingOf(name, mapping.columns, mapping.blocked_when ?? []);
  } catch (err) {
    if (err instanceof DeskError && err.code === 'usage') throw new ApiFieldError('usage', 'mapping', err.message);
    throw err;
  }
}

/**
 * How files.preview and jobs.startImport read a file, from their input: what the CLI's
 * --column, --mapping and --format say, checked the same way (one of them at most).
 */
export function importLayoutOf(input: LayoutInput, db: Db): { format?: string; mapping?: ColumnMapping } {
  const given = (['mapping', 'mapping_name', 'format'] as const).filter((key) => input[key] !== undefined);
  if (given.length > 1) throw new ApiFieldError('usage', given[1] as string, `${given.join(' and ')} cannot be given together: a table is read by one format or one mapping`);
  if (input.format !== undefined) {
    const wanted = input.format.trim().toLowerCase();
    if (wanted !== 'generic' && formatById(wanted) === undefined) throw new ApiFieldError('usage', 'format', `unknown format "${input.format}" (use generic or ${FORMATS.map((f) => f.id).join(', ')})`);
    return { format: wanted };
  }
  if (input.mapping_name !== undefined) {
    const stored = getImportMappings(db).find((m) => m.name === input.mapping_name?.trim());
    if (stored === undefined) throw new ApiFieldError('not_found', 'mapping_name', `no saved mapping "${input.mapping_name}"`);
    return { mapping: mappingFromInput({ columns: stored.columns, blocked_when: stored.blocked_when }, stored.name) };
  }
  if (input.mapping !== undefined) return { mapping: { ...mappingFromInput(input.mapping), label: 'mapping (set on the import screen)' } };
  return {};
}
