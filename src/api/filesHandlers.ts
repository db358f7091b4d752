import type { AreaHandlers } from './handler';
import { SAMPLE_FILE_CONTENTS, SAMPLE_FILE_NAME, SAMPLE_FILE_REF } from './sampleFile';

export const filesHandlers: AreaHandlers<'files'> = {
  sample: () => ({
    file: { ref: SAMPLE_FILE_REF, name: SAMPLE_FILE_NAME, size: Buffer.byteLength(SAMPLE_FILE_CONTENTS) },
    contents: SAMPLE_FILE_CONTENTS,
  }),
};
