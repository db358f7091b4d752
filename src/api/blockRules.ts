import type {
  CHANNELS_BY_IDENTIFIER as DOMAIN_CHANNELS_BY_IDENTIFIER,
  PROTECTED_CATEGORIES as DOMAIN_PROTECTED_CATEGORIES,
} from '../domain/channels';

/*
 * The blocklist's rules as the renderer needs them: which categories ask for a
 * confirmation before they are lifted, and which channels each identifier may block.
 * Spelled out here with no runtime import at all, so that the renderer can bundle this
 * file (as it does bridge.ts and operationNames.ts) without the core or zod; the type
 * checks below fail the build if they ever drift from src/domain's.
 */

/** The contact's own wish or the network's verdict: lifting one needs a confirmation. */
export const PROTECTED_CATEGORIES = ['unsubscribe', 'opt_out', 'hard_bounce', 'spam_complaint'] as const;

/** Email ID blocks email only; Mobile blocks SMS, WhatsApp and RCS; Customer ID any of the four. */
export const CHANNELS_BY_IDENTIFIER = {
  customer_id: ['email', 'sms', 'whatsapp', 'rcs'],
  email: ['email'],
  mobile: ['sms', 'whatsapp', 'rcs'],
} as const;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRules: [
  Same<typeof PROTECTED_CATEGORIES, typeof DOMAIN_PROTECTED_CATEGORIES>,
  Same<typeof CHANNELS_BY_IDENTIFIER, typeof DOMAIN_CHANNELS_BY_IDENTIFIER>,
] = [true, true];
void sameRules;

export function isProtectedCategory(category: string | null | undefined): boolean {
  return category != null && (PROTECTED_CATEGORIES as readonly string[]).includes(category);
}

export function allowedChannels(using: keyof typeof CHANNELS_BY_IDENTIFIER): readonly (typeof CHANNELS_BY_IDENTIFIER.customer_id)[number][] {
  return CHANNELS_BY_IDENTIFIER[using];
}
