import zlib from 'node:zlib';
import { DeskError } from '../domain/errors';
import { OutputFile } from './outputFile';

/** Text gathered before it is deflated and written: large enough that each piece compresses nearly as well as one stream. */
const PIECE_BYTES = 512 * 1024;
const UINT32_MAX = 0xffffffff;
/** Bit 3: sizes and CRC follow the data (a data descriptor); bit 11: names are UTF-8. */
const FLAGS = 0x0808;
/** A deflate stream's final block, empty: ends the sync-flushed pieces. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

interface CentralRecord {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const crc32: (data: Buffer, value: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (data, value) => zlib.crc32(data, value) : tableCrc32;

/**
 * Writes a ZIP archive entry by entry, synchronously and with bounded memory, as the
 * job's other writers do (OutputFile: `<path>.partial` renamed into place on close). Each
 * entry's data is deflated in pieces, each sync-flushed, so the pieces join into one
 * deflate stream (the way pigz joins its blocks) without holding the entry whole; sizes
 * and CRC follow in a data descriptor. No ZIP64: an entry or archive past 4 GiB is refused
 * (a worksheet that large would not open in Excel either).
 */
export class ZipWriter {
  private readonly file: OutputFile;
  private offset = 0;
  private readonly central: CentralRecord[] = [];
  private current: { name: Buffer; crc: number; compressed: number; size: number; offset: number; pending: string[]; pendingBytes: number } | null = null;
  private readonly time: number;
  private readonly date: number;

  constructor(readonly path: string) {
    this.file = new OutputFile(path, { atomic: true });
    const now = new Date();
    this.time = (now.getHours() << 11) | (now.getMinutes() << 5) | Math.floor(now.getSeconds() / 2);
    this.date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  }

  /** Starts an entry (ending the one before). */
  startEntry(name: string): void {
    this.endEntry();
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(this.time, 10);
    header.writeUInt16LE(this.date, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    this.current = { name: nameBytes, crc: 0, compressed: 0, size: 0, offset: this.offset, pending: [], pendingBytes: 0 };
    this.write(header);
    this.write(nameBytes);
  }

  /** Text for the current entry, UTF-8. */
  writeText(text: string): void {
    const entry = this.current;
    if (entry === null) throw new Error('ZipWriter: no entry started');
    entry.pending.push(text);
    entry.pendingBytes += text.length;
    if (entry.pendingBytes >= PIECE_BYTES) this.deflatePending();
  }

  /** Ends the last entry, writes the central directory and puts the file in place. */
  close(): void {
    this.endEntry();
    const start = this.offset;
    for (const record of this.central) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(FLAGS, 8);
      header.writeUInt16LE(8, 10);
      header.writeUInt16LE(this.time, 12);
      header.writeUInt16LE(this.date, 14);
      header.writeUInt32LE(record.crc >>> 0, 16);
      header.writeUInt32LE(record.compressed, 20);
      header.writeUInt32LE(record.size, 24);
      header.writeUInt16LE(record.name.length, 28);
      header.writeUInt32LE(record.offset, 42);
      this.write(header);
      this.write(record.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.central.length, 8);
    end.writeUInt16LE(this.central.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(this.tooLarge(start), 16);
    this.write(end);
    this.file.commit();
  }

  /** Drops the archive: nothing is left at `path`. */
  abort(): void {
    this.current = null;
    this.file.discard();
  }

  private endEntry(): void {
    const entry = this.current;
    if (entry === null) return;
    this.deflatePending();
    this.write(FINAL_BLOCK);
    entry.compressed += FINAL_BLOCK.length;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(this.tooLarge(entry.compressed), 8);
    descriptor.writeUInt32LE(this.tooLarge(entry.size), 12);
    this.write(descriptor);
    this.central.push({ name: entry.name, crc: entry.crc, compressed: entry.compressed, size: entry.size, offset: entry.offset });
    this.current = null;
  }

  private deflatePending(): void {
    const entry = this.current as NonNullable<ZipWriter['current']>;
    if (entry.pending.length === 0) return;
    const data = Buffer.from(entry.pending.join(''), 'utf8');
    entry.pending = [];
    entry.pendingBytes = 0;
    entry.crc = crc32(data, entry.crc);
    entry.size += data.length;
    const deflated = zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    entry.compressed += deflated.length;
    this.write(deflated);
  }

  private write(data: Buffer): void {
    this.file.write(data);
    this.offset += data.length;
    this.tooLarge(this.offset);
  }

  private tooLarge(bytes: number): number {
    if (bytes > UINT32_MAX) {
      this.abort();
      throw new DeskError('file_unreadable', `cannot write ${this.path}: it would pass 4 GiB, more than a workbook without ZIP64 can hold; write CSV instead`);
    }
    return bytes;
  }
}

let table: Int32Array | null = null;

/** CRC-32 (IEEE) for Node versions before zlib.crc32 (20.15). */
function tableCrc32(data: Buffer, value: number): number {
  if (table === null) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = ~value;
  for (let i = 0; i < data.length; i++) crc = (table[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}
