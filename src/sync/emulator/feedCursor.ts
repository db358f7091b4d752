/**
 * The pull cursor: opaque to clients (CE-SYNC.md §2), here the base64url of
 * `v1.<feed id>.<seq>`. The feed id is random per emulator database, so a cursor kept
 * from another feed (a wiped or different data folder) is refused instead of silently
 * skipping or repeating changes.
 */

const CURSOR_VERSION = 'v1';
const CURSOR_TEXT = /^v1\.([0-9a-f]{16})\.(0|[1-9][0-9]{0,15})$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(feedId: string, seq: number): string {
  return Buffer.from(`${CURSOR_VERSION}.${feedId}.${seq}`, 'utf8').toString('base64url');
}

export type DecodedCursor = { ok: true; seq: number } | { ok: false; message: string };

/** Strict: only the exact text encodeCursor makes decodes, so each position has one spelling. */
export function decodeCursor(cursor: string, feedId: string): DecodedCursor {
  if (!BASE64URL.test(cursor)) return { ok: false, message: 'the cursor is not one this server gave out' };
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = CURSOR_TEXT.exec(text);
  if (!match || encodeCursor(match[1] as string, Number(match[2])) !== cursor) {
    return { ok: false, message: 'the cursor is not one this server gave out' };
  }
  if (match[1] !== feedId) return { ok: false, message: 'the cursor belongs to another feed (the server data was reset); pull again from the beginning' };
  return { ok: true, seq: Number(match[2]) };
}
