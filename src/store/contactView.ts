import { CHANNELS, type Channel, type ChannelStatus } from '../domain/channels';
import { isIdentified, statusOf, type ContactRow } from './contactRow';

/** One channel of a contact as the UI and `search --json` show it; `at` is ISO UTC with ms. */
export interface ChannelView {
  status: ChannelStatus;
  category: string | null;
  reason: string | null;
  source: string | null;
  at: string | null;
  actor: string | null;
}

/**
 * A contact as every caller outside the store sees it. This exact shape is the CLI's
 * `search --json` contract: change it only together with that contract.
 */
export interface ContactView {
  id: number;
  customer_id: string | null;
  /** The original spelling; matching uses the lower-cased key, which is not shown. */
  email: string | null;
  /** E.164. */
  mobile: string | null;
  kind: 'identified' | 'anonymous';
  changed_at: string;
  channels: Record<Channel, ChannelView>;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function toContactView(row: ContactRow): ContactView {
  const channels = {} as Record<Channel, ChannelView>;
  for (const ch of CHANNELS) {
    const detail = statusOf(row, ch);
    channels[ch] = { ...detail, at: detail.at === null ? null : isoTime(detail.at) };
  }
  return {
    id: row.id,
    customer_id: row.customer_id,
    email: row.email,
    mobile: row.mobile,
    kind: isIdentified(row) ? 'identified' : 'anonymous',
    changed_at: isoTime(row.changed_at),
    channels,
  };
}
