import { z } from 'zod';

/**
 * Every operation answers with this envelope; nothing is thrown across the bridge (a
 * thrown error loses all but its message over IPC). `field` names the input field the
 * error is about (an edit's `email`, or the path of malformed input) so a form can show
 * the message beside it.
 */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export type DeskResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: apiErrorSchema })]);
}

/**
 * Codes the API adds to the core's (src/domain/errors.ts): `invalid_input` for input the
 * schema refuses, `unknown_operation`, `forbidden` for a refused caller (wrong token,
 * frame or origin), `unavailable` for what this bridge cannot do.
 */
export const API_ERROR_CODES = ['invalid_input', 'unknown_operation', 'forbidden', 'unavailable'] as const;

export function failure(code: string, message: string, field?: string): { ok: false; error: ApiError } {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}
