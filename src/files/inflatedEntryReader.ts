import { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** The end of the entry kept in memory once passed: a workbook's central directory is read from it. */
const TAIL_BYTES = 1024 * 1024;

/**
 * Random access to the inflated bytes of a ZIP entry, so that a workbook inside a ZIP is
 * opened like one on disk (yauzl reads its central directory, then its parts, by offset)
 * without being extracted. A deflate stream can only be read forwards: reads moving
 * forwards continue one inflating stream, a read behind it starts the stream again, and
 * the entry's last megabyte (where the central directory lies) is kept once passed. In
 * all, a workbook costs three or four passes over its entry, each as fast as inflating.
 */
export class InflatedEntryReader extends yauzl.RandomAccessReader {
  private stream: AsyncIterator<Buffer> | null = null;
  /** Offset of the next byte `stream` gives. */
  private at = 0;
  /** Bytes of the last chunk taken but not yet used. */
  private left: Buffer | null = null;
  private tail: Buffer | null = null;
  private tailParts: Buffer[] = [];
  private tailLength = 0;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly open: () => AsyncIterable<Buffer>,
    readonly size: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.range(start, end), { objectMode: false });
  }

  override close(callback: (err: Error | null) => void): void {
    void this.stop().then(() => callback(null), callback);
  }

  private async *range(start: number, end: number): AsyncGenerator<Buffer> {
    // One range is served at a time: they share the inflating stream.
    let release: () => void = () => {};
    const previous = this.busy;
    this.busy = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      const tailStart = this.size - (this.tail?.length ?? 0);
      if (this.tail !== null && start >= tailStart) {
        yield this.tail.subarray(start - tailStart, end - tailStart);
        return;
      }
      if (this.stream === null || start < this.at) await this.restart();
      while (this.at < end) {
        const chunk = await this.next();
        if (chunk === null) throw new Error(`the entry ended at byte ${this.at}, before byte ${end}`);
        const chunkStart = this.at;
        const chunkEnd = chunkStart + chunk.length;
        if (chunkEnd <= start) {
          this.at = chunkEnd;
          continue;
        }
        const from = Math.max(0, start - chunkStart);
        const to = Math.min(chunk.length, end - chunkStart);
        if (to < chunk.length) this.left = chunk.subarray(to);
        this.at = chunkStart + to;
        yield chunk.subarray(from, to);
      }
    } finally {
      release();
    }
  }

  private async next(): Promise<Buffer | null> {
    if (this.left !== null) {
      const left = this.left;
      this.left = null;
      return left;
    }
    const result = await (this.stream as AsyncIterator<Buffer>).next();
    if (result.done) return null;
    this.keepTail(result.value);
    return result.value;
  }

  /** Keeps the chunks within the entry's last TAIL_BYTES as the stream passes them, the first time. */
  private keepTail(chunk: Buffer): void {
    if (this.tail !== null) return;
    const chunkEnd = this.at + chunk.length;
    if (chunkEnd <= this.size - TAIL_BYTES) return;
    this.tailParts.push(chunk);
    this.tailLength += chunk.length;
    if (chunkEnd >= this.size) {
      const whole = Buffer.concat(this.tailParts, this.tailLength);
      this.tail = whole.subarray(Math.max(0, whole.length - TAIL_BYTES));
      this.tailParts = [];
    }
  }

  private async restart(): Promise<void> {
    await this.stop();
    this.stream = this.open()[Symbol.asyncIterator]();
    this.at = 0;
    this.tailParts = [];
    this.tailLength = 0;
  }

  private async stop(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    this.left = null;
    await stream?.return?.();
  }
}
