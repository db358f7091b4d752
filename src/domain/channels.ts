/** The four channels a contact can be blocked on, in the order the listing shows them. */
export const CHANNELS = ['email', 'sms', 'whatsapp', 'rcs'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CATEGORIES = ['manual', 'unsubscribe', 'hard_bounce', 'spam_complaint', 'opt_out', 'legacy'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Categories that record the contact's own wish or the network's verdict: lifting one
 * needs an explicit confirmation (DESIGN.md, Contacts and channel status).
 */
export const PROTECTED_CATEGORIES = ['unsubscribe', 'opt_out', 'hard_bounce', 'spam_complaint'] as const satisfies readonly Category[];

export const IDENTIFIER_TYPES = ['customer_id', 'email', 'mobile'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/**
 * Which channels a given identifier may block (DESIGN.md, Blocklisting): Email ID blocks
 * email only; Mobile blocks SMS, WhatsApp and RCS; Customer ID any of the four.
 */
export const CHANNELS_BY_IDENTIFIER = {
  customer_id: ['email', 'sms', 'whatsapp', 'rcs'],
  email: ['email'],
  mobile: ['sms', 'whatsapp', 'rcs'],
} as const satisfies Record<IdentifierType, readonly Channel[]>;

export const MOBILE_CHANNELS: readonly Channel[] = CHANNELS_BY_IDENTIFIER.mobile;

/** Stored as a small integer in the contacts table. */
export const STATUS = { none: 0, blocked: 1, whitelisted: 2 } as const;
export type ChannelStatus = keyof typeof STATUS;
export const STATUS_NAMES: readonly ChannelStatus[] = ['none', 'blocked', 'whitelisted'];

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function isProtectedCategory(value: string | null | undefined): boolean {
  return value != null && (PROTECTED_CATEGORIES as readonly string[]).includes(value);
}

/** The channels `using` may block (CHANNELS_BY_IDENTIFIER). */
export function allowedChannels(using: IdentifierType): readonly Channel[] {
  return CHANNELS_BY_IDENTIFIER[using];
}

/** Parses a comma list such as `sms,whatsapp`; returns the problem as a sentence. */
export function parseChannelList(list: string): { ok: true; channels: Channel[] } | { ok: false; message: string } {
  const parts = list.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, message: 'no channel given (use a comma list of email,sms,whatsapp,rcs)' };
  const channels: Channel[] = [];
  for (const part of parts) {
    if (!isChannel(part)) return { ok: false, message: `unknown channel "${part}" (use email, sms, whatsapp or rcs)` };
    if (!channels.includes(part)) channels.push(part);
  }
  return { ok: true, channels };
}
