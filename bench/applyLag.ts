import fs from 'node:fs';
import path from 'node:path';
import { DATA, ROOT, type Figure } from './figure';
import { landed } from '../src/jobs/report';
import { median } from './quantile';
import { CSV_150, ensureCsv150, IMPORT_DATA, prepareImportFolder } from './uiImportFolder';
import { startBenchServer } from './uiServer';

const EDIT_EVERY_MS = 100;
/** Longer than the busy timeout (15 s, store/database.ts): an edit that gives up says so itself. */
const EDIT_TIMEOUT_MS = 120_000;
const JOB_LIMIT_MS = 20 * 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What serve writes on stop when BLOCKLIST_DESK_EVENT_LOOP_STATS names a file (serveCommand.ts). */
interface EventLoopStats {
  p50: number;
  p99: number;
  max: number;
  resolution_ms: number;
}

interface JobSeen {
  applyingAt: number | null;
  finished: { status: string; at: number } | null;
}

interface EditsOutcome {
  waits: number[];
  failures: string[];
  created: number;
}

/**
 * Blocks a new email every EDIT_EVERY_MS, each without waiting for the one before (a user
 * who keeps clicking), until `done()`; then waits for every answer. Each wait is the
 * round trip from issuing to the answer, failures included.
 */
async function editUntil(call: (k: number) => Promise<{ value: { created: boolean } }>, done: () => boolean): Promise<EditsOutcome> {
  const outcome: EditsOutcome = { waits: [], failures: [], created: 0 };
  const pending: Promise<void>[] = [];
  const t0 = Date.now();
  for (let k = 0; !done(); k += 1) {
    const issued = performance.now();
    pending.push(
      call(k).then(
        ({ value }) => {
          outcome.waits.push(performance.now() - issued);
          if (value.created) outcome.created += 1;
        },
        (err: unknown) => {
          outcome.waits.push(performance.now() - issued);
          outcome.failures.push((err as Error).message);
        },
      ),
    );
    await sleep(Math.max(0, t0 + (k + 1) * EDIT_EVERY_MS - Date.now()));
  }
  await Promise.all(pending);
  return outcome;
}

/**
 * The serving thread's event-loop lag while a 150 MB import applies to the 1M-contact
 * blocklist and edits keep arriving: `serve` keeps SQL on a database thread
 * (src/api/deskService.ts), so its own loop should stay free while those edits wait.
 * A fresh `serve` with BLOCKLIST_DESK_EVENT_LOOP_STATS; the import is uploaded and started
 * through the API as in uiFigures.ts; when its `job:progress` says `applying`, serve's
 * histogram is reset (SIGUSR2) and the edits begin; they stop when the job finishes, and
 * the histogram is read once serve stops. The histogram records whole timer intervals
 * (never less than its 10 ms resolution), so the lag is a value minus that resolution.
 */
export async function measureApplyLag(log: (m: string) => void): Promise<Figure[]> {
  ensureCsv150(log);
  prepareImportFolder(log);
  const statsFile = path.join(DATA, 'serve-event-loop.json');
  fs.rmSync(statsFile, { force: true });
  const server = await startBenchServer(ROOT, IMPORT_DATA, 60_000, { BLOCKLIST_DESK_EVENT_LOOP_STATS: statsFile });
  const jobs = new Map<string, JobSeen>();
  const seen = (id: string): JobSeen => {
    let job = jobs.get(id);
    if (!job) jobs.set(id, (job = { applyingAt: null, finished: null }));
    return job;
  };
  const stopEvents = server.events((name, payload) => {
    if (name === 'job:progress') {
      const progress = payload as { job: string; phase: string };
      const job = seen(progress.job);
      if (progress.phase === 'applying' && job.applyingAt === null) job.applyingAt = Date.now();
    } else if (name === 'job:finished') {
      const { job } = payload as { job: { id: string; status: string } };
      seen(job.id).finished = { status: job.status, at: Date.now() };
    }
  });
  let edits: EditsOutcome;
  let applySeconds: number;
  let status: string;
  try {
    const ref = await server.upload(CSV_150);
    const started = await server.call<{ job: { id: string } }>('jobs.startImport', { files: [ref], using: 'email', channels: ['email'] });
    const jobId = started.value.job.id;
    const tImport = Date.now();
    const job = seen(jobId);
    log(`  import job ${jobId} started; waiting for its apply…`);
    // The event stream could miss the end (a dropped connection): jobs.get backs it up.
    const poller = (async () => {
      while (job.finished === null && Date.now() - tImport < JOB_LIMIT_MS) {
        await sleep(1000);
        const j = await server.call<{ job: { status: string } }>('jobs.get', { id: jobId }, EDIT_TIMEOUT_MS).catch(() => null);
        const s = j?.value.job.status;
        if (job.finished === null && s !== undefined && s !== 'queued' && s !== 'running') job.finished = { status: s, at: Date.now() };
      }
    })();
    while (job.applyingAt === null && job.finished === null && Date.now() - tImport < JOB_LIMIT_MS) await sleep(20);
    if (job.applyingAt === null) throw new Error(`the import ended ${job.finished?.status ?? 'nowhere'} without an applying phase`);
    server.signal('SIGUSR2');
    log(`  applying after ${((job.applyingAt - tImport) / 1000).toFixed(1)} s; histogram reset, an edit every ${EDIT_EVERY_MS} ms until the job ends…`);
    edits = await editUntil(
      (k) => server.call<{ created: boolean }>('contacts.block', { using: 'email', value: `lag-edit-${k}@bench.example`, channels: ['email'] }, EDIT_TIMEOUT_MS),
      () => job.finished !== null || Date.now() - tImport > JOB_LIMIT_MS,
    );
    await poller;
    status = job.finished?.status ?? 'unfinished';
    applySeconds = ((job.finished?.at ?? Date.now()) - job.applyingAt) / 1000;
  } finally {
    stopEvents();
    await server.stop();
    fs.rmSync(IMPORT_DATA, { recursive: true, force: true });
  }
  if (!fs.existsSync(statsFile)) throw new Error(`serve wrote no event-loop stats to ${statsFile}\n${server.stderr()}`);
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as EventLoopStats;
  const lag = (ms: number) => Math.max(0, ms - stats.resolution_ms);
  const n = edits.waits.length;
  log(`  import ${status}; applying → finished ${applySeconds.toFixed(1)} s`);
  if (!landed(status)) log(`  WARNING: the import ended ${status}; the figures below were measured while it ran`);
  log(`  edits: ${n} issued, ${edits.created} created, ${edits.failures.length} failed; wait p50 ${median(edits.waits).toFixed(0)} ms, max ${Math.max(...edits.waits).toFixed(0)} ms`);
  for (const message of [...new Set(edits.failures)].slice(0, 5)) log(`    edit failed: ${message}`);
  log(`  serving thread timer intervals (resolution ${stats.resolution_ms} ms): p50 ${stats.p50.toFixed(1)} ms, p99 ${stats.p99.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms`);
  const details = { status, apply_seconds: applySeconds, edits: n, edits_created: edits.created, edits_failed: edits.failures.length, lag_p50_ms: lag(stats.p50), lag_max_ms: lag(stats.max) };
  return [
    { name: "serving thread event-loop lag p99 during a 150 MB import's apply, with edits", value: lag(stats.p99), unit: 'ms', target: '≤ 50 ms', details },
    { name: `edits issued during that apply (one per ${EDIT_EVERY_MS} ms, n=${n}): longest wait for the answer`, value: n > 0 ? Math.max(...edits.waits) : NaN, unit: 'ms' },
  ];
}
