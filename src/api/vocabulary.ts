import { z } from 'zod';
import type { Category, Channel, ChannelStatus, IdentifierType } from '../domain/channels';

/*
 * The domain's words as zod enums. They are spelled out here rather than imported from
 * src/domain so that the contract (and the renderer bundle built from it) depends on zod
 * alone; the type checks below fail the build if the two lists ever drift apart.
 */
export const channelSchema = z.enum(['email', 'sms', 'whatsapp', 'rcs']);
export const categorySchema = z.enum(['manual', 'unsubscribe', 'hard_bounce', 'spam_complaint', 'opt_out', 'legacy']);
export const identifierTypeSchema = z.enum(['customer_id', 'email', 'mobile']);
export const channelStatusSchema = z.enum(['none', 'blocked', 'whitelisted']);
/** What an import matches rows by: `auto` reads each row's identifier columns. */
export const usingSchema = z.enum(['auto', 'customer_id', 'email', 'mobile']);
export const primaryKeySchema = z.enum(['email', 'customer_id']);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameLists: [
  Same<z.infer<typeof channelSchema>, Channel>,
  Same<z.infer<typeof categorySchema>, Category>,
  Same<z.infer<typeof identifierTypeSchema>, IdentifierType>,
  Same<z.infer<typeof channelStatusSchema>, ChannelStatus>,
] = [true, true, true, true];
void sameLists;

/** An instant as ISO 8601 with a zone (`2025-03-01T10:00:00.000Z`). */
export const instantSchema = z.iso.datetime({ offset: true });

/** Free text a user typed as a reason; CE caps it at 500 characters. */
export const reasonSchema = z.string().max(500).nullable();
