import type { Contract } from './contract';

/**
 * The contract's operation names without their schemas, for code that must stay small
 * and zod-free: the sandboxed preload and the HTTP bridge build their named functions
 * from this. The type below fails the build when it and the contract disagree.
 */
export const OPERATION_NAMES = {
  contacts: ['list', 'counts', 'count', 'summary', 'startBulk', 'search', 'get', 'block', 'unblock', 'whitelist', 'setStatus', 'setStatuses', 'edit', 'delete'],
  jobs: ['startImport', 'startKeywords', 'startExport', 'startScrub', 'toReview', 'applyOptOut', 'list', 'get', 'cancel', 'previewRevert', 'revert'],
  audit: ['list', 'export'],
  settings: ['get', 'update'],
  files: ['sample', 'preview', 'saveMapping'],
  sync: ['get', 'update', 'saveKey', 'run'],
} as const satisfies { [A in keyof Contract]: readonly (keyof Contract[A])[] };

type Missing = { [A in keyof Contract]: Exclude<keyof Contract[A], (typeof OPERATION_NAMES)[A][number]> }[keyof Contract];
const everyOperationNamed: [Missing] extends [never] ? true : Missing = true;
void everyOperationNamed;

/** `[area, name]` for every operation. */
export function operationPairs(): { area: keyof Contract; name: string }[] {
  return (Object.keys(OPERATION_NAMES) as (keyof Contract)[]).flatMap((area) => OPERATION_NAMES[area].map((name) => ({ area, name: name as string })));
}

/** The IPC channel of an operation (`desk:contacts.search`) and of a preload helper (`desk:platform.saveAs`). */
export const IPC_PREFIX = 'desk:';
/** The one channel main sends events to the page on: `{name, payload}`. */
export const IPC_EVENT_CHANNEL = 'desk:event';
