import { timingSafeEqual } from 'node:crypto';

/**
 * The checks every request to `blocklist-desk serve` passes, as pure functions over the
 * request's headers so they can be tested alone. The server listens on 127.0.0.1 only;
 * these stop the rest of the machine's web content from using it:
 * - Host must name this server (`127.0.0.1:PORT` or `localhost:PORT`): a page on an
 *   attacker's domain that rebinds its DNS to 127.0.0.1 sends its own name as Host.
 * - Origin, when sent, must be this server: another site's page may not call the API
 *   even if it guessed the token.
 * - Every API call carries the random token (header `x-desk-token`; `?token=` where a
 *   header cannot be set: the event stream, downloads).
 */
export type Refusal = { status: number; message: string } | null;

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkHost(host: string | undefined, port: number): Refusal {
  if (host === undefined || !allowedHosts(port).includes(host.toLowerCase())) {
    return { status: 403, message: `refused: this server answers only to ${allowedHosts(port).join(' or ')} (Host was ${JSON.stringify(host ?? '')})` };
  }
  return null;
}

export function checkOrigin(origin: string | undefined, port: number): Refusal {
  if (origin === undefined) return null;
  if (allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`)) return null;
  return { status: 403, message: `refused: requests from ${origin} are not allowed` };
}

export function checkToken(given: string | undefined | null, expected: string): Refusal {
  if (!given) return { status: 401, message: 'refused: the access token is missing; open the address `blocklist-desk serve` printed' };
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { status: 401, message: 'refused: wrong access token; open the address `blocklist-desk serve` printed' };
  return null;
}

/** The HTML pages' policy: our own scripts and styles only, no framing, no plugins, API calls to ourselves. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every answer. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // The page's address carries the token: never send it on as a Referer.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
