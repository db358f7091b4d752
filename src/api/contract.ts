/**
 * The one contract between the UI and the core: every operation the renderer can ask
 * for, with a zod schema for its input and one for its result.
 *
 * How the renderer gets the bridge (it never knows which one it has):
 * - Electron: the sandboxed preload (main/preload.ts) exposes `window.desk`, an object of
 *   the `DeskBridge` shape (src/api/bridge.ts) whose named functions
 *   (`desk.contacts.search(input)`, `desk.jobs.startImport(input)`, …) each invoke one
 *   IPC channel; the main process checks the sender frame and the input (main/ipc.ts).
 * - Browser (`blocklist-desk serve`): the page is opened as
 *   `http://127.0.0.1:PORT/?token=…`; the renderer calls
 *   `createHttpBridge(location.origin, token, fetch.bind(globalThis), { download })` and
 *   sets `window.desk` to the result when the preload has not already done so. Each
 *   function POSTs to `/api/<area>/<operation>` with the token in `x-desk-token`.
 *
 * Every function returns `Promise<DeskResult<T>>` = `{ok: true, value} | {ok: false,
 * error: {code, message, field?}}` and never rejects. Besides the operations below, the
 * bridge has helpers whose two implementations differ: `pickFiles`, `uploadFiles`,
 * `saveAs`, `downloadFile` and `on(event, listener)` (see bridge.ts).
 *
 * This file and everything it imports use zod alone (no Node, no DOM), so the renderer
 * can bundle it.
 */
import { auditOperations } from './auditOperations';
import { contactsOperations } from './contactsOperations';
import { filesOperations } from './filesOperations';
import { jobsOperations } from './jobsOperations';
import type { InputOf, Operation, ParsedInputOf, ResultOf } from './operation';
import { settingsOperations } from './settingsOperations';
import { syncOperations } from './syncOperations';

export const contract = {
  contacts: contactsOperations,
  jobs: jobsOperations,
  audit: auditOperations,
  settings: settingsOperations,
  files: filesOperations,
  sync: syncOperations,
} as const satisfies Record<string, Record<string, Operation>>;

export type Contract = typeof contract;
export type AreaName = keyof Contract;
export type OperationName<A extends AreaName> = keyof Contract[A] & string;

/** `contacts.search`, `jobs.startImport`, …: the IPC channel suffix and the HTTP path. */
export type OperationKey = { [A in AreaName]: `${A}.${OperationName<A>}` }[AreaName];

export type OperationInput<A extends AreaName, O extends OperationName<A>> = InputOf<Contract[A][O]>;
export type OperationParsedInput<A extends AreaName, O extends OperationName<A>> = ParsedInputOf<Contract[A][O]>;
export type OperationResult<A extends AreaName, O extends OperationName<A>> = ResultOf<Contract[A][O]>;

/** Every operation as `[area, name, operation]`, in contract order. */
export function listOperations(): { area: AreaName; name: string; key: string; operation: Operation }[] {
  const all: { area: AreaName; name: string; key: string; operation: Operation }[] = [];
  for (const area of Object.keys(contract) as AreaName[]) {
    for (const [name, op] of Object.entries(contract[area] as Record<string, Operation>)) all.push({ area, name, key: `${area}.${name}`, operation: op });
  }
  return all;
}

/** The operation for an area and a name coming from outside (an HTTP path, an IPC channel), or undefined. */
export function findOperation(area: string, name: string): Operation | undefined {
  if (!Object.prototype.hasOwnProperty.call(contract, area)) return undefined;
  const ops = contract[area as AreaName] as Record<string, Operation>;
  return Object.prototype.hasOwnProperty.call(ops, name) ? ops[name] : undefined;
}

export { eventSchemas, EVENT_NAMES, type DeskEvent, type DeskEventName } from './events';
export type { ApiError, DeskResult } from './result';
export type { AuditEntry, ContactView, Counts, FileRef, JobProgress, JobReport, JobView } from './views';
export type { ListingFilter } from './contactsOperations';
export type { ExportScope } from './jobsOperations';
export type { KeywordListsView, SettingsView } from './settingsOperations';
export type { SyncView } from './syncOperations';
