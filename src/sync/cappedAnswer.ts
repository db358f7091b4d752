import { DeskError } from '../domain/errors';

/**
 * The most one answer of a remote may be. A pulled page of 1000 changes at the largest
 * allowed fields, every character JSON-escaped, is about 5 MB; 32 MB leaves room for a
 * chatty server and keeps a broken one (a 1.5 GB answer took the app to 3.2 GB resident)
 * from taking the memory with it.
 */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export function tooLarge(where: string, limit: number): DeskError {
  return new DeskError(
    'remote_refused',
    `${where} sent an answer larger than ${formatBytes(limit)}, the most the sync reads of one answer; it stopped reading, did not try again, and kept what earlier steps finished. Ask CE's administrators why the answer is so large.`,
  );
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

/**
 * The answer's body as text, read as a stream and given up (the request aborted through
 * `abort`) as soon as it passes `limit` bytes — or at once when Content-Length says it will.
 */
export async function readCappedText(response: Response, limit: number, where: string, abort: () => void): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) {
    abort();
    throw tooLarge(where, limit);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      abort();
      await reader.cancel().catch(() => {});
      throw tooLarge(where, limit);
    }
    chunks.push(value);
  }
  // As response.text() decodes: UTF-8, a leading BOM dropped, bad bytes replaced.
  return new TextDecoder().decode(Buffer.concat(chunks));
}
