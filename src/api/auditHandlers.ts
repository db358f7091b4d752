import { listAudit } from '../store/audit';
import { newJobId } from '../store/jobsTable';
import { runAuditExport } from '../jobs/auditExport';
import { filterInstant } from './filterInstant';
import type { AreaHandlers } from './handler';

export const auditHandlers: AreaHandlers<'audit'> = {
  list: (input, ctx) =>
    listAudit(ctx.db, {
      contactId: input.contactId,
      contact: input.contact,
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
      contact: input.contact,
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
