import { z } from 'zod';
import type { MappingRole } from '../files/formats/columnMapping';
import { operation } from './operation';
import { fileRefSchema } from './views';
import { categorySchema, channelSchema, usingSchema } from './vocabulary';

/** What a column can be named as, as `import --column ROLE=HEADER` takes it (src/files/formats/columnMapping.ts). */
export const mappingRoleSchema = z.enum([
  'customer_id', 'email', 'mobile',
  'email_blocked', 'sms_blocked', 'whatsapp_blocked', 'rcs_blocked',
  'channel', 'status', 'category', 'reason', 'blocked_at', 'ignore',
]);
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRoles: Same<z.infer<typeof mappingRoleSchema>, MappingRole> = true;
void sameRoles;

const headerSchema = z.string().min(1).max(200);

/** A column mapping: which header holds what, and the values of the status column that mean blocked (`--column`, `--blocked-when`). */
export const columnMappingSchema = z.object({
  columns: z.array(z.object({ role: mappingRoleSchema, header: headerSchema })).max(500),
  blocked_when: z.array(z.object({ header: headerSchema, values: z.array(z.string().min(1).max(200)).min(1).max(200) })).max(1).default([]),
});
export type ColumnMappingInput = z.input<typeof columnMappingSchema>;

/**
 * How a file is read, for the preview and the import alike: as each table's header says
 * (nothing given), by a saved mapping (`mapping_name`), by a mapping as given, or as one
 * recognised export for every table (`format`, or `generic` for the aliases alone).
 */
export const importLayoutSchema = z.object({
  mapping: columnMappingSchema.optional(),
  mapping_name: z.string().min(1).max(64).optional(),
  format: z.string().min(1).max(64).optional(),
});

const problemSchema = z.object({ column: z.string(), value: z.string(), kind: z.string(), message: z.string(), action: z.string() });

export const importPreviewSchema = z.object({
  /** The table shown: the file, or `archive.zip!member.csv`; `tables` the ones met up to it. */
  table: z.string(),
  tables: z.array(z.string()),
  /** A workbook's sheet shown (null for CSV/TXT) and every sheet it has, in tab order. */
  sheet: z.string().nullable(),
  sheets: z.array(z.string()),
  /** Empty when the table has no header (read by `using` alone). */
  header: z.array(z.string()),
  layout: z.object({
    kind: z.enum(['format', 'mapping', 'aliases', 'no_header']),
    /** `Mailchimp — unsubscribed members`, `mapping vendor-x`; null for the aliases. */
    label: z.string().nullable(),
    /** The recognised export's --format id, or the saved mapping's name. */
    format: z.string().nullable(),
    mapping: z.string().nullable(),
  }),
  /** Each header column's role as the import reads it; null: not read. */
  roles: z.array(mappingRoleSchema.nullable()),
  /** The status column and the values seen in the preview, each with whether it means blocked. */
  status: z.object({ column: z.number().int(), values: z.array(z.object({ value: z.string(), blocked: z.boolean() })) }).nullable(),
  /** The table says its rows' channels itself: the import is started with no channels. */
  names_channels: z.boolean(),
  /** Why the table cannot be imported as it is (no identifier column the import knows): its rows are shown unread, for the columns to be set. */
  problem: z.string().nullable(),
  rows: z.array(
    z.object({
      line: z.number().int(),
      cells: z.array(z.string()),
      outcome: z.enum(['block', 'not_block', 'no_channel', 'rejected']),
      channels: z.array(channelSchema),
      category: z.string().nullable(),
      problems: z.array(problemSchema),
    }),
  ),
  /** Saved mappings that fit this header; a `same_header` one is used for it unless another is chosen. */
  saved_mappings: z.array(z.object({ name: z.string(), same_header: z.boolean() })),
});
export type ImportPreviewView = z.infer<typeof importPreviewSchema>;

/** Files the UI offers that are not a job's (the sample import file), and the import's mapping step. */
export const filesOperations = {
  sample: operation(
    z.object({}),
    z.object({ file: fileRefSchema, contents: z.string() }),
    'The sample import file: its contents to show, and a ref desk.downloadFile() saves.',
  ),
  preview: operation(
    importLayoutSchema.extend({
      /** A ref from desk.pickFiles() / desk.uploadFiles(). */
      file: z.string().min(1).max(4096),
      using: usingSchema.default('auto'),
      /** The channels rows ask for when the table names none (as jobs.startImport takes them). */
      channels: z.array(channelSchema).max(4).default([]),
      category: categorySchema.default('manual'),
      /** The sheet of a workbook to show (one of `sheets`); default its first visible one. jobs.startImport takes the same `sheet`. */
      sheet: z.string().min(1).max(200).optional(),
    }),
    importPreviewSchema,
    "The first 20 rows of a file's first table as the import would read them (the same layout and row rules): each column's role, a status column's values, each row's channels and problems. A mapping that does not fit the header is a usage error on field mapping.",
  ),
  saveMapping: operation(
    columnMappingSchema.extend({
      name: z.string().min(1).max(64),
      /** The header it is made for: a table with this header is read by it from now on. */
      header: z.array(z.string().max(200)).min(1).max(500),
    }),
    z.object({ name: z.string(), saved_at: z.string() }),
    'Saves (or replaces) a named column mapping, as import --save-mapping does; jobs.startImport and files.preview take it as mapping_name.',
  ),
};
