import { create } from 'zustand';
import type { DeskBridge } from '../../src/api/bridge';

/** A call slower than this is shown as waiting (an import's apply holds the blocklist). */
const SLOW_MS = 1200;

interface WaitingState {
  /** Calls on the blocklist that have been waiting longer than SLOW_MS. */
  slow: number;
}

export const useWaiting = create<WaitingState>(() => ({ slow: 0 }));

/**
 * Wraps the bridge's contact and audit operations so that one that waits (the database
 * thread is behind an import's apply) is visible as waiting, instead of a window that
 * seems to ignore the click. The window itself never waits: the call is answered later.
 */
export function trackWaiting(bridge: DeskBridge): DeskBridge {
  const wrapArea = <T extends object>(area: T): T =>
    Object.fromEntries(
      Object.entries(area).map(([name, fn]) => [
        name,
        typeof fn === 'function'
          ? async (...args: unknown[]) => {
              let counted = false;
              const timer = setTimeout(() => {
                counted = true;
                useWaiting.setState((s) => ({ slow: s.slow + 1 }));
              }, SLOW_MS);
              try {
                return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
              } finally {
                clearTimeout(timer);
                if (counted) useWaiting.setState((s) => ({ slow: s.slow - 1 }));
              }
            }
          : fn,
      ]),
    ) as T;
  return { ...bridge, contacts: wrapArea(bridge.contacts), audit: wrapArea(bridge.audit) };
}
