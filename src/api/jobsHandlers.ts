import { landed } from '../jobs/report';
import fs from 'node:fs';
import path from 'node:path';
import { allowedChannels, type Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
import type { ImportTask } from '../jobs/importJob';
import type { KeywordsTask } from '../jobs/keywordsJob';
import { getJob, listJobs, newJobId } from '../store/jobsTable';
import { dateReading, getSettings } from '../store/settings';
import { jobFolder } from '../store/dataFolder';
import type { ScrubTask } from '../jobs/scrubJob';
import { ApiFieldError } from './apiFieldError';
import { importLayoutOf } from './importLayout';
import { listingQuery } from './contactsHandlers';
import type { DeskContext } from './desk';
import type { AreaHandlers } from './handler';
import { toJobView } from './jobView';
import { keywordReviewHandlers } from './keywordReviewHandlers';
import { runListingExport } from '../jobs/listingExport';
import { previewRevert } from '../store/revertJob';
import { countPastedEntries } from '../domain/pasteEntries';

/** DESIGN.md, Blocklisting: Email ID blocks email only; Mobile SMS, WhatsApp, RCS; Customer ID any. */
function checkChannels(using: ImportTask['using'], channels: Channel[]): void {
  if (using === 'auto') return;
  const allowed = allowedChannels(using);
  const refused = channels.filter((c) => !allowed.includes(c));
  if (refused.length > 0) throw new ApiFieldError('usage', 'channels', `${refused.join(', ')} cannot be blocked using ${using} (allowed: ${allowed.join(', ')})`);
}

function requireJob(ctx: DeskContext, id: string) {
  const job = getJob(ctx.db, id);
  if (job === null) throw new DeskError('not_found', `no job ${id}`);
  return job;
}

/** A job jobs.revert can undo, or the conflict saying why not. */
function revertibleTarget(ctx: DeskContext, id: string) {
  const target = toJobView(requireJob(ctx, id));
  if (target.reverted_by !== null) throw new DeskError('conflict', `job ${target.id} was already reverted by ${target.reverted_by}`);
  if (!target.revertible) {
    const why = landed(target.status) ? `is ${target.kind === 'export' ? 'an export' : `a ${target.kind} job`}, which changed nothing in the blocklist` : target.status === 'running' || target.status === 'queued' ? 'is still running' : `ended ${target.status} and changed nothing`;
    throw new DeskError('conflict', `job ${target.id} ${why}`);
  }
  return target;
}

export const jobsHandlers: AreaHandlers<'jobs'> = {
  startImport: (input, ctx) => {
    const paste = input.text !== undefined;
    if (paste && input.using === 'auto') throw new ApiFieldError('usage', 'using', 'pasted identifiers need to say what they are: customer_id, email or mobile');
    const legacy = input.legacy;
    const channels: Channel[] = legacy ? ['email'] : input.channels;
    const using = legacy ? 'email' : input.using;
    checkChannels(using, channels);
    const files = (input.files ?? []).map((ref) => ctx.files.readable(ref, 'files'));
    const task: ImportTask = {
      kind: paste ? 'paste' : 'import',
      job: newJobId(),
      dataFolder: ctx.dataFolder,
      actor: ctx.actor,
      files,
      text: input.text,
      using,
      channels,
      category: legacy ? 'legacy' : input.category,
      reason: input.reason,
      legacy,
      country: ctx.country(),
      ...dateReading(getSettings(ctx.db)),
      ...(input.sheet !== undefined ? { sheet: input.sheet } : {}),
      ...(paste || legacy ? {} : importLayoutOf(input, ctx.db)),
    };
    // The jobs table keeps what was asked, not the pasted text itself (it can be megabytes):
    // how many identifiers it holds, as the screen counted them and the job will read them.
    const params = paste && using !== 'auto' ? { ...task, text: undefined, text_entries: countPastedEntries(input.text ?? '', using) } : task;
    return { job: ctx.jobs.startTask(task, params) };
  },

  startKeywords: (input, ctx) => {
    const settings = getSettings(ctx.db);
    const task: KeywordsTask = {
      kind: 'keywords',
      job: newJobId(),
      dataFolder: ctx.dataFolder,
      actor: ctx.actor,
      files: input.files.map((ref) => ctx.files.readable(ref, 'files')),
      country: settings.country,
      keywords: settings.keywords,
      senderNumbers: settings.sender_numbers,
      channel: input.channel,
      ...dateReading(settings),
    };
    return { job: ctx.jobs.startTask(task, task) };
  },

  ...keywordReviewHandlers,

  startExport: (input, ctx) => {
    const out = ctx.files.writable(input.target, 'target');
    const job = newJobId();
    const { scope } = input;
    if (scope.kind === 'listing') {
      const query = listingQuery(scope.filter, ctx.db, 'scope.filter.');
      const params = { scope: `${scope.filter.tab} contacts matching the listing filter`, filter: scope.filter, out };
      return {
        job: ctx.jobs.startInProcess({ id: job, kind: 'export', actor: ctx.actor, params }, (run) =>
          runListingExport(ctx.db, { job, databaseFile: ctx.databaseFile, out, query }, run),
        ),
      };
    }
    const task = { kind: 'export' as const, job, dataFolder: ctx.dataFolder, actor: ctx.actor, out, channel: scope.kind === 'channel' ? scope.channel : null };
    return { job: ctx.jobs.startTask(task, task) };
  },

  startScrub: (input, ctx) => {
    const file = ctx.files.readable(input.file, 'file');
    const job = newJobId();
    // The outputs live in the job's folder and are handed over as its files (Jobs, Scrub screens).
    const folder = jobFolder(ctx.dataFolder, job);
    fs.mkdirSync(folder, { recursive: true });
    const base = path.basename(file).replace(/\.(csv|txt|zip|xlsx|xlsm)$/i, '');
    // A workbook's outputs are workbooks (same sheet name and cells), its removed rows too.
    const workbook = /\.(xlsx|xlsm)$/i.test(file);
    const ext = /\.txt$/i.test(file) ? '.txt' : workbook ? '.xlsx' : '.csv';
    const channels = [...new Set(input.channels)];
    // One channel: `<base>-clean.csv`, as always. Several: a cleaned file each, `<base>-clean-sms.csv`.
    const cleanFiles = Object.fromEntries(channels.map((channel) => [channel, path.join(folder, `${base}-clean${channels.length > 1 ? `-${channel}` : ''}${ext}`)]));
    const task: ScrubTask = {
      kind: 'scrub',
      job,
      dataFolder: ctx.dataFolder,
      actor: ctx.actor,
      file,
      channels,
      cleanFiles,
      removed: path.join(folder, `${base}-removed${workbook ? '.xlsx' : '.csv'}`),
      columns: input.columns,
      country: ctx.country(),
      ...(input.sheet !== undefined ? { sheet: input.sheet } : {}),
    };
    return { job: ctx.jobs.startTask(task, task) };
  },

  list: (input, ctx) => ({ jobs: listJobs(ctx.db, input.limit).map(toJobView) }),

  get: (input, ctx) => ({ job: toJobView(requireJob(ctx, input.id)) }),

  cancel: (input, ctx) => {
    requireJob(ctx, input.id);
    return { cancelled: ctx.jobs.cancel(input.id) };
  },

  previewRevert: (input, ctx) => {
    const target = revertibleTarget(ctx, input.id);
    const plan = previewRevert(ctx.db, { target: target.id, onceEach: target.kind === 'import' || target.kind === 'paste' });
    return {
      job: target.id,
      lifts: plan.lifts,
      restores: plan.restores,
      deletes: plan.deletes,
      identifiers: plan.identifiers,
      kept: plan.kept,
      kept_by_job: plan.keptByJob,
      left_changed: plan.skipped,
    };
  },

  revert: (input, ctx) => {
    const target = revertibleTarget(ctx, input.id);
    const task = { kind: 'revert' as const, job: newJobId(), dataFolder: ctx.dataFolder, actor: ctx.actor, target: target.id };
    return { job: ctx.jobs.startTask(task, task) };
  },
};
