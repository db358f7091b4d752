import type { DeskContext } from './desk';

/**
 * Long reads a newer one of the same key replaces (the listing's count when its filter
 * changes): the newer run aborts the older, which stops at its next chunk. Kept per open
 * blocklist, so two windows' keys never meet across blocklists.
 */
const running = new WeakMap<DeskContext, Map<string, AbortController>>();

export async function supersedingRun<T>(ctx: DeskContext, key: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  let byKey = running.get(ctx);
  if (byKey === undefined) {
    byKey = new Map();
    running.set(ctx, byKey);
  }
  byKey.get(key)?.abort();
  const controller = new AbortController();
  byKey.set(key, controller);
  try {
    return await run(controller.signal);
  } finally {
    if (byKey.get(key) === controller) byKey.delete(key);
  }
}
