import { parentPort, workerData } from 'node:worker_threads';
import type { Channel, IdentifierType } from '../domain/channels';
import { toErrorInfo } from '../domain/errors';
import { BlockedLookup, type BlockedByKey } from '../store/blockedLookup';
import { openDatabase } from '../store/database';

export interface LookupWorkerData {
  databaseFile: string;
  channels: Partial<Record<IdentifierType, readonly Channel[]>>;
}

export type ToLookup = { id: number; type: IdentifierType; keys: string[] };
export type FromLookup = { id: number; found: [string, (string | null)[]][] } | { id: number; error: { code: string; message: string } };

// A scrub's lookup thread: the job's thread parses and normalises while this one answers
// batches of keys from its own read-only connection (the lookups are most of a scrub's
// work, and the two overlap on a machine with more than one core).
if (parentPort) {
  const port = parentPort;
  const data = workerData as LookupWorkerData;
  const db = openDatabase(data.databaseFile, { readonly: true });
  // No mmap: it would save the read() call and copy of each page a lookup touches (a 1M
  // audience on 10M contacts took 11.6 s instead of ~19 s), but mapped pages count in the
  // resident size, and random lookups over a 2 GB blocklist made that 2.3 GB; dropping
  // and remaking the map every few thousand keys kept neither the speed nor the bound.
  db.pragma('cache_size = -8192');
  const lookup = new BlockedLookup(db, data.channels);
  const found: BlockedByKey = new Map();
  port.on('message', (message: ToLookup) => {
    try {
      // In key order, neighbouring keys share index pages across the batch's statements.
      message.keys.sort();
      found.clear();
      lookup.find(message.type, message.keys, found);
      port.postMessage({ id: message.id, found: [...found] } satisfies FromLookup);
    } catch (err) {
      port.postMessage({ id: message.id, error: toErrorInfo(err) } satisfies FromLookup);
    }
  });
}
