import { DeskError } from '../domain/errors';
import { landed, type JobReport, type ToReviewMessage } from '../jobs/report';
import type { ChangeContext } from '../store/contactWriter';
import type { Db } from '../store/database';
import { getJob } from '../store/jobsTable';
import { applyOptOut, optOutState, type KeywordMessage } from '../store/keywordChanges';
import type { DeskContext } from './desk';
import type { AreaHandlers } from './handler';
import type { ReviewedMessage } from './jobsOperations';

/** The report of a keywords job that landed; anything else has nothing to review. */
function keywordsReport(ctx: DeskContext, id: string): JobReport {
  const job = getJob(ctx.db, id);
  if (job === null) throw new DeskError('not_found', `no job ${id}`);
  if (job.kind !== 'keywords') throw new DeskError('conflict', `job ${id} is ${job.kind === 'import' ? 'an import' : `a ${job.kind} job`}: only keywords jobs have messages to review`);
  if (!landed(job.status)) throw new DeskError('conflict', `job ${id} ended ${job.status}: it has no messages to review`);
  return job.report as JobReport;
}

function asKeywordMessage(message: ToReviewMessage): KeywordMessage {
  return { mobile: message.from, channel: message.channel, text: message.text, receivedAt: Date.parse(message.received_at) };
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function reviewed(db: Db, message: ToReviewMessage, index: number): ReviewedMessage {
  const now = optOutState(db, asKeywordMessage(message));
  const block = now.state === 'open' ? null : { category: now.block.category, source: now.block.source, actor: now.block.actor, at: iso(now.block.at) };
  return { ...message, index, state: now.state, contact_id: now.contactId, block };
}

/**
 * The officer's side of a keywords job's messages to review (DESIGN.md, Opt-out keywords):
 * the listed messages with where each stands, and the one-click opt-out. The message is
 * taken from the job's report, never from the caller, so the block carries exactly what
 * the contact sent and when.
 */
export const keywordReviewHandlers: Pick<AreaHandlers<'jobs'>, 'toReview' | 'applyOptOut'> = {
  toReview: (input, ctx) => {
    const report = keywordsReport(ctx, input.id);
    const listed = report.to_review_messages ?? [];
    return { messages: listed.map((message, index) => reviewed(ctx.db, message, index)), total: report.to_review ?? listed.length, file: report.to_review_file ?? null };
  },

  applyOptOut: (input, ctx) => {
    const report = keywordsReport(ctx, input.id);
    const listed = report.to_review_messages ?? [];
    const message = listed[input.message];
    if (message === undefined) throw new DeskError('not_found', `job ${input.id} lists ${listed.length} message${listed.length === 1 ? '' : 's'} to review; there is no message ${input.message}`);
    const context: ChangeContext = { at: Date.now(), actor: ctx.actor, source: ctx.source, job: null };
    return ctx.db
      .transaction(() => {
        const outcome = applyOptOut(ctx.db, asKeywordMessage(message), context);
        return { applied: outcome.changed, message: reviewed(ctx.db, message, input.message) };
      })
      .immediate();
  },
};
