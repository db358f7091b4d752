import { getSyncSettings } from '../store/syncSettings';
import type { DeskContext } from './desk';

/**
 * Runs a sync every N minutes (Sync settings) while the app is open. A tick that finds a
 * sync running, or no URL or key, does nothing and waits for the next one; what a run
 * did is in its job like any sync's.
 */
export class SyncSchedule {
  private timer: NodeJS.Timeout | null = null;
  private next: number | null = null;

  constructor(
    private readonly context: () => DeskContext,
    private readonly start: (ctx: DeskContext) => Promise<unknown>,
  ) {}

  nextRunAt(): number | null {
    return this.next;
  }

  /** Call after the schedule setting changed (and once at start). */
  reschedule(): void {
    this.stop();
    const ctx = this.context();
    if (!ctx.db.open) return;
    const minutes = getSyncSettings(ctx.db).every_minutes;
    if (minutes <= 0) return;
    const ms = minutes * 60_000;
    this.next = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.start(ctx)
        .catch(() => undefined) // refused (no key, already running): the next tick tries again
        .finally(() => this.reschedule());
    }, ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.next = null;
  }
}
