/**
 * The sandboxed preload: exposes `window.desk`, an object of the DeskBridge shape
 * (src/api/bridge.ts), to the page. Each contract operation is a named function invoking
 * its own IPC channel (`desk:contacts.search`, …); there is no generic invoke. Bundled by
 * esbuild into one CommonJS file (scripts/build-preload.mjs): a sandboxed preload cannot
 * require our modules.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { DeskBridge, DeskHelpers } from '../src/api/bridge';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, operationPairs } from '../src/api/operationNames';
import { PLATFORM_CHANNELS } from './platformChannels';
import type { DeskEventName } from '../src/api/events';
import type { DeskResult } from '../src/api/result';
import type { FileRef } from '../src/api/views';

async function invoke<T>(channel: string, input: unknown): Promise<DeskResult<T>> {
  try {
    return (await ipcRenderer.invoke(channel, input ?? {})) as DeskResult<T>;
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
  }
}

const operations: Record<string, Record<string, (input?: unknown) => Promise<DeskResult<unknown>>>> = {};
for (const { area, name } of operationPairs()) {
  const functions = (operations[area] ??= {});
  functions[name] = (input?: unknown) => invoke(`${IPC_PREFIX}${area}.${name}`, input);
}

interface EventMessage {
  name: DeskEventName;
  payload: unknown;
}

const helpers: DeskHelpers = {
  pickFiles: () => invoke<FileRef[]>(PLATFORM_CHANNELS.pickFiles, {}),
  async uploadFiles(files) {
    // Nothing is uploaded: Electron knows a dropped or browsed File's path. The path goes
    // to main, never to the page, and main answers refs it granted to this window. This
    // is the only sender of grantDropped, and it sends only what getPathForFile read off a
    // real File (main/platformHandlers.ts explains why the page cannot forge one).
    const paths: string[] = [];
    for (const file of files) {
      let found = '';
      try {
        found = webUtils.getPathForFile(file as unknown as Parameters<typeof webUtils.getPathForFile>[0]);
      } catch {
        // not a File at all
      }
      if (found === '') return { ok: false, error: { code: 'file_missing', message: `${String(file.name)} is not a file on this computer` } };
      paths.push(found);
    }
    if (paths.length === 0) return { ok: true, value: [] };
    return invoke<FileRef[]>(PLATFORM_CHANNELS.grantDropped, { paths });
  },
  saveAs: (input) => invoke<FileRef | null>(PLATFORM_CHANNELS.saveAs, input),
  downloadFile: (file) => invoke<{ delivered: boolean }>(PLATFORM_CHANNELS.downloadFile, { file }),
  on(event, listener) {
    const forward = (_event: unknown, message: EventMessage) => {
      if (message.name === event) (listener as (payload: unknown) => void)(message.payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

const desk = { ...operations, ...helpers } as unknown as DeskBridge;
contextBridge.exposeInMainWorld('desk', desk);
