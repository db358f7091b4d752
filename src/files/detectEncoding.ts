import { isUtf8 } from 'node:buffer';

/** The text encodings a blocklist file may use (DESIGN.md, Files: Encodings). */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface ByteOrderMark {
  encoding: TextEncoding;
  /** How many bytes the mark takes; they are skipped, never decoded into the first cell. */
  length: number;
}

/** The encoding a byte-order mark announces, or null when `head` starts without one. */
export function sniffByteOrderMark(head: Buffer): ByteOrderMark | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * Checks, chunk by chunk, that a byte stream is valid UTF-8. `isUtf8` is fast (simdutf)
 * but judges one buffer at a time, so a multi-byte sequence split by a chunk boundary
 * is held back (at most 3 bytes) and validated together with the start of the next chunk.
 */
export class Utf8Validator {
  private carry: Buffer = Buffer.alloc(0);
  private valid = true;

  /** Feeds the next chunk; returns false as soon as the stream is known not to be UTF-8. */
  push(chunk: Buffer): boolean {
    if (!this.valid) return false;
    let start = 0;
    if (this.carry.length > 0) {
      const need = sequenceLength(this.carry[0] ?? 0) - this.carry.length;
      if (chunk.length < need) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return true;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, need)]);
      this.carry = Buffer.alloc(0);
      start = need;
      if (!isUtf8(joined)) return (this.valid = false);
    }
    const cut = incompleteTailStart(chunk, start);
    if (cut > start && !isUtf8(chunk.subarray(start, cut))) return (this.valid = false);
    if (cut < chunk.length) this.carry = Buffer.from(chunk.subarray(cut));
    return true;
  }

  /** Ends the stream: a sequence still held back is truncated, so not UTF-8. */
  end(): boolean {
    if (this.carry.length > 0) this.valid = false;
    return this.valid;
  }
}

/** Bytes a UTF-8 sequence takes, judged by its lead byte (invalid leads count as 1). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/**
 * Where a multi-byte sequence that the chunk's end cuts short begins; `chunk.length`
 * when the chunk ends on a sequence boundary. Looks back at most three bytes.
 */
function incompleteTailStart(chunk: Buffer, from: number): number {
  const end = chunk.length;
  let i = end - 1;
  const stop = Math.max(from, end - 4);
  while (i >= stop && ((chunk[i] ?? 0) & 0xc0) === 0x80) i--;
  if (i < stop) return end;
  const lead = chunk[i] ?? 0;
  if (lead < 0xc0) return end;
  return end - i < sequenceLength(lead) ? i : end;
}
