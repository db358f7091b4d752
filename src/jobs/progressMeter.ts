import type { JobProgress } from './report';

/** Turns raw counts into the rate and ETA the Jobs screen shows, at most every interval. */
export class ProgressMeter {
  private readonly started = Date.now();
  private lastSent = 0;
  private applyStarted = 0;
  bytesRead = 0;
  bytesTotal = 0;
  rows = 0;
  /** Applying: rows written so far and in all (null before the apply starts). */
  applied: number | null = null;
  applyTotal = 0;
  /** False once the apply's transaction has started: a cancel can no longer act. */
  cancellable = true;

  constructor(
    private readonly job: string,
    private readonly send: (progress: JobProgress) => void,
    private readonly intervalMs = 200,
  ) {}

  /** The apply's one transaction has started: from now on the progress counts rows written, and cancel cannot act. */
  startApply(total: number): void {
    this.applyStarted = Date.now();
    this.applied = 0;
    this.applyTotal = total;
    this.cancellable = false;
    this.update('applying', true);
  }

  /** Rows written so far by the apply. */
  applying(applied: number, total: number): void {
    this.applied = applied;
    this.applyTotal = total;
    this.update('applying', applied === 0 || applied >= total);
  }

  update(phase: JobProgress['phase'], force = false): void {
    const now = Date.now();
    if (!force && now - this.lastSent < this.intervalMs) return;
    this.lastSent = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const bytesPerSecond = this.bytesRead / seconds;
    let eta = phase === 'reading' && bytesPerSecond > 0 && this.bytesTotal > 0 ? Math.max(0, (this.bytesTotal - this.bytesRead) / bytesPerSecond) : null;
    let rate = this.rows / seconds;
    const applying = phase === 'applying' && this.applied !== null;
    if (applying && this.applied !== null) {
      const applySeconds = Math.max((now - this.applyStarted) / 1000, 0.001);
      rate = this.applied / applySeconds;
      eta = this.applied > 0 ? Math.max(0, (this.applyTotal - this.applied) / rate) : null;
    }
    this.send({
      job: this.job,
      phase,
      bytes_read: this.bytesRead,
      bytes_total: this.bytesTotal,
      rows: this.rows,
      rows_per_second: Math.round(rate),
      eta_seconds: eta === null ? null : Math.round(eta * 10) / 10,
      ...(applying ? { applied: this.applied ?? 0, apply_total: this.applyTotal } : {}),
      cancellable: this.cancellable,
    });
  }
}
