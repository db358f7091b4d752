import { z } from 'zod';
import { CATEGORIES, CHANNELS, IDENTIFIER_TYPES } from '../domain/channels';
import { readDate, type DateReading } from '../domain/dates';
import { CHANGE_ACTIONS } from '../domain/syncConflicts';

export { CHANGE_ACTIONS, type ChangeAction } from '../domain/syncConflicts';

/**
 * The CE Blocklist Sync API v1 wire types (CE-SYNC.md §2), shared by the sync client and
 * the CE emulator so both sides read the contract the same way.
 */

export const CHANGE_SOURCES = ['ui', 'import', 'paste', 'keywords', 'cpaas', 'panel', 'api'] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

/** Most items one push or one pulled page may carry. */
export const MAX_BATCH = 1000;
export const MAX_REASON_LENGTH = 500;

/**
 * A change's `at` read by the product's one date reader (src/domain/dates.ts). The
 * schemas below admit only ISO 8601 with a zone, so the zone given here is never used.
 * `now` sets the sane range (1970 to now + 1 day): a time beyond it reads as
 * out_of_range, which the client dates at the pull (see pullCeV1), not a malformed change.
 */
export function readWireTime(text: string, now: number): DateReading {
  return readDate(text, { timeZone: 'UTC', now, serials: false });
}

/** Whether `at` names a real instant at all; one outside the sane range still does. */
function isRealTime(text: string): boolean {
  const reading = readWireTime(text, Date.now());
  return reading.ok || reading.problem === 'out_of_range';
}

/** ISO 8601 UTC with milliseconds, as the contract writes times. */
const isoMillis = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'an ISO 8601 UTC time with milliseconds')
  .refine(isRealTime, 'a real date');

/** A change as pushed (no id). Identifiers must already be normalised. */
export const pushedChangeSchema = z.object({
  identifier_type: z.enum(IDENTIFIER_TYPES),
  identifier: z.string().min(1).max(320),
  channel: z.enum(CHANNELS),
  action: z.enum(CHANGE_ACTIONS),
  category: z.enum(CATEGORIES),
  reason: z.string().max(MAX_REASON_LENGTH),
  source: z.enum(CHANGE_SOURCES),
  at: isoMillis,
});
export type PushedChange = z.infer<typeof pushedChangeSchema>;

/**
 * Any ISO 8601 time with a zone (`…Z`, `…+05:30`; seconds or microseconds): we write
 * milliseconds with `Z`, but read what a server may send. Without a zone a time would
 * be read in this computer's zone, so it is refused.
 */
const isoWithZone = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i, 'an ISO 8601 time with a zone')
  .refine(isRealTime, 'a real date');

/** A change as pulled: the same fields plus the server-assigned id. */
export const pulledChangeSchema = pushedChangeSchema.extend({ id: z.string().min(1), at: isoWithZone });
export type PulledChange = z.infer<typeof pulledChangeSchema>;

export const pushBodySchema = z.object({ items: z.array(z.unknown()) });

export const pushResponseSchema = z.object({
  accepted: z.number().int().nonnegative(),
  rejected: z.array(z.object({ index: z.number().int().nonnegative(), code: z.string(), message: z.string() })),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** A pulled page. Items are checked one by one by the client so one bad item is reported, not fatal. */
export const pullPageSchema = z.object({
  items: z.array(z.unknown()),
  next_cursor: z.string(),
  has_more: z.boolean(),
});
export type PullPage = z.infer<typeof pullPageSchema>;

/** ms since the epoch → the contract's time format. */
export function toWireTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Every non-2xx answer of the v1 API carries this body. `code` is stable and machine-read
 * (`unauthorized`, `idempotency_key_reused`, `batch_too_large`, `malformed_body`,
 * `invalid_cursor`, `rate_limited`, `unavailable`, …); `message` is for people.
 */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
