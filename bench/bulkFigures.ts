import fs from 'node:fs';
import path from 'node:path';
import { runBulk } from '../src/jobs/bulkJob';
import { STATUS } from '../src/domain/channels';
import { openDatabase } from '../src/store/database';
import { createJob, newJobId } from '../src/store/jobsTable';
import { countListing, type CountQuery } from '../src/store/listingCount';
import { DATA, type Figure } from './figure';
import { buildLargeStore } from './largeStore';

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

/** The largeStore's changed_at: base + floor(id / 3) * 300 ms. */
const BASE = Date.parse('2025-01-01T00:00:00Z');
const changedAtOf = (id: number) => BASE + Math.floor(id / 3) * 300;

/**
 * Issue 12, points 10 and 11, on a 1.5M-contact blocklist (bench/largeStore.ts):
 * - the exact count of a filter no index serves (identified, SMS opt-out, a date range),
 *   in total and the longest chunk (how long any other call on the database thread waits);
 * - unblocking every contact of a 100k-contact filter as one bulk job (opt_out, so with
 *   the confirmation and the reason), its time and the process's peak RSS.
 * The job changes the store, so it runs on a copy made fresh each time.
 */
export async function measureBulkFigures(log: (m: string) => void): Promise<Figure[]> {
  const count = Number(process.env.BENCH_BULK_CONTACTS ?? 1_500_000);
  const source = path.join(DATA, `store-${count / 1e6}m`);
  buildLargeStore(source, count, log);
  const runFolder = path.join(DATA, 'bulk-run');
  fs.rmSync(runFolder, { recursive: true, force: true });
  fs.mkdirSync(runFolder, { recursive: true });
  fs.copyFileSync(path.join(source, 'blocklist.db'), path.join(runFolder, 'blocklist.db'));

  // Identified contacts blocked on SMS are 4 in 15 of the ids: 375,000 ids hold 100,000.
  const firstId = 200_001;
  const lastId = firstId + 375_000 - 1;
  const filter: CountQuery = { tab: 'identified', channel: 'sms', status: 'blocked', category: 'opt_out', changedFrom: changedAtOf(firstId), changedTo: changedAtOf(lastId) };

  const db = openDatabase(path.join(runFolder, 'blocklist.db'));
  let longestChunkMs = 0;
  let chunkStart = process.hrtime.bigint();
  const countStart = chunkStart;
  const countCpu = process.cpuUsage();
  const matches = await countListing(db, filter, {
    pause: async () => {
      const now = process.hrtime.bigint();
      longestChunkMs = Math.max(longestChunkMs, Number(now - chunkStart) / 1e6);
      await new Promise((resolve) => setImmediate(resolve));
      chunkStart = process.hrtime.bigint();
    },
  });
  longestChunkMs = Math.max(longestChunkMs, Number(process.hrtime.bigint() - chunkStart) / 1e6);
  const countMs = Number(process.hrtime.bigint() - countStart) / 1e6;
  // On a shared machine the wall clock includes waiting for a core: the CPU time says what the work cost.
  const countCpuMs = cpuMs(process.cpuUsage(countCpu));
  log(`count of a filter over ${count.toLocaleString()} contacts: ${matches.toLocaleString()} in ${countMs.toFixed(0)} ms (${countCpuMs.toFixed(0)} ms CPU), longest chunk ${longestChunkMs.toFixed(1)} ms`);

  const job = newJobId();
  createJob(db, { id: job, kind: 'bulk', actor: 'bench', params: { filter } });
  db.close();
  const rssBefore = process.resourceUsage().maxRSS;
  const t = process.hrtime.bigint();
  const jobCpu = process.cpuUsage();
  const report = await runBulk(
    { kind: 'bulk', job, dataFolder: runFolder, actor: 'bench', source: 'ui', target: { kind: 'filter', filter }, action: { kind: 'unblock', channels: ['sms'], reason: 'bench: consent on file' }, confirm: true },
    { signal: new AbortController().signal, onProgress: () => {} },
  );
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const jobCpuSeconds = cpuMs(process.cpuUsage(jobCpu)) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  if (report.status !== 'succeeded' || report.updated !== matches) throw new Error(`the bulk job ended ${report.status} with ${report.updated} of ${matches} changed: ${report.error?.message ?? ''}`);
  const check = openDatabase(path.join(runFolder, 'blocklist.db'));
  const left = (check.prepare(`SELECT count(*) AS n FROM contacts WHERE id BETWEEN ? AND ? AND kind = 1 AND sms_status = ${STATUS.blocked}`).get(firstId, lastId) as { n: number }).n;
  check.close();
  if (left !== 0) throw new Error(`${left} contacts of the filter are still blocked on SMS after the bulk job`);
  log(`bulk unblock of ${matches.toLocaleString()} contacts: ${seconds.toFixed(2)} s (${jobCpuSeconds.toFixed(2)} s CPU), peak RSS ${peakMb.toFixed(0)} MB (before the job ${(rssBefore / 1024).toFixed(0)} MB)`);
  fs.rmSync(runFolder, { recursive: true, force: true });

  return [
    { name: `exact count of a filter no index serves (${count / 1e6}M contacts)`, value: countMs, unit: 'ms', details: { matches, longest_chunk_ms: longestChunkMs, cpu_ms: Math.round(countCpuMs) } },
    { name: 'longest count chunk (what another call waits at most)', value: longestChunkMs, unit: 'ms', target: '≤ 100 ms' },
    { name: `bulk unblock of a ${Math.round(matches / 1000)}k-contact filter as one job`, value: seconds, unit: 's', details: { peak_rss_mb: Math.round(peakMb), changed: report.updated, cpu_seconds: Number(jobCpuSeconds.toFixed(2)) } },
    { name: 'bulk unblock peak RSS', value: peakMb, unit: 'MB' },
  ];
}
