import { DeskError } from '../domain/errors';
import { blockIdentifier, deleteContact, editIdentifiers, getContact, LiftReasonError, setChannelStatus, setChannelStatuses, type IdentifierEdit } from '../store/contacts';
import { readCounts } from '../store/counters';
import type { ListingQuery } from '../store/listing';
import { listContacts } from '../store/listing';
import { searchContacts } from '../store/search';
import type { Db } from '../store/database';
import { ApiFieldError } from './apiFieldError';
import type { ListingFilter } from './contactsOperations';
import type { DeskContext } from './desk';
import { filterInstant } from './filterInstant';
import type { AreaHandlers } from './handler';
import { countListing } from '../store/listingCount';
import { summarizeBlocks } from '../store/blockSummary';
import { outboxSummary } from '../store/outbox';
import { listJobs, newJobId } from '../store/jobsTable';
import { toJobView } from './jobView';
import type { BulkTask } from '../jobs/bulkJob';
import { allowedChannels } from '../domain/channels';
import { supersedingRun } from './supersededRuns';

/**
 * The store's listing query for the contract's filter (instants become ms). `fieldPrefix`
 * is where the filter sits in the operation's input (`scope.filter.` for an export), so a
 * refused date names its field as the form knows it.
 */
export function listingQuery(filter: ListingFilter, db: Db, fieldPrefix = ''): Omit<ListingQuery, 'after' | 'limit'> {
  return {
    tab: filter.tab,
    channel: filter.channel,
    status: filter.status,
    category: filter.category,
    source: filter.source,
    changedFrom: filterInstant(db, filter.changedFrom, `${fieldPrefix}changedFrom`),
    changedTo: filterInstant(db, filter.changedTo, `${fieldPrefix}changedTo`),
  };
}

function requireContact(ctx: DeskContext, id: number) {
  const contact = getContact(ctx.db, id);
  if (contact === null) throw new DeskError('not_found', `no contact with id ${id} (it may have been deleted)`);
  return contact;
}

export const contactsHandlers: AreaHandlers<'contacts'> = {
  list: (input, ctx) => listContacts(ctx.db, { ...listingQuery(input, ctx.db), order: input.order, after: input.after, limit: input.limit }),

  counts: (_input, ctx) => readCounts(ctx.db),

  count: async (input, ctx) => {
    const { key, ...filter } = input;
    const query = listingQuery(filter, ctx.db);
    return { count: await supersedingRun(ctx, `count:${key}`, (signal) => countListing(ctx.db, query, { signal })) };
  },

  summary: async (_input, ctx) => {
    const blocks = await supersedingRun(ctx, 'summary', (signal) => summarizeBlocks(ctx.db, { signal }));
    const counts = readCounts(ctx.db);
    return {
      ...blocks,
      contacts: { identified: counts.identified, anonymous: counts.anonymous },
      outbox: outboxSummary(ctx.db),
      jobs: listJobs(ctx.db, 8).map(toJobView),
      at: new Date().toISOString(),
    };
  },

  startBulk: (input, ctx) => {
    if (input.action.kind === 'block' && input.target.kind === 'filter' && input.target.filter.tab === 'anonymous') {
      const refused = input.action.channels.filter((ch) => !allowedChannels('mobile').includes(ch));
      if (refused.length > 0) throw new ApiFieldError('usage', 'action.channels', `anonymous contacts have only a mobile: they cannot be blocked on ${refused.join(', ')}`);
    }
    const task: BulkTask = {
      kind: 'bulk',
      job: newJobId(),
      dataFolder: ctx.dataFolder,
      actor: ctx.actor,
      source: ctx.source,
      target: input.target.kind === 'contacts' ? input.target : { kind: 'filter', filter: listingQuery(input.target.filter, ctx.db, 'target.filter.') },
      action: input.action,
      confirm: input.confirm,
    };
    return { job: ctx.jobs.startTask(task, task) };
  },

  search: (input, ctx) => ({ contacts: searchContacts(ctx.db, input.query, { prefix: input.prefix, country: ctx.country(), limit: input.limit }) }),

  get: (input, ctx) => ({ contact: requireContact(ctx, input.id) }),

  block: (input, ctx) =>
    blockIdentifier(ctx.db, {
      using: input.using,
      value: input.value,
      country: ctx.country(),
      channels: input.channels,
      category: input.category,
      reason: input.reason,
      source: ctx.source,
      actor: ctx.actor,
    }),

  unblock: (input, ctx) => {
    const { contact, changed } = setChannelStatuses(ctx.db, {
      contactId: input.contactId,
      changes: [...new Set(input.channels)].map((channel) => ({ channel, status: 'none' as const, reason: input.reason ?? null })),
      source: ctx.source,
      actor: ctx.actor,
      confirm: input.confirm,
    });
    return { contact, unblocked: changed };
  },

  whitelist: (input, ctx) =>
    setChannelStatus(ctx.db, {
      contactId: input.contactId,
      channel: 'email',
      status: 'whitelisted',
      category: input.category,
      reason: input.reason,
      source: ctx.source,
      actor: ctx.actor,
      confirm: input.confirm,
    }),

  setStatus: (input, ctx) =>
    setChannelStatus(ctx.db, {
      contactId: input.contactId,
      channel: input.channel,
      status: input.status,
      category: input.category,
      reason: input.reason,
      source: ctx.source,
      actor: ctx.actor,
      confirm: input.confirm,
    }),

  setStatuses: (input, ctx) => {
    try {
      return setChannelStatuses(ctx.db, { contactId: input.contactId, changes: input.changes, source: ctx.source, actor: ctx.actor, confirm: input.confirm });
    } catch (err) {
      // The reason missing is that of one change: name its field as the input has it.
      if (err instanceof LiftReasonError && err.changeIndex !== null) throw new ApiFieldError('usage', `changes.${err.changeIndex}.reason`, err.message);
      throw err;
    }
  },

  edit: (input, ctx) => {
    const edit: IdentifierEdit = {};
    if (input.customer_id !== undefined) edit.customer_id = input.customer_id;
    if (input.email !== undefined) edit.email = input.email;
    if (input.mobile !== undefined) edit.mobile = input.mobile;
    return editIdentifiers(ctx.db, input.contactId, edit, { country: ctx.country(), actor: ctx.actor, source: ctx.source });
  },

  delete: (input, ctx) => deleteContact(ctx.db, input.contactId, { actor: ctx.actor, source: ctx.source, confirm: input.confirm, reason: input.reason }),
};
