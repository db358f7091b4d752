import { IPC_PREFIX } from '../src/api/operationNames';

/**
 * The IPC channels of the preload's helpers (main/platformHandlers.ts). No schemas here:
 * the sandboxed preload imports this. `grantDropped` is the preload's own: the page has no
 * function that reaches it with a string (see main/preload.ts).
 */
export const PLATFORM_CHANNELS = {
  pickFiles: `${IPC_PREFIX}platform.pickFiles`,
  saveAs: `${IPC_PREFIX}platform.saveAs`,
  downloadFile: `${IPC_PREFIX}platform.downloadFile`,
  grantDropped: `${IPC_PREFIX}platform.grantDropped`,
} as const;
