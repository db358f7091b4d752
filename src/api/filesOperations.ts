import { z } from 'zod';
import { operation } from './operation';
import { fileRefSchema } from './views';

/** Files the UI offers that are not a job's: the sample import file. */
export const filesOperations = {
  sample: operation(
    z.object({}),
    z.object({ file: fileRefSchema, contents: z.string() }),
    'The sample import file: its contents to show, and a ref desk.downloadFile() saves.',
  ),
};
