import type { InvokeEventLike } from '../../../main/ipc';

/** Stands in for ipcMain: keeps what registerIpc hands it, so a test can invoke it as Electron would. */
export function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  return {
    handle(channel: string, listener: (event: never, ...args: never[]) => unknown) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener as unknown as (event: unknown, input: unknown) => Promise<unknown>);
    },
    invoke(channel: string, event: InvokeEventLike, input: unknown) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler(event, input);
    },
    channels: () => [...handlers.keys()],
  };
}
