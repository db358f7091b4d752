import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { ROOT, type Figure } from './figure';
import { landed } from '../src/jobs/report';
import { CSV_150, ensureCsv150, IMPORT_DATA, prepareImportFolder } from './uiImportFolder';
import { startBenchServer } from './uiServer';

const JOB_LIMIT_MS = 20 * 60_000;
const RUNS = 2;
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const IMPORT = { using: 'email', channels: ['email'] } as const;

/** `blocklist-desk import` of the file into a fresh copy of the 1M store: the anchor. */
function cliImport(log: (m: string) => void): number {
  prepareImportFolder(log);
  const t = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blocklist-desk.js'), '--data', IMPORT_DATA, 'import', CSV_150, '--using', IMPORT.using, '--channels', IMPORT.channels.join(','), '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const status = (JSON.parse(run.stdout || '{}') as { status?: string }).status ?? `exit ${run.status}`;
  fs.rmSync(IMPORT_DATA, { recursive: true, force: true });
  if (!landed(status)) throw new Error(`the CLI import ended ${status}: ${run.stderr}`);
  log(`  CLI import ${status} in ${seconds.toFixed(1)} s`);
  return seconds;
}

/**
 * The page's own path in Chromium: the file handed to an <input type=file>, streamed to
 * `serve` by the page's bridge (desk.uploadFiles, POST /api/upload), the import started
 * on its ref (desk.jobs.startImport); timed from the upload's start until the job ends.
 */
async function browserImport(log: (m: string) => void): Promise<{ seconds: number; upload: number }> {
  prepareImportFolder(log);
  const server = await startBenchServer(ROOT, IMPORT_DATA);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS, timeout: 60_000 });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    // Page code as text: the bench compiles without the DOM library (as uiPage.ts).
    await page.waitForFunction('window.desk !== undefined', undefined, { timeout: 60_000 });
    await page.evaluate(`(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-upload';
      document.body.append(input);
    })()`);
    await page.setInputFiles('#bench-upload', CSV_150);
    const started = (await page.evaluate(`(async () => {
      const input = document.getElementById('bench-upload');
      const t0 = performance.now();
      const uploaded = await window.desk.uploadFiles([...input.files]);
      if (!uploaded.ok) throw new Error(uploaded.error.message);
      const upload = performance.now() - t0;
      const job = await window.desk.jobs.startImport({ files: uploaded.value.map((f) => f.ref), ...${JSON.stringify(IMPORT)} });
      if (!job.ok) throw new Error(job.error.message);
      return { id: job.value.job.id, upload, t0 };
    })()`)) as { id: string; upload: number; t0: number };
    let status = 'queued';
    const limit = Date.now() + JOB_LIMIT_MS;
    while ((status === 'queued' || status === 'running') && Date.now() < limit) {
      await sleep(250);
      status = (await server.call<{ job: { status: string } }>('jobs.get', { id: started.id }, 60_000)).value.job.status;
    }
    // The page's clock: from the upload's start to now, when the job is seen ended.
    const seconds = ((await page.evaluate(`performance.now() - ${started.t0}`)) as number) / 1000;
    if (!landed(status)) throw new Error(`the import through the page ended ${status}`);
    log(`  browser: upload ${(started.upload / 1000).toFixed(1)} s, upload + import ${status} ${seconds.toFixed(1)} s`);
    return { seconds, upload: started.upload / 1000 };
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(IMPORT_DATA, { recursive: true, force: true });
  }
}

/** Browser mode's upload and import of a 150 MB file against the CLI's import of it: best of RUNS each, interleaved. */
export async function measureUploadImport(log: (m: string) => void): Promise<Figure[]> {
  ensureCsv150(log);
  const cli: number[] = [];
  const ui: { seconds: number; upload: number }[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    cli.push(cliImport(log));
    ui.push(await browserImport(log));
  }
  const best = ui.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return [
    {
      name: 'browser mode: upload + import 150 MB from the page (1M contacts), until the job ends',
      value: best.seconds,
      unit: 's',
      anchor: { name: 'CLI import of the same file', value: Math.min(...cli) },
      target: '≤ 1.2× anchor',
      details: { upload_seconds: best.upload, runs: RUNS },
    },
  ];
}
