import fs from 'node:fs';
import zlib from 'node:zlib';
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { readTables } from '../../../src/files/readTables';
import { DEFAULT_ZIP_LIMITS, entryLabel, InflateBudget, ZipArchive, type ZipLimits } from '../../../src/files/zipEntries';
import { readAll, tempFolder, writeFile } from './tableKit';

const dir = tempFolder('zipbomb');

/** What a local header and a central directory record say about an entry; the bytes are laid out by each test. */
interface Member {
  name: string;
  /** Where its local header starts; central directory records only. */
  offset?: number;
  method: 0 | 8;
  flags?: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
}

const DATA_DESCRIPTOR_FLAG = 0x0008;

/** A member that deflates `content` honestly, with its compressed bytes. */
function deflated(name: string, content: Buffer): { member: Member; data: Buffer } {
  const data = zlib.deflateRawSync(content);
  return { member: { name, method: 8, crc: zlib.crc32(content), compressedSize: data.length, uncompressedSize: content.length }, data };
}

function localHeader(member: Member): Buffer {
  const name = Buffer.from(member.name);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4); // version needed: 2.0, deflate
  header.writeUInt16LE(member.flags ?? 0, 6);
  header.writeUInt16LE(member.method, 8);
  header.writeUInt16LE(0x0021, 12); // 1980-01-01
  // With a data descriptor the sizes and CRC follow the data, as streaming zippers write them.
  const described = ((member.flags ?? 0) & DATA_DESCRIPTOR_FLAG) !== 0;
  header.writeUInt32LE(described ? 0 : member.crc, 14);
  header.writeUInt32LE(described ? 0 : member.compressedSize, 18);
  header.writeUInt32LE(described ? 0 : member.uncompressedSize, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name]);
}

/** The 16-byte form, with its signature. */
function dataDescriptor(member: Member): Buffer {
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(member.crc, 4);
  descriptor.writeUInt32LE(member.compressedSize, 8);
  descriptor.writeUInt32LE(member.uncompressedSize, 12);
  return descriptor;
}

function centralRecord(member: Member): Buffer {
  const name = Buffer.from(member.name);
  const record = Buffer.alloc(46);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(20, 4);
  record.writeUInt16LE(20, 6);
  record.writeUInt16LE(member.flags ?? 0, 8);
  record.writeUInt16LE(member.method, 10);
  record.writeUInt16LE(0x0021, 14);
  record.writeUInt32LE(member.crc, 16);
  record.writeUInt32LE(member.compressedSize, 20);
  record.writeUInt32LE(member.uncompressedSize, 24);
  record.writeUInt16LE(name.length, 28);
  record.writeUInt32LE(member.offset ?? 0, 42);
  return Buffer.concat([record, name]);
}

/** `body` (local headers and data, laid out by the caller), then a central directory of `members` and its end record. */
function archive(body: Buffer, members: Member[]): Buffer {
  const directory = Buffer.concat(members.map(centralRecord));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, directory, end]);
}

/** Entries laid out one after another, as any archiver writes them; `described` ones carry a data descriptor. */
function sideBySide(entries: { name: string; content: Buffer; described?: boolean }[]): Buffer {
  const parts: Buffer[] = [];
  const members: Member[] = [];
  let offset = 0;
  for (const { name, content, described } of entries) {
    const { member, data } = deflated(name, content);
    const placed = { ...member, offset, flags: described ? DATA_DESCRIPTOR_FLAG : 0 };
    const bytes = Buffer.concat([localHeader(placed), data, described ? dataDescriptor(placed) : Buffer.alloc(0)]);
    parts.push(bytes);
    members.push(placed);
    offset += bytes.length;
  }
  return archive(Buffer.concat(parts), members);
}

/** A deflate stored block, not final, holding `bytes` verbatim. */
function storedBlockHeader(length: number): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt16LE(length, 1);
  header.writeUInt16LE(~length & 0xffff, 3);
  return header;
}

function emails(count: number): Buffer {
  return Buffer.from('email\n' + Array.from({ length: count }, (_, i) => `user${i}@example.com\n`).join(''));
}

/** Runs readTables, returning the events sent before it failed and the error. */
async function readUntilFailure(file: string, zipLimits?: ZipLimits): Promise<{ events: string[]; error: unknown }> {
  const events: string[] = [];
  try {
    for await (const event of readTables([file], { zipLimits })) events.push(event.type);
  } catch (error) {
    return { events, error };
  }
  return { events, error: null };
}

describe('readTables: overlapping ZIP entries (the zip bomb without recursion)', () => {
  it('refuses 9 000 directory entries that share one local header and its compressed rows, before any row is sent', async () => {
    const { member, data } = deflated('kernel.csv', emails(20_000));
    const body = Buffer.concat([localHeader(member), data]);
    const members = Array.from({ length: 9000 }, (_, i) => ({ ...member, name: `part${i}.csv`, offset: 0 }));
    const file = writeFile(dir, 'shared.zip', archive(body, members));
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024); // yet it would read as 180 million rows
    const { events, error } = await readUntilFailure(file);
    expect(error).toMatchObject({
      code: 'zip_invalid',
      message: `${file} has overlapping entries: part0.csv and part1.csv share bytes of the archive, the way a zip bomb multiplies its data; the ZIP was refused as unsafe`,
    });
    expect(events).toEqual([]);
  });

  it('refuses local headers quoted inside the compressed data of the entry before them', async () => {
    // Each entry's data is a stored block holding the next local header, then the next
    // entry's data: every entry inflates to the headers after it and the shared rows.
    const rows = emails(2000);
    const kernel = zlib.deflateRawSync(rows);
    const names = ['a.csv', 'b.csv', 'c.csv'];
    let data = kernel;
    let inflated = rows;
    let headers: Buffer[] = [];
    let members: Member[] = [];
    for (let i = names.length - 1; i >= 0; i--) {
      const member: Member = { name: names[i] as string, method: 8, crc: zlib.crc32(inflated), compressedSize: data.length, uncompressedSize: inflated.length };
      const header = localHeader(member);
      headers = [header, ...headers];
      members = [member, ...members];
      data = Buffer.concat([storedBlockHeader(header.length), header, data]);
      inflated = Buffer.concat([header, inflated]);
    }
    let offset = 0;
    for (const [i, member] of members.entries()) {
      member.offset = offset;
      offset += (headers[i] as Buffer).length + 5;
    }
    const body = Buffer.concat([headers[0] as Buffer, data.subarray(5 + (headers[0] as Buffer).length)]);
    expect(body.length).toBe((members[2]?.offset ?? 0) + (headers[2] as Buffer).length + kernel.length);
    const file = writeFile(dir, 'quoted.zip', archive(body, members));
    const { events, error } = await readUntilFailure(file);
    expect(error).toMatchObject({ code: 'zip_invalid', message: expect.stringMatching(/quoted\.zip has overlapping entries: a\.csv and b\.csv share bytes of the archive/) });
    expect(events).toEqual([]);
  });

  it('counts a data descriptor as part of its entry', async () => {
    // The flag says 12 to 24 bytes follow a.csv's data, but b.csv's header starts right there.
    const a = deflated('a.csv', emails(100));
    const b = deflated('b.csv', emails(100));
    const first = { ...a.member, offset: 0, flags: DATA_DESCRIPTOR_FLAG };
    const firstBytes = Buffer.concat([localHeader(first), a.data]);
    const second = { ...b.member, offset: firstBytes.length };
    const file = writeFile(dir, 'descriptor-overlap.zip', archive(Buffer.concat([firstBytes, localHeader(second), b.data]), [first, second]));
    const { events, error } = await readUntilFailure(file);
    expect(error).toMatchObject({ code: 'zip_invalid', message: expect.stringMatching(/descriptor-overlap\.zip has overlapping entries: a\.csv and b\.csv share bytes/) });
    expect(events).toEqual([]);
  });

  it('refuses an entry whose data runs into the central directory', async () => {
    const { member, data } = deflated('list.csv', emails(100));
    const body = Buffer.concat([localHeader(member), data]);
    const file = writeFile(dir, 'into-directory.zip', archive(body, [{ ...member, offset: 0, compressedSize: data.length + 20 }]));
    const { events, error } = await readUntilFailure(file);
    expect(error).toMatchObject({ code: 'zip_invalid', message: `${entryLabel(file, 'list.csv')} overlaps the archive's central directory; the ZIP was refused as unsafe` });
    expect(events).toEqual([]);
  });
});

describe('readTables: inflated size against the archive’s size', () => {
  it('refuses one honest entry that inflates more than 200 times, before any row is sent', async () => {
    const file = writeFile(dir, 'ratio.zip', sideBySide([{ name: 'big.csv', content: Buffer.alloc(64 * 1024 * 1024, 'a@b.c\n') }]));
    const { events, error } = await readUntilFailure(file);
    expect(error).toMatchObject({
      code: 'zip_limits',
      message: expect.stringMatching(/ratio\.zip!big\.csv would inflate to 64 MiB by its header, more than 200 times its compressed size of .* KiB; it looks like a zip bomb and was not read$/),
    });
    expect(events).toEqual([]);
  });

  it('refuses many small entries that together inflate more than 200 times the archive, though each stays under the 1 MiB floor', async () => {
    const entries = Array.from({ length: 40 }, (_, i) => ({ name: `part${i}.csv`, content: Buffer.alloc(1_000_002, 'a@b.c\n') }));
    const file = writeFile(dir, 'small-parts.zip', sideBySide(entries));
    const size = fs.statSync(file).size;
    expect(40 * 1_000_002).toBeGreaterThan(200 * size);
    const { events, error } = await readUntilFailure(file);
    expect(error).toMatchObject({
      code: 'zip_limits',
      message: expect.stringMatching(/small-parts\.zip: its \.csv and \.txt entries would inflate to 38\.1 MiB by their headers, more than .* MiB, 200 times the archive's size of .* KiB; it looks like a zip bomb/),
    });
    expect(events).toEqual([]);
  });

  it('judges the declared sizes of the entries it reads only', async () => {
    // A large, honest binary beside the CSV is skipped, not inflated, so it does not count.
    const file = writeFile(dir, 'with-binary.zip', sideBySide([{ name: 'list.csv', content: emails(10) }, { name: 'manual.pdf', content: Buffer.alloc(8 * 1024 * 1024, 'x') }]));
    const result = await readAll([file], { zipLimits: { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1024 * 1024 } });
    expect(result.records).toHaveLength(11);
  });

  it('stops the bytes actually inflated, whatever the headers declared: per entry and over the archive', async () => {
    // Headers cannot lie about this with yauzl checking entry sizes, so the stream's own
    // check is driven here without the directory check in front of it.
    const inflateAll = async (file: string, limits: ZipLimits): Promise<unknown> => {
      const zip = await ZipArchive.open(file);
      try {
        const budget = new InflateBudget(file, zip.size, limits);
        for (const entry of await zip.readDirectory()) {
          let inflated = 0;
          for await (const chunk of await zip.openEntry(entry)) {
            inflated += (chunk as Buffer).length;
            budget.charge(entry, entryLabel(file, entry.fileName), inflated, (chunk as Buffer).length);
          }
        }
      } catch (err) {
        return err;
      } finally {
        zip.close();
      }
      return null;
    };
    const one = writeFile(dir, 'stream-one.zip', sideBySide([{ name: 'big.csv', content: Buffer.alloc(16 * 1024 * 1024, 'a@b.c\n') }]));
    expect(await inflateAll(one, DEFAULT_ZIP_LIMITS)).toMatchObject({ code: 'zip_limits', message: expect.stringMatching(/stream-one\.zip!big\.csv inflates to more than 200 times its compressed size of/) });
    const parts = writeFile(dir, 'stream-parts.zip', sideBySide(Array.from({ length: 40 }, (_, i) => ({ name: `part${i}.csv`, content: Buffer.alloc(1_000_002, 'a@b.c\n') }))));
    expect(await inflateAll(parts, DEFAULT_ZIP_LIMITS)).toMatchObject({
      code: 'zip_limits',
      message: expect.stringMatching(/stream-parts\.zip inflates to more than .* MiB, 200 times the archive's size of .* KiB \(at .*stream-parts\.zip!part\d+\.csv\); it looks like a zip bomb/),
    });
    const honest = writeFile(dir, 'stream-total.zip', sideBySide([{ name: 'a.csv', content: emails(50_000) }]));
    expect(await inflateAll(honest, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1_000_000 })).toMatchObject({ code: 'zip_limits', message: expect.stringMatching(/stream-total\.zip inflates to more than the limit of 976\.6 KiB \(at .*!a\.csv\)/) });
    expect(await inflateAll(honest, DEFAULT_ZIP_LIMITS)).toBeNull();
  });
});

describe('readTables: sound archives still read', () => {
  it('reads a few MB of exports, rows of near-identical values at 90:1 and entries with data descriptors', async () => {
    const exports = Buffer.from(
      'customer_id,mobile,email,category\n' + Array.from({ length: 60_000 }, (_, i) => `CUST${100_000 + i},+91${9_800_000_000 + i * 7},cust${i}@example.com,marketing\n`).join(''),
    );
    const similar = Buffer.from('email,whatsapp_blocked\n' + Array.from({ length: 200_000 }, (_, i) => `user${i % 1000}@example.com,yes\n`).join(''));
    const zip = new AdmZip();
    zip.addFile('exports/march.csv', exports);
    zip.addFile('exports/similar.csv', similar);
    const file = writeFile(dir, 'sound.zip', zip.toBuffer());
    const ratio = (exports.length + similar.length) / fs.statSync(file).size;
    expect(exports.length + similar.length).toBeGreaterThan(7 * 1024 * 1024);
    expect(ratio).toBeGreaterThan(15);
    const result = await readAll([file]);
    expect(result.records).toHaveLength(60_001 + 200_001);

    const streamed = writeFile(dir, 'streamed.zip', sideBySide([{ name: 'a.csv', content: emails(30_000), described: true }, { name: 'b.txt', content: emails(30_000), described: true }, { name: 'c.csv', content: emails(10) }]));
    const read = await readAll([streamed]);
    expect(read.records).toHaveLength(30_001 + 30_001 + 11);
  });
});
