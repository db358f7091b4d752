import { StringDecoder } from 'node:string_decoder';
import type { TextEncoding } from './detectEncoding';

/** Turns a byte stream into text chunk by chunk; a character split across chunks is held back. */
export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

/**
 * StringDecoder for UTF-8 and UTF-16 LE (it carries split sequences and is the fastest
 * path in Node: it calls the native slice functions); TextDecoder in streaming mode
 * for the two encodings StringDecoder lacks. Invalid UTF-8 becomes U+FFFD here; the
 * caller decides beforehand whether the bytes are UTF-8 at all.
 */
export function createChunkDecoder(encoding: TextEncoding): ChunkDecoder {
  switch (encoding) {
    case 'utf-8':
    case 'utf-16le': {
      const decoder = new StringDecoder(encoding === 'utf-8' ? 'utf8' : 'utf16le');
      return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() };
    }
    case 'utf-16be':
    case 'windows-1252': {
      const decoder = new TextDecoder(encoding);
      return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
    }
  }
}
