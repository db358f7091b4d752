import { DeskError } from '../domain/errors';
import { savedImportMappings } from '../jobs/importJob';
import { mappingsFor, previewImport, PREVIEW_ROWS } from '../jobs/importPreview';
import type { RowRules } from '../jobs/importRows';
import { checkMappingName, saveImportMapping } from '../store/importMappings';
import { dateReading, getSettings } from '../store/settings';
import { ApiFieldError } from './apiFieldError';
import type { AreaHandlers } from './handler';
import { importLayoutOf, mappingFromInput } from './importLayout';
import { SAMPLE_FILE_CONTENTS, SAMPLE_FILE_NAME, SAMPLE_FILE_REF } from './sampleFile';

export const filesHandlers: AreaHandlers<'files'> = {
  sample: () => ({
    file: { ref: SAMPLE_FILE_REF, name: SAMPLE_FILE_NAME, size: Buffer.byteLength(SAMPLE_FILE_CONTENTS) },
    contents: SAMPLE_FILE_CONTENTS,
  }),

  preview: async (input, ctx) => {
    const file = ctx.files.readable(input.file, 'file');
    const layout = importLayoutOf(input, ctx.db);
    const saved = savedImportMappings(ctx.db);
    const rules: RowRules = {
      using: input.using,
      channels: input.channels,
      category: input.category,
      reason: null,
      legacy: false,
      country: ctx.country(),
      dates: { timeZone: dateReading(getSettings(ctx.db)).timeZone, now: Date.now(), serials: true },
      ...layout,
      savedMappings: saved,
    };
    try {
      const preview = await previewImport(file, rules, { rows: PREVIEW_ROWS, ...(input.sheet !== undefined ? { sheet: input.sheet } : {}) });
      return { ...preview, saved_mappings: mappingsFor(saved, preview.header) };
    } catch (err) {
      // A mapping or a format that does not fit this header: the field that chose it says so.
      if (err instanceof DeskError && err.code === 'usage' && !(err instanceof ApiFieldError)) {
        const field = input.mapping !== undefined ? 'mapping' : input.mapping_name !== undefined ? 'mapping_name' : input.format !== undefined ? 'format' : 'using';
        throw new ApiFieldError('usage', field, err.message);
      }
      throw err;
    }
  },

  saveMapping: (input, ctx) => {
    let name: string;
    try {
      name = checkMappingName(input.name);
    } catch (err) {
      throw new ApiFieldError('usage', 'name', err instanceof Error ? err.message : String(err));
    }
    const mapping = mappingFromInput(input, name);
    const stored = saveImportMapping(ctx.db, {
      name,
      header: input.header,
      columns: mapping.columns.map((c) => ({ role: c.role, header: c.header })),
      blocked_when: mapping.blockedWhen.map((b) => ({ header: b.header, values: [...b.values] })),
    });
    return { name: stored.name, saved_at: stored.saved_at };
  },
};
