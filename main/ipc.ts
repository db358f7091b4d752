import type { IpcMain } from 'electron';
import { listOperations } from '../src/api/contract';
import type { DeskService } from '../src/api/deskService';
import type { GrantEntry } from '../src/api/localFiles';
import { runOperation } from '../src/api/dispatch';
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

/** One IPC channel: `desk:<area>.<name>`, and the envelope it answers for a raw input. */
export interface IpcRoute<E extends InvokeEventLike = InvokeEventLike> {
  channel: string;
  answer: (rawInput: unknown, event: E) => Promise<DeskResult<unknown>>;
}

/** A route main runs itself (a dialog, a drop): parsed with its schema here, like every other host. */
export function operationRoute<E extends InvokeEventLike>(channel: string, operation: Operation, run: (input: unknown, event: E) => unknown): IpcRoute<E> {
  return { channel, answer: (rawInput, event) => runOperation(operation, channel, rawInput, (input) => run(input, event)) };
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

/** Checks the sender, then answers like every other host (src/api/dispatch.ts). */
export async function handleInvocation<E extends InvokeEventLike>(route: IpcRoute<E>, event: E, rawInput: unknown, appOrigin: string = APP_ORIGIN): Promise<DeskResult<unknown>> {
  const refused = checkSender(event, appOrigin);
  if (refused !== null) return failure(refused.code, refused.message);
  return route.answer(rawInput, event);
}

/**
 * The contract's operations as routes to the open blocklist — in the app, on its database
 * thread (src/api/deskService.ts), so main's event loop never waits on SQLite. With
 * `grantsOf`, each call carries the calling window's file grants (main/fileGrants.ts), the
 * only refs its import, scrub or export may name.
 */
export function contractRoutes(service: Pick<DeskService, 'call'>, grantsOf?: (event: InvokeEventLike) => GrantEntry[]): IpcRoute[] {
  return listOperations().map(({ area, name, key }) => ({
    channel: `${IPC_PREFIX}${key}`,
    answer: (rawInput: unknown, event: InvokeEventLike) => service.call(area, name, rawInput, grantsOf === undefined ? undefined : grantsOf(event)),
  }));
}

/** The only place ipcMain.handle is called. */
export function registerIpc<E extends InvokeEventLike>(ipcMain: Pick<IpcMain, 'handle'>, routes: IpcRoute<E>[], appOrigin: string = APP_ORIGIN): void {
  for (const route of routes) {
    ipcMain.handle(route.channel, (event, rawInput: unknown) => handleInvocation(route, event as unknown as E, rawInput, appOrigin));
  }
}
