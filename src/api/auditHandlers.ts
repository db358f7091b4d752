import { listAudit } from '../store/audit';
import { auditContactFilter, type AuditContactFilter } from '../store/auditContacts';
import { newJobId } from '../store/jobsTable';
import { runAuditExport } from '../jobs/auditExport';
import type { DeskContext } from './desk';
import { filterInstant } from './filterInstant';
import type { AreaHandlers } from './handler';

/** The `contact` filter as the contacts it names (any identifier they have or had, any spelling); none given: no filter. */
function contactFilter(ctx: DeskContext, contact: string | undefined): AuditContactFilter | Record<string, never> {
  if (contact === undefined || contact.trim() === '') return {};
  return auditContactFilter(ctx.db, contact, ctx.country());
}

export const auditHandlers: AreaHandlers<'audit'> = {
  list: (input, ctx) =>
    listAudit(ctx.db, {
      contactId: input.contactId,
      ...contactFilter(ctx, input.contact),
      channel: input.channel,
      actor: input.actor,
      job: input.job,
      since: filterInstant(ctx.db, input.since, 'since'),
      before: input.before,
      limit: input.limit,
    }),

  export: (input, ctx) => {
    const out = ctx.files.writable(input.target, 'target');
    const job = newJobId();
    const filter = {
      since: filterInstant(ctx.db, input.since, 'since'),
      contactId: input.contactId,
      ...contactFilter(ctx, input.contact),
      channel: input.channel,
      actor: input.actor,
    };
    const params = { since: input.since ?? null, contactId: input.contactId ?? null, contact: input.contact ?? null, channel: input.channel ?? null, actor: input.actor ?? null, out };
    return {
      job: ctx.jobs.startInProcess({ id: job, kind: 'audit_export', actor: ctx.actor, params }, (run) =>
        runAuditExport(ctx.db, { job, databaseFile: ctx.databaseFile, out, filter }, run),
      ),
    };
  },
};
