import { z } from 'zod';
import { operation } from './operation';
import { fileRefSchema } from './views';

/**
 * The Electron preload's helpers that need the main process (native dialogs, the file
 * manager). They are not contract operations — in the browser the same helpers are
 * answered inside the page (src/api/bridge.ts) — but they cross IPC the same way: named
 * channels `desk:platform.<name>`, zod-checked input, the result envelope.
 */
export const platformOperations = {
  pickFiles: operation(z.object({}), z.array(fileRefSchema), 'The native open dialog for CSV, ZIP and TXT files; [] when cancelled.'),
  saveAs: operation(z.object({ suggestedName: z.string().min(1).max(255) }), fileRefSchema.nullable(), 'The native save dialog; null when cancelled.'),
  downloadFile: operation(
    z.object({ file: fileRefSchema }),
    z.object({ delivered: z.boolean() }),
    "Shows an export in its folder, or saves a copy of a job's problems file or the sample file where the user chooses.",
  ),
};

export type PlatformOperationName = keyof typeof platformOperations;
