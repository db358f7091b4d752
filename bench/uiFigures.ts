import { chromium, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { DATA, ROOT, type Figure } from './figure';
import { landed } from '../src/jobs/report';
import { seededRandom } from './seededRandom';
import { buildLargeStore } from './largeStore';
import { PAGE_SCRIPT } from './uiPage';
import { startBenchServer, type BenchServer } from './uiServer';
import { median, quantile } from './quantile';
import { CSV_150, ensureCsv150, IMPORT_DATA, prepareImportFolder, STORE, STORE_COUNT } from './uiImportFolder';
import { measureApplyLag } from './applyLag';
import { measureUploadImport } from './uiUpload';

/** buildLargeStore's changed_at: base + floor(id / 3) * 300 ms. */
const BASE = Date.parse('2025-01-01T00:00:00Z');

/** What the page script keeps on window (seen from here without the DOM library). */
type PageGlobal = { __bench?: { firstRowsFrame: number | null; search: { done: number | null } | null } };

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const fmt = (ms: number | null | undefined) => (ms === null || ms === undefined || !Number.isFinite(ms) ? 'n/a' : `${ms.toFixed(0)} ms`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A search an existing contact of the 1M store answers: [what to type, the contact's id]. */
function searchQueries(n: number): { query: string; id: number; kind: string }[] {
  const random = seededRandom(7);
  const out: { query: string; id: number; kind: string }[] = [];
  for (let k = 0; out.length < n; k += 1) {
    let i = 1 + Math.floor(random() * (STORE_COUNT - 1));
    const kind = ['email', 'customer_id', 'mobile'][k % 3] as string;
    if (kind === 'mobile') {
      while (!(i % 5 === 0 || i % 2 === 0)) i += 1;
      out.push({ query: k % 2 === 0 ? `+91${9_000_000_000 + i}` : `+91 ${String(9_000_000_000 + i).replace(/^(\d{5})/, '$1 ')}`, id: i, kind });
    } else {
      while (i % 5 === 0) i += 1;
      out.push({ query: kind === 'email' ? `User.${i}@Example.com` : `CID${i}`, id: i, kind });
    }
  }
  return out;
}

async function openPage(browser: Browser, log: (m: string) => void): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: PAGE_SCRIPT });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (err) => log(`  page error: ${err.message}`));
  return page;
}

/** Loads the page and waits for listing rows in the table; returns ms since navigation start. */
async function loadListing(page: Page, url: string): Promise<{ firstRows: number; event: number; listStart: number | null; listApi: number | null; countsApi: number | null; dcl: number }> {
  await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
  // A function, not a string: the page's CSP forbids eval.
  await page.waitForFunction(() => ((globalThis as unknown as PageGlobal).__bench?.firstRowsFrame ?? null) !== null, undefined, { timeout: 30_000, polling: 50 });
  return (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const entry = (part) => performance.getEntriesByType('resource').find((e) => e.name.indexOf(part) >= 0);
    const list = entry('/api/contacts/list');
    const counts = entry('/api/contacts/counts');
    return {
      firstRows: window.__bench.firstRowsFrame, event: window.__bench.firstListingEvent, dcl: nav ? nav.domContentLoadedEventEnd : -1,
      listStart: list ? list.startTime : null, listApi: list ? list.responseEnd : null, countsApi: counts ? counts.responseEnd : null,
    };
  })()`)) as { firstRows: number; event: number; listStart: number | null; listApi: number | null; countsApi: number | null; dcl: number };
}

async function firstPaintFigures(browser: Browser, server: BenchServer, log: (m: string) => void, figures: Figure[]): Promise<void> {
  const times: number[] = [];
  for (let k = 0; k < 5; k += 1) {
    const page = await openPage(browser, log);
    try {
      const t = await loadListing(page, server.url);
      times.push(t.firstRows);
      log(`  load ${k + 1}: rows painted at ${fmt(t.firstRows)} (DOMContentLoaded ${fmt(t.dcl)}, contacts.list sent ${fmt(t.listStart)} answered ${fmt(t.listApi)}, contacts.counts ${fmt(t.countsApi)}, listing event ${fmt(t.event)})`);
    } finally {
      await page.context().close();
    }
  }
  figures.push({ name: 'UI first listing paint, navigation → rows (1M contacts, median of 5)', value: median(times), unit: 'ms', target: '≤ 1000 ms' });
}

async function searchFigures(page: Page, log: (m: string) => void, figures: Figure[]): Promise<void> {
  const box = page.locator('input[aria-label="Search"]');
  const times: number[] = [];
  for (const q of searchQueries(20)) {
    await box.fill(q.query, { timeout: 10_000 });
    await page.evaluate(`window.__bench.armSearch(${q.id})`);
    await box.press('Enter', { timeout: 10_000 });
    await page.waitForFunction(() => ((globalThis as unknown as PageGlobal).__bench?.search?.done ?? null) !== null, undefined, { timeout: 15_000, polling: 20 });
    const s = (await page.evaluate(`({ enter: window.__bench.search.enter, done: window.__bench.search.done, api: window.__bench.apiMs('/api/contacts/search') })`)) as {
      enter: number;
      done: number;
      api: number | null;
    };
    if (s.done < 0) {
      log(`  search ${q.kind} "${q.query}": contact ${q.id} not shown within 10 s`);
      times.push(10_000);
      continue;
    }
    const ms = s.done - s.enter;
    times.push(ms);
    log(`  search ${q.kind} "${q.query}": ${fmt(ms)} (contacts.search round trip in the page ${fmt(s.api)})`);
  }
  figures.push({ name: 'UI search, Enter → rows shown, p50 (20 searches)', value: median(times), unit: 'ms', target: '≤ 100 ms' });
  figures.push({ name: 'UI search, Enter → rows shown, max', value: Math.max(...times), unit: 'ms', target: '≤ 100 ms' });
}

interface Jump {
  error?: string;
  from: number;
  to: number;
  atEnd: boolean;
  rowsBefore: number;
  rowsAfter: number;
  settleMs: number | null;
  blankFrames: number;
  maxBlankPx: number;
  blankRowsAt1s: number;
  appendedMs: number | null;
  observedMs: number;
}

async function scrollFigures(page: Page, server: BenchServer, log: (m: string) => void, figures: Figure[]): Promise<void> {
  const t = await loadListing(page, server.url);
  log(`  fresh listing: rows painted at ${fmt(t.firstRows)}`);
  const jumps: (Jump & { label: string })[] = [];
  const jump = async (label: string, mode: 'by' | 'end', delta: number) => {
    const j = (await page.evaluate(`window.__bench.jump(${JSON.stringify(mode)}, ${delta}, 1100, 8000)`)) as Jump;
    if (j.error) throw new Error(`scrolling: ${j.error}`);
    jumps.push({ ...j, label });
    return j;
  };
  // 30 jumps of 6000 px (≈ 170 rows each): each lands inside or at the end of what is loaded.
  for (let k = 0; k < 30; k += 1) {
    const j = await jump(`+6000px #${k + 1}`, 'by', 6000);
    if (k % 5 === 4 || j.blankRowsAt1s > 0)
      log(`  jump ${k + 1}: ${j.from}→${j.to}px, rows ${j.rowsBefore}→${j.rowsAfter}, settled ${fmt(j.settleMs)}, blank frames ${j.blankFrames}, blank rows after 1 s ${j.blankRowsAt1s}${j.appendedMs !== null ? `, next page after ${fmt(j.appendedMs)}` : ''}`);
  }
  // Then straight to the end of what is loaded, again and again: each waits for the next keyset page.
  for (let k = 0; k < 10; k += 1) {
    const j = await jump(`end #${k + 1}`, 'end', 0);
    log(`  jump to end ${k + 1}: ${j.from}→${j.to}px, rows ${j.rowsBefore}→${j.rowsAfter}, settled ${fmt(j.settleMs)}, blank rows after 1 s ${j.blankRowsAt1s}, next page after ${fmt(j.appendedMs)}`);
  }
  const settle = jumps.map((j) => (j.settleMs === null ? j.observedMs : j.settleMs));
  const blankAfter1s = jumps.filter((j) => j.blankRowsAt1s > 0);
  const appended = jumps.filter((j) => j.atEnd).map((j) => (j.appendedMs === null ? 8000 : j.appendedMs));
  log(`  ${jumps.length} jumps: worst settle ${fmt(Math.max(...settle))}, ${jumps.filter((j) => j.blankFrames > 0).length} with a blank frame, ${blankAfter1s.length} with blank rows after 1 s; rows loaded at the end: ${jumps[jumps.length - 1]?.rowsAfter}`);
  figures.push({ name: 'UI scroll, worst time from a jump to no blank row (40 jumps)', value: Math.max(...settle), unit: 'ms', target: 'no blank rows after 1 s' });
  figures.push({ name: 'UI scroll, jumps with blank rows remaining after 1 s', value: blankAfter1s.length, unit: 'jumps', target: '0' });
  if (appended.length > 0) {
    figures.push({ name: 'UI scroll, at the loaded end → next page appended, p50', value: median(appended), unit: 'ms' });
    figures.push({ name: 'UI scroll, at the loaded end → next page appended, max', value: Math.max(...appended), unit: 'ms' });
  }
}

type ImportReport = { rows_read: number; added: number; rejected: number };

async function importLoadFigures(log: (m: string) => void, figures: Figure[]): Promise<void> {
  ensureCsv150(log);
  prepareImportFolder(log);
  const server = await startBenchServer(ROOT, IMPORT_DATA);
  try {
    const deep = { changed_at: BASE + Math.floor(500_000 / 3) * 300, id: 500_000 };
    const queries = searchQueries(60).map((q) => q.query);
    const calls: { name: string; run: (k: number) => Promise<{ ms: number; value: unknown }> }[] = [
      { name: 'contacts.list first page', run: () => server.call('contacts.list', { tab: 'identified', after: null, limit: 200 }) },
      { name: 'contacts.list deep keyset page', run: () => server.call('contacts.list', { tab: 'identified', after: deep, limit: 200 }) },
      { name: 'contacts.search', run: (k) => server.call('contacts.search', { query: queries[k % queries.length] as string, prefix: false }) },
      { name: 'contacts.counts', run: () => server.call('contacts.counts', {}) },
    ];
    const deepPage = await server.call<{ contacts: unknown[] }>('contacts.list', { tab: 'identified', after: deep, limit: 200 });
    if (deepPage.value.contacts.length !== 200) throw new Error(`the deep keyset page has ${deepPage.value.contacts.length} rows, expected 200`);
    for (const c of calls) {
      const idle: number[] = [];
      for (let k = 0; k < 15; k += 1) idle.push((await c.run(k)).ms);
      log(`  idle ${c.name}: p50 ${idle.length ? median(idle).toFixed(1) : 'n/a'} ms, max ${Math.max(...idle).toFixed(1)} ms`);
    }

    const t0 = Date.now();
    const ref = await server.upload(CSV_150);
    log(`  uploaded ${path.basename(CSV_150)} in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${ref}`);
    const started = await server.call<{ job: { id: string } }>('jobs.startImport', { files: [ref], using: 'email', channels: ['email'] });
    const jobId = started.value.job.id;
    const tImport = Date.now();
    log(`  import job ${jobId} started; calling the API in a loop until it ends…`);

    let status = 'queued';
    const end: { report: ImportReport | null } = { report: null };
    let finished = false;
    const poller = (async () => {
      while (!finished && Date.now() - tImport < 20 * 60_000) {
        try {
          const j = await server.call<{ job: { status: string; report: ImportReport | null } }>('jobs.get', { id: jobId }, 60_000);
          status = j.value.job.status;
          end.report = j.value.job.report;
          if (status !== 'queued' && status !== 'running') finished = true;
        } catch (err) {
          log(`  jobs.get: ${(err as Error).message}`);
        }
        if (!finished) await sleep(1000);
      }
      finished = true;
    })();

    const samples = new Map<string, number[]>(calls.map((c) => [c.name, []]));
    let lastLog = Date.now();
    for (let k = 0; !finished; k += 1) {
      for (const c of calls) {
        if (finished) break;
        let ms: number;
        try {
          ms = (await c.run(k)).ms;
        } catch (err) {
          log(`  ${c.name} failed during the import: ${(err as Error).message}`);
          ms = 30_000;
        }
        samples.get(c.name)?.push(ms);
        await sleep(5);
      }
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`  ${((Date.now() - tImport) / 1000).toFixed(0)} s, job ${status}: ${calls.map((c) => `${c.name} p99 ${quantile(samples.get(c.name) ?? [], 0.99).toFixed(0)} ms`).join(', ')}`);
      }
    }
    await poller;
    const seconds = (Date.now() - tImport) / 1000;
    log(`  import ${status} after ${seconds.toFixed(1)} s${end.report ? `: ${end.report.rows_read} rows read, ${end.report.added} added, ${end.report.rejected} rejected` : ''}`);
    if (!landed(status)) log(`  WARNING: the import ended ${status}; latencies below were measured while it ran`);
    for (const c of calls) {
      const v = samples.get(c.name) ?? [];
      log(`  during import ${c.name}: n=${v.length}, p50 ${median(v).toFixed(1)} ms, p99 ${quantile(v, 0.99).toFixed(1)} ms, max ${Math.max(...v).toFixed(1)} ms`);
      figures.push({ name: `API ${c.name} p99 during a 150 MB import (1M contacts, n=${v.length})`, value: quantile(v, 0.99), unit: 'ms', target: c.name === 'contacts.counts' ? undefined : '≤ 100 ms' });
    }
    figures.push({ name: 'import 150 MB through the API while being queried (upload excluded)', value: seconds, unit: 's' });
  } finally {
    await server.stop();
    fs.rmSync(IMPORT_DATA, { recursive: true, force: true });
  }
}

/**
 * The UI's figures with 1M contacts in browser mode (`blocklist-desk serve` + Debian's
 * Chromium): first listing paint, search Enter → rows, scrolling without blank rows, and
 * the API's latency while a 150 MB import runs, and the serving thread's event-loop lag
 * while one applies with edits waiting.
 */
export async function measureUiFigures(log: (m: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  fs.mkdirSync(DATA, { recursive: true });
  buildLargeStore(STORE, STORE_COUNT, log);

  let server: BenchServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startBenchServer(ROOT, STORE);
    log(`UI figures: serve on ${server.origin} (1M contacts)`);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS, timeout: 60_000 });

    log('first listing paint (5 page loads)…');
    await firstPaintFigures(browser, server, log, figures);

    const page = await openPage(browser, log);
    await loadListing(page, server.url);
    log('search, Enter → rows (20 searches)…');
    await searchFigures(page, log, figures);

    log('scrolling the listing in jumps…');
    await scrollFigures(page, server, log, figures);
    await page.context().close();
  } finally {
    if (browser) await browser.close().catch((err: unknown) => log(`closing the browser: ${(err as Error).message}`));
    if (server) await server.stop();
  }

  log('browser mode: upload and import a 150 MB file, against the CLI…');
  figures.push(...(await measureUploadImport(log)));
  log('API latency while a 150 MB import runs…');
  await importLoadFigures(log, figures);
  log("serving thread's event-loop lag while a 150 MB import applies and edits wait…");
  figures.push(...(await measureApplyLag(log)));
  return figures;
}
