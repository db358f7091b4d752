import { seededRandom } from '../seededRandom';

export interface FaultOptions {
  /** Fraction (0..1) of requests answered 503 before anything is done. */
  failRate?: number;
  /** The first N requests are answered 503. */
  failFirst?: number;
  /** Every faultable response is delayed this long. */
  latencyMs?: number;
  /** At most N requests a second (token bucket of N, refilled N a second); excess → 429. */
  rateLimitPerSecond?: number;
  /** Fraction (0..1) of newly applied pushes whose connection is dropped after the commit. */
  dropAfterApply?: number;
  /** The first N newly applied pushes have their connection dropped after the commit. */
  dropFirst?: number;
  /** Seeds the fault PRNGs: the same seed and the same request order give the same faults. */
  seed?: number;
  /** ms clock for the rate limiter; tests pass a fixed one so nothing depends on timing. */
  clock?: () => number;
}

export interface FaultCounters {
  unavailable: number;
  rate_limited: number;
  dropped: number;
  delayed: number;
}

export type ArrivalFault = { kind: 'rate_limited'; retryAfterSeconds: number } | { kind: 'unavailable' } | null;

function checkFraction(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a fraction from 0 to 1 (got ${value})`);
}

function checkCount(name: string, value: number | undefined, min = 0): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) throw new RangeError(`${name} must be a whole number ≥ ${min} (got ${value})`);
}

export function checkFaultOptions(options: FaultOptions): void {
  checkFraction('failRate', options.failRate);
  checkFraction('dropAfterApply', options.dropAfterApply);
  checkCount('failFirst', options.failFirst);
  checkCount('dropFirst', options.dropFirst);
  checkCount('latencyMs', options.latencyMs);
  checkCount('rateLimitPerSecond', options.rateLimitPerSecond, 1);
  checkCount('seed', options.seed);
}

/**
 * The emulator's injected faults. Every decision is taken when a request arrives, in
 * arrival order, from PRNGs seeded by `seed` (one stream for 503s, another for drops, so
 * turning one fault on does not shift the other's sequence): a test that sends requests
 * one after another sees the same faults on every run.
 */
export class Faults {
  readonly counters: FaultCounters = { unavailable: 0, rate_limited: 0, dropped: 0, delayed: 0 };
  readonly latencyMs: number;
  private readonly failRandom: () => number;
  private readonly dropRandom: () => number;
  private readonly clock: () => number;
  private arrivals = 0;
  private appliedPushes = 0;
  private tokens: number;
  private refilledAt: number;

  constructor(private readonly options: FaultOptions) {
    checkFaultOptions(options);
    const seed = options.seed ?? 1;
    this.failRandom = seededRandom(seed);
    this.dropRandom = seededRandom(seed ^ 0x9e3779b9);
    this.clock = options.clock ?? Date.now;
    this.latencyMs = options.latencyMs ?? 0;
    this.tokens = options.rateLimitPerSecond ?? 0;
    this.refilledAt = this.clock();
  }

  /** Rate limit first (a throttled request never reaches the "server"), then the 503s. */
  onArrival(): ArrivalFault {
    const limited = this.takeToken();
    if (limited) {
      this.counters.rate_limited += 1;
      return limited;
    }
    this.arrivals += 1;
    const failRate = this.options.failRate ?? 0;
    const fails = this.arrivals <= (this.options.failFirst ?? 0) || (failRate > 0 && this.failRandom() < failRate);
    if (!fails) return null;
    this.counters.unavailable += 1;
    return { kind: 'unavailable' };
  }

  /** Asked once per push that committed a new batch (never for replays, so a retry gets its answer). */
  dropAfterApply(): boolean {
    this.appliedPushes += 1;
    const rate = this.options.dropAfterApply ?? 0;
    const drop = this.appliedPushes <= (this.options.dropFirst ?? 0) || (rate > 0 && this.dropRandom() < rate);
    if (drop) this.counters.dropped += 1;
    return drop;
  }

  private takeToken(): { kind: 'rate_limited'; retryAfterSeconds: number } | null {
    const perSecond = this.options.rateLimitPerSecond;
    if (perSecond === undefined) return null;
    const now = this.clock();
    this.tokens = Math.min(perSecond, this.tokens + (Math.max(0, now - this.refilledAt) / 1000) * perSecond);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / perSecond)) };
  }
}
