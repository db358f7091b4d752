import type { IpcMain } from 'electron';
import { listOperations } from '../src/api/contract';
import type { DeskContext } from '../src/api/desk';
import type { FileAccess } from '../src/api/localFiles';
import { contractHandler, runOperation } from '../src/api/dispatch';
import { IPC_PREFIX } from '../src/api/operationNames';
import type { Operation } from '../src/api/operation';
import { failure, type ApiError, type DeskResult } from '../src/api/result';

/*
 * The one wrapper every IPC handler is registered through. It imports Electron's types
 * only, so the checks below run (and are tested) under plain Node; main.ts hands it the
 * real ipcMain.
 */

/** The custom protocol's origin the window loads (main/appProtocol.ts). */
export const APP_ORIGIN = 'app://desk';

/**
 * What the checks read of Electron's IpcMainInvokeEvent: the frame that sent the message,
 * and the web contents it belongs to (whose file grants the call may use).
 */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
  sender?: { id: number };
}

/** One IPC channel: `desk:<area>.<name>`, its schemas, and what runs for a parsed input. */
export interface IpcRoute<E extends InvokeEventLike = InvokeEventLike> {
  channel: string;
  operation: Operation;
  run: (input: unknown, event: E) => unknown;
}

/** `scheme://host` of a URL; `new URL().origin` is "null" for non-special schemes such as app:. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/**
 * Only our own page may call: the sender must be the top frame (no iframe, even one of
 * ours) of a document served from the app's origin. Anything else — a frame that
 * navigated away, an injected iframe, a page from the web — is refused.
 */
export function checkSender(event: InvokeEventLike, appOrigin: string = APP_ORIGIN): ApiError | null {
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return { code: 'forbidden', message: 'refused: the calling frame is gone' };
  if (frame.parent !== null && frame.parent !== undefined) return { code: 'forbidden', message: 'refused: only the main frame may call Blocklist Desk' };
  if (originOf(frame.url) !== appOrigin) return { code: 'forbidden', message: `refused: ${JSON.stringify(frame.url)} is not Blocklist Desk's page` };
  return null;
}

/** Checks the sender, then parses, runs and answers like every other host (src/api/dispatch.ts). */
export async function handleInvocation<E extends InvokeEventLike>(route: IpcRoute<E>, event: E, rawInput: unknown, appOrigin: string = APP_ORIGIN): Promise<DeskResult<unknown>> {
  const refused = checkSender(event, appOrigin);
  if (refused !== null) return failure(refused.code, refused.message);
  return runOperation(route.operation, route.channel, rawInput, (input) => route.run(input, event));
}

function handlerOf(ctx: DeskContext, area: string, name: string) {
  const found = contractHandler(ctx, area, name);
  if (found === undefined) throw new Error(`no handler for ${area}.${name}`);
  return found;
}

/**
 * The contract's operations as routes over one open blocklist. With `filesOf`, a handler
 * resolves file refs with the calling window's grants (main/fileGrants.ts) instead of
 * `ctx.files`.
 */
export function contractRoutes(ctx: DeskContext, filesOf?: (event: InvokeEventLike) => FileAccess): IpcRoute[] {
  return listOperations().map(({ area, name, key }) => {
    const found = handlerOf(ctx, area, name);
    const run =
      filesOf === undefined
        ? (input: unknown) => found.run(input)
        : (input: unknown, event: InvokeEventLike) => handlerOf({ ...ctx, files: filesOf(event) }, area, name).run(input);
    return { channel: `${IPC_PREFIX}${key}`, operation: found.operation, run };
  });
}

/** The only place ipcMain.handle is called. */
export function registerIpc<E extends InvokeEventLike>(ipcMain: Pick<IpcMain, 'handle'>, routes: IpcRoute<E>[], appOrigin: string = APP_ORIGIN): void {
  for (const route of routes) {
    ipcMain.handle(route.channel, (event, rawInput: unknown) => handleInvocation(route, event as unknown as E, rawInput, appOrigin));
  }
}
