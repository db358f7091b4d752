import type { CHANNELS_BY_IDENTIFIER } from '../../src/api/blockRules';
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

export const CATEGORIES = ['manual', 'unsubscribe', 'hard_bounce', 'spam_complaint', 'opt_out', 'legacy'] as const;
export type CategoryName = (typeof CATEGORIES)[number];

/**
 * Which categories ask before they are lifted, and which channels each identifier may
 * block: the core's own rules, from src/api, never a copy kept here.
 */
export { allowedChannels, isProtectedCategory as isProtected } from '../../src/api/blockRules';
export type IdentifierName = keyof typeof CHANNELS_BY_IDENTIFIER;
