import { DeskError } from '../domain/errors';
import { MAX_ANSWER_BYTES, readCappedText } from './cappedAnswer';
import { redactKey } from './redactKey';
import { CE_RETRY_POLICY, describeWait, MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelay, type RetryPolicy } from './retry';

/** One HTTP request to a remote, repeated as is on every retry (same Idempotency-Key). */
export interface RemoteRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RemoteAnswer {
  status: number;
  text: string;
}

export interface RetryOptions {
  signal: AbortSignal;
  policy?: RetryPolicy;
  random?: () => number;
  /** Each wait before a retry, for progress and reports. */
  onRetry?: (retry: { attempt: number; delayMs: number; why: string }) => void;
  /** How long one request may take before it counts as a dropped connection. */
  timeoutMs?: number;
}

/** A 4xx the caller may handle (413: smaller batches); anything else ends the sync. */
export class RemoteRefusal extends DeskError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(status === 401 ? 'remote_auth' : 'remote_refused', message);
  }
}

/**
 * CE-SYNC.md, Errors: 5xx, 429, 409 (a request with that key still in flight) and dropped
 * connections are transient and retried; 401 stops at once; any other 4xx is not retried.
 */
function isTransient(status: number): boolean {
  return status >= 500 || status === 429 || status === 409;
}

/** The server's own words, when it sent the contract's `{"error": {"message"}}` or short text. */
export function serverMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'object' ? parsed.error?.message : (parsed.error ?? parsed.message);
    if (typeof message === 'string' && message !== '') return message.slice(0, 200);
  } catch {
    // not JSON: the text itself
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new DeskError('cancelled', 'the sync was cancelled'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DeskError('cancelled', 'the sync was cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const origin = (url: string) => new URL(url).host;

/**
 * Sends `request` until it gets a 2xx, with the contract's backoff; throws a DeskError
 * otherwise. A 2xx answer's text comes back as sent (the caller parses it and redacts what
 * it keeps); every message made here from a server's words has the API key replaced by ***.
 */
export async function callWithRetry(request: RemoteRequest, options: RetryOptions): Promise<RemoteAnswer> {
  const policy = options.policy ?? CE_RETRY_POLICY;
  const host = origin(request.url);
  const apiKey = request.headers['api-key'] ?? '';
  let lastProblem: string;
  for (let attempt = 1; ; attempt++) {
    if (options.signal.aborted) throw new DeskError('cancelled', 'the sync was cancelled');
    let retryAfterMs: number | null = null;
    const thisTry = new AbortController();
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.any([options.signal, thisTry.signal, AbortSignal.timeout(options.timeoutMs ?? 120_000)]),
        // A redirect would carry the api-key header to wherever it points, https or not.
        redirect: 'manual',
      });
      const text = await readCappedText(response, MAX_ANSWER_BYTES, host, () => thisTry.abort());
      if (response.status >= 200 && response.status < 300) return { status: response.status, text };
      const said = redactKey(text, apiKey);
      if (response.status >= 300 && response.status < 400) {
        const to = redactKey(response.headers.get('location') ?? 'elsewhere', apiKey);
        throw new RemoteRefusal(response.status, `${host} answered with a redirect (HTTP ${response.status}) to ${to}; the sync does not follow redirects, which would carry the API key along: set the URL it points to`);
      }
      if (response.status === 401) {
        throw new RemoteRefusal(401, `${host} refused the API key (HTTP 401): check the key in Settings → Sync or $BLOCKLIST_DESK_API_KEY`);
      }
      if (!isTransient(response.status)) {
        throw new RemoteRefusal(response.status, `${host} refused the request (HTTP ${response.status}): ${serverMessage(said) || 'no reason given'}`);
      }
      lastProblem = `HTTP ${response.status}${said ? ` ${serverMessage(said)}` : ''}`;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      if (retryAfterMs !== null && retryAfterMs > MAX_RETRY_AFTER_MS) {
        throw new DeskError(
          'remote_unavailable',
          `CE asked to wait ${describeWait(retryAfterMs)} (${host}, HTTP ${response.status} with Retry-After), more than the ${describeWait(MAX_RETRY_AFTER_MS)} a sync waits; nothing was lost: try later`,
        );
      }
    } catch (err) {
      if (err instanceof DeskError) throw err;
      if (options.signal.aborted) throw new DeskError('cancelled', 'the sync was cancelled');
      // fetch rejects on a refused, reset or dropped connection and on our timeout.
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      lastProblem = redactKey(`no answer (${cause?.code ?? cause?.message ?? (err as Error).message})`, apiKey);
    }
    if (attempt >= policy.maxTries) {
      throw new DeskError('remote_unavailable', `${host} did not accept the request after ${attempt} tries; last: ${lastProblem}. Nothing was lost: run the sync again later.`);
    }
    const delayMs = retryDelay(attempt - 1, retryAfterMs, policy, options.random);
    options.onRetry?.({ attempt, delayMs, why: lastProblem });
    await sleep(delayMs, options.signal);
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** CE-SYNC.md: plain http:// only for loopback addresses; anything else must be https://. */
export function checkRemoteUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DeskError('usage', `"${text}" is not a URL (for example https://ce.example.com/blocklist/v1)`);
  }
  if (url.username !== '' || url.password !== '') {
    // fetch refuses such a URL outright, and a password kept in the settings and job reports is a leak.
    throw new DeskError('usage', `the sync URL must not carry a user name or password (${url.protocol}//…@${url.host}): CE takes the API key in its api-key header, from Sync settings or $BLOCKLIST_DESK_API_KEY; give the URL without "user:password@"`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return url;
  if (url.protocol === 'http:') throw new DeskError('usage', `${url.host} must be reached over https:// (plain http:// is allowed only for this computer)`);
  throw new DeskError('usage', `"${text}" is not an http(s) URL`);
}
