import { Worker } from 'node:worker_threads';
import type { IdentifierType } from '../domain/channels';
import { DeskError } from '../domain/errors';
import type { BlockedByKey } from '../store/blockedLookup';
import type { FromLookup, LookupWorkerData, ToLookup } from './scrubLookupWorker';
import { workerFile } from './workerFile';

/**
 * Lookup threads for a scrub, one per identifier type that has keys to look up (email,
 * mobile, customer_id), each with its own read-only connection: the job's thread sends a
 * batch's keys and goes on parsing the next batch while they are answered.
 */
export class ScrubLookups {
  private readonly workers = new Map<IdentifierType, Worker>();
  private readonly waiting = new Map<number, { resolve: (found: BlockedByKey) => void; reject: (err: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(data: LookupWorkerData, types: readonly IdentifierType[]) {
    // One thread per identifier type, at most two: the job's own thread parses meanwhile.
    const threads = 2;
    const started: Worker[] = [];
    types.forEach((type, index) => {
      if (index >= threads) {
        this.workers.set(type, started[index % threads] as Worker);
        return;
      }
      // Small heaps: a lookup thread holds one batch of keys at a time.
      const worker = new Worker(workerFile('scrubLookupWorker'), { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 48 } });
      started.push(worker);
      worker.on('message', (message: FromLookup) => this.answer(message));
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (this.workers.get(type) === worker) this.fail(new Error(`a scrub lookup thread stopped unexpectedly (exit code ${code})`));
      });
      this.workers.set(type, worker);
    });
  }

  /** The blocked contacts among `keys` (as BlockedLookup.find gives them). */
  find(type: IdentifierType, keys: string[]): Promise<BlockedByKey> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.workers.get(type);
    if (!worker || keys.length === 0) return Promise.resolve(new Map());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, type, keys } satisfies ToLookup);
    });
  }

  private answer(message: FromLookup): void {
    const pending = this.waiting.get(message.id);
    if (!pending) return;
    this.waiting.delete(message.id);
    if ('error' in message) pending.reject(new DeskError(message.error.code as DeskError['code'], message.error.message));
    else pending.resolve(new Map(message.found));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const pending of this.waiting.values()) pending.reject(this.failure);
    this.waiting.clear();
  }

  /** Stops every thread (their connections are read-only: nothing to finish). */
  async close(): Promise<void> {
    const all = [...new Set(this.workers.values())];
    this.workers.clear();
    await Promise.all(all.map((worker) => worker.terminate()));
  }
}
