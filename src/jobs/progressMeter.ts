import type { JobProgress } from './report';

/** Turns raw counts into the rate and ETA the Jobs screen shows, at most every interval. */
export class ProgressMeter {
  private readonly started = Date.now();
  private lastSent = 0;
  bytesRead = 0;
  bytesTotal = 0;
  rows = 0;

  constructor(
    private readonly job: string,
    private readonly send: (progress: JobProgress) => void,
    private readonly intervalMs = 200,
  ) {}

  update(phase: JobProgress['phase'], force = false): void {
    const now = Date.now();
    if (!force && now - this.lastSent < this.intervalMs) return;
    this.lastSent = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const bytesPerSecond = this.bytesRead / seconds;
    const eta = phase === 'reading' && bytesPerSecond > 0 && this.bytesTotal > 0 ? Math.max(0, (this.bytesTotal - this.bytesRead) / bytesPerSecond) : null;
    this.send({
      job: this.job,
      phase,
      bytes_read: this.bytesRead,
      bytes_total: this.bytesTotal,
      rows: this.rows,
      rows_per_second: Math.round(this.rows / seconds),
      eta_seconds: eta === null ? null : Math.round(eta * 10) / 10,
    });
  }
}
