import { listAudit } from '../store/audit';
import { newJobId } from '../store/jobsTable';
import { runAuditExport } from './auditExport';
import type { AreaHandlers } from './handler';

export const auditHandlers: AreaHandlers<'audit'> = {
  list: (input, ctx) =>
    listAudit(ctx.db, {
      contactId: input.contactId,
      contact: input.contact,
      channel: input.channel,
      actor: input.actor,
      job: input.job,
      since: input.since === undefined ? undefined : Date.parse(input.since),
      before: input.before,
      limit: input.limit,
    }),

  export: (input, ctx) => {
    const out = ctx.files.writable(input.target, 'target');
    const job = newJobId();
    const since = input.since === undefined ? undefined : Date.parse(input.since);
    return {
      job: ctx.jobs.startInProcess({ id: job, kind: 'audit_export', actor: ctx.actor, params: { since: input.since ?? null, out } }, (run) =>
        runAuditExport(ctx.db, { job, databaseFile: ctx.databaseFile, out, since }, run),
      ),
    };
  },
};
