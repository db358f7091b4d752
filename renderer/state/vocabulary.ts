import type { ContactView } from '../../src/api/contract';

/** The domain's words as the renderer uses them; types come from the contract. */
export type ChannelName = keyof ContactView['channels'];
export type ChannelView = ContactView['channels'][ChannelName];

/** The listing's column order (CE's): Email, WhatsApp, RCS, SMS. */
export const LISTING_CHANNELS: readonly ChannelName[] = ['email', 'whatsapp', 'rcs', 'sms'];
export const ALL_CHANNELS: readonly ChannelName[] = ['email', 'sms', 'whatsapp', 'rcs'];

/** `current` with `channel` ticked (`on`) or unticked, kept in the usual channel order. */
export function withChannel(current: readonly ChannelName[], channel: ChannelName, on: boolean): ChannelName[] {
  return on ? ALL_CHANNELS.filter((ch) => ch === channel || current.includes(ch)) : current.filter((ch) => ch !== channel);
}
export const MOBILE_CHANNELS: readonly ChannelName[] = ['sms', 'whatsapp', 'rcs'];

export const CATEGORIES = ['manual', 'unsubscribe', 'hard_bounce', 'spam_complaint', 'opt_out', 'legacy'] as const;
export type CategoryName = (typeof CATEGORIES)[number];

/** The contact's own wish or the network's verdict: lifting one asks first (DESIGN.md). */
export const PROTECTED_CATEGORIES: readonly string[] = ['unsubscribe', 'opt_out', 'hard_bounce', 'spam_complaint'];

export function isProtected(category: string | null | undefined): boolean {
  return category != null && PROTECTED_CATEGORIES.includes(category);
}

export type IdentifierName = 'customer_id' | 'email' | 'mobile';

/** Which channels each identifier may block (DESIGN.md, Blocklisting). */
export function allowedChannels(using: IdentifierName): readonly ChannelName[] {
  if (using === 'email') return ['email'];
  if (using === 'mobile') return MOBILE_CHANNELS;
  return ALL_CHANNELS;
}
