import { DeskError } from '../domain/errors';

/** What the API key is replaced with wherever a server's words are kept or printed. */
export const REDACTED = '***';

/**
 * `text` with every copy of the API key replaced by ***: as is, as JSON escapes it, and
 * URL-encoded, the three ways a server that echoes the request back is likely to write it.
 * Run it on a server's answer before cutting it short, so no half of a key survives a cut.
 */
export function redactKey(text: string, apiKey: string): string {
  const key = apiKey.trim();
  if (key === '') return text;
  let out = text;
  for (const form of new Set([key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key)])) out = out.split(form).join(REDACTED);
  return out;
}

/** The same error with the API key redacted from its message, as a report may keep it. */
export function errorWithoutKey(err: unknown, apiKey: string): unknown {
  if (!(err instanceof Error)) return err;
  const message = redactKey(err.message, apiKey);
  if (message === err.message) return err;
  return err instanceof DeskError ? new DeskError(err.code, message) : new Error(message);
}
