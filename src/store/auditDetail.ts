import { CHANNELS, type Channel, type ChannelStatus } from '../domain/channels';

/**
 * The audit entry's `detail` JSON (migration 0005): what the officer said about a change
 * and what the other columns cannot hold.
 */
export interface AuditDetail {
  /** The officer's written reason; lifting a protected category needs one (evidence of consent). */
  reason?: string;
  /** On a channel entry: the protected category (unsubscribe, opt_out, …) the change lifted. */
  lifted_category?: string;
  /** On a delete's identifier entry: the statuses the contact had. */
  was?: { channel: Channel; status: ChannelStatus; category: string | null }[];
}

/** The JSON to store, or null when there is nothing to say. */
export function auditDetailJson(detail: AuditDetail): string | null {
  const kept = Object.fromEntries(Object.entries(detail).filter(([, value]) => value !== undefined));
  return Object.keys(kept).length === 0 ? null : JSON.stringify(kept);
}

function isStatusList(value: unknown): value is NonNullable<AuditDetail['was']> {
  return (
    Array.isArray(value) &&
    value.every((s: unknown) => {
      const entry = s as Record<string, unknown> | null;
      return typeof entry === 'object' && entry !== null && CHANNELS.includes(entry.channel as Channel) && typeof entry.status === 'string';
    })
  );
}

/** The stored JSON read leniently: a key of the wrong shape is left out, never thrown over. */
export function readAuditDetail(json: string | null): AuditDetail {
  if (json === null || json === '') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const { reason, lifted_category: lifted, was } = raw as Record<string, unknown>;
  const detail: AuditDetail = {};
  if (typeof reason === 'string') detail.reason = reason;
  if (typeof lifted === 'string') detail.lifted_category = lifted;
  if (isStatusList(was)) detail.was = was.map(({ channel, status, category }) => ({ channel, status, category: typeof category === 'string' ? category : null }));
  return detail;
}

const CHANNEL_NAMES: Record<Channel, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', rcs: 'RCS' };
const IDENTIFIER_FIELDS = ['customer_id', 'email', 'mobile'] as const;

/** The identifiers a delete's entry recorded (its `before`, JSON), in the order they are named. */
export function deletedIdentifiers(before: string): { field: (typeof IDENTIFIER_FIELDS)[number]; value: string }[] {
  let raw: unknown;
  try {
    raw = JSON.parse(before);
  } catch {
    return [];
  }
  if (typeof raw !== 'object' || raw === null) return [];
  const record = raw as Record<string, unknown>;
  return IDENTIFIER_FIELDS.flatMap((field) => {
    const value = record[field];
    return typeof value === 'string' && value !== '' ? [{ field, value }] : [];
  });
}

/**
 * A delete's identifier entry as a sentence: "Deleted: customer_id C1, email a@b.c,
 * mobile +91…; was blocked on Email (unsubscribe), SMS (opt_out)". Entries written before
 * the statuses were recorded with it (migration 0005) name the identifiers only; the
 * delete's channel entries beside it still show each status.
 */
export function describeDeletion(before: string, detail: AuditDetail): string {
  const identifiers = deletedIdentifiers(before).map(({ field, value }) => `${field} ${value}`);
  let sentence = `Deleted: ${identifiers.length > 0 ? identifiers.join(', ') : 'a contact'}`;
  if (detail.was !== undefined) {
    const byStatus = (status: ChannelStatus) =>
      detail.was
        ?.filter((s) => s.status === status)
        .map((s) => `${CHANNEL_NAMES[s.channel]}${s.category ? ` (${s.category})` : ''}`)
        .join(', ') ?? '';
    const parts = [
      byStatus('blocked') && `blocked on ${byStatus('blocked')}`,
      byStatus('whitelisted') && `whitelisted on ${byStatus('whitelisted')}`,
    ].filter((part) => part !== '');
    sentence += parts.length > 0 ? `; was ${parts.join(' and ')}` : '; it had no block';
  }
  return sentence;
}
