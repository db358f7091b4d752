import fs from 'node:fs';
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { readTables } from '../../../src/files/readTables';
import { classifyEntry } from '../../../src/files/zipEntries';
import { expectSameRecords, readAll, readError, referenceParse, tempFolder, writeFile } from './tableKit';
import { trickyCsv } from './trickyCsv';

const dir = tempFolder('zip');

function zipOf(entries: [string, string | Buffer][], options: { stored?: boolean } = {}): Buffer {
  const zip = new AdmZip();
  for (const [name, content] of entries) {
    zip.addFile(name, typeof content === 'string' ? Buffer.from(content) : content);
    if (options.stored) {
      const entry = zip.getEntry(name);
      if (entry) entry.header.method = 0;
    }
  }
  return zip.toBuffer();
}

/** adm-zip cleans unsafe names, so the test writes a same-length placeholder and patches the bytes. */
function renameEntry(zip: Buffer, placeholder: string, name: string): Buffer {
  expect(Buffer.byteLength(placeholder)).toBe(Buffer.byteLength(name));
  const out = Buffer.from(zip);
  const from = Buffer.from(placeholder);
  let at = out.indexOf(from);
  let count = 0;
  while (at !== -1) {
    Buffer.from(name).copy(out, at);
    count++;
    at = out.indexOf(from, at + 1);
  }
  expect(count).toBe(2); // the local header and the central directory
  return out;
}

/** Offsets of the central directory records (signature PK\1\2). */
function centralRecords(zip: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = zip.indexOf('PK\u0001\u0002', 0, 'latin1'); at !== -1; at = zip.indexOf('PK\u0001\u0002', at + 1, 'latin1')) offsets.push(at);
  return offsets;
}

describe('readTables: ZIP archives', () => {
  it('reads every .csv and .txt entry as a stream, skipping folders, __MACOSX and dotfiles silently and naming what else it skips', async () => {
    const nested = zipOf([['inner.csv', 'email\na@b.c\n']]);
    const file = writeFile(
      dir,
      'vendor.zip',
      zipOf([
        ['exports/', Buffer.alloc(0)],
        ['exports/2024/dnc.csv', 'email;mobile\r\na@b.c;9876543210\r\n'],
        ['exports/ids.txt', 'C1\nC2\n'],
        ['__MACOSX/exports/._dnc.csv', Buffer.from([0, 5, 22, 7, 0, 2, 0, 0])],
        ['exports/.DS_Store', Buffer.from([0, 0, 0, 1, 66, 117, 100, 49])],
        ['.hidden/x.csv', 'email\nz@z.z\n'],
        ['more.zip', nested],
        ['readme.pdf', '%PDF-1.4'],
        ['empty.csv', ''],
      ]),
    );
    const result = await readAll([file]);
    expect(result.tables).toEqual([
      { file: `${file}!exports/2024/dnc.csv`, encoding: 'utf-8', delimiter: ';', kind: 'csv' },
      { file: `${file}!exports/ids.txt`, encoding: 'utf-8', delimiter: '', kind: 'txt' },
    ]);
    expect(result.byTable.get(`${file}!exports/2024/dnc.csv`)).toEqual([['email', 'mobile'], ['a@b.c', '9876543210']]);
    expect(result.byTable.get(`${file}!exports/ids.txt`)).toEqual([['C1'], ['C2']]);
    expect(result.warnings.sort()).toEqual(
      [
        `${file}!more.zip skipped: it is an archive inside the archive; nested archives are not opened, extract it and import it on its own`,
        `${file}!readme.pdf skipped: it is not a .csv, .txt or .xlsx file`,
        `${file}!empty.csv skipped: it is empty`,
      ].sort(),
    );
  });

  it('recognises a ZIP by its signature whatever its name, stored entries included', async () => {
    const file = writeFile(dir, 'actually-a-zip.csv', zipOf([['list.csv', 'email\na@b.c\n']], { stored: true }));
    const result = await readAll([file]);
    expect(result.records).toEqual([['email'], ['a@b.c']]);
  });

  it('detects each entry’s encoding, inflating twice when it must check for UTF-8 first', async () => {
    const file = writeFile(
      dir,
      'encodings.zip',
      zipOf([
        ['latin.csv', Buffer.concat([Buffer.from('name\nCaf'), Buffer.from([0xe9]), Buffer.from('\n')])],
        ['wide.csv', Buffer.from('\uFEFFname\r\nZoë\r\n', 'utf16le')],
      ]),
    );
    for (const chunkBytes of [undefined, 3]) {
      const result = await readAll([file], { chunkBytes });
      expect(result.tables.map((t) => t.encoding)).toEqual(['windows-1252', 'utf-16le']);
      expect(result.records).toEqual([['name'], ['Café'], ['name'], ['Zoë']]);
      expect(result.warnings).toEqual([`${file}!latin.csv is not valid UTF-8; it was read as Windows-1252 (Western European)`]);
    }
  });

  it('streams a large entry across many inflate chunks exactly as the reference parse reads it', async () => {
    const text = trickyCsv(3 * 1024 * 1024, 16_384, 21);
    const file = writeFile(dir, 'tricky.zip', zipOf([['deep/dir/tricky.csv', text]]));
    for (const chunkBytes of [undefined, 4093, 61]) expectSameRecords(await readAll([file], { chunkBytes }), referenceParse(text, ','));
  });

  it('reports progress in compressed bytes, ending at the archive size', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `C${i},user${i}@example.com`).join('\n');
    const file = writeFile(dir, 'progress.zip', zipOf([['a.csv', `id,email\n${rows}`], ['b.csv', `id,email\n${rows}`]]));
    const size = fs.statSync(file).size;
    const seen: number[] = [];
    await readAll([file], { onProgress: (read, total) => (expect(total).toBe(size), seen.push(read)) });
    expect(seen.every((v, i) => i === 0 || v > (seen[i - 1] as number))).toBe(true);
    expect(seen.at(-1)).toBe(size);
  });

  it('throws cancelled between entries and inside one', async () => {
    const rows = 'email\n' + 'a@b.c\n'.repeat(50_000);
    const file = writeFile(dir, 'cancel.zip', zipOf([['a.csv', rows], ['b.csv', rows]]));
    const controller = new AbortController();
    await expect(
      (async () => {
        for await (const event of readTables([file], { signal: controller.signal, batchSize: 500 })) if (event.type === 'records') controller.abort();
      })(),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('readTables: hostile and broken ZIPs', () => {
  // Zip bombs (ratios, overlapping entries) are in zipBombs.test.ts.
  it('enforces the total inflated size and the entry count', async () => {
    const rows = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `user${i}@example.com\n`).join(''));
    const file = writeFile(dir, 'total.zip', zipOf([['a.txt', rows], ['b.txt', rows]]));
    const limits = { maxTotalBytes: rows.length * 1.5, maxEntries: 10, maxRatio: 200 };
    expect((await readError([file], 'zip_limits', { zipLimits: limits })).message).toMatch(/total\.zip: its \.csv and \.txt entries would inflate to 1\.7 MiB by their headers, more than the limit of 1\.2 MiB; it looks like a zip bomb/);
    const many = writeFile(dir, 'many.zip', zipOf(Array.from({ length: 5 }, (_, i) => [`f${i}.csv`, 'email\na@b.c\n'] as [string, string])));
    expect((await readError([many], 'zip_limits', { zipLimits: { ...limits, maxEntries: 3 } })).message).toMatch(/many\.zip has 5 entries, more than the limit of 3; it looks like a zip bomb/);
  });

  it('refuses entry names that escape the folder (zip slip), naming the entry', async () => {
    const slip = renameEntry(zipOf([['ok.csv', 'email\na@b.c\n'], ['AAAevil.csv', 'email\nx@y.z\n']]), 'AAAevil.csv', '../evil.csv');
    const file = writeFile(dir, 'slip.zip', slip);
    expect((await readError([file], 'zip_invalid')).message).toBe(`${file}!../evil.csv: the entry name points outside the archive (absolute path or ".."); the ZIP was refused as unsafe`);
    const absolute = writeFile(dir, 'absolute.zip', renameEntry(zipOf([['Aetc/x.csv', 'email\na@b.c\n']]), 'Aetc/x.csv', '/etc/x.csv'));
    expect((await readError([absolute], 'zip_invalid')).message).toMatch(/absolute\.zip!\/etc\/x\.csv: the entry name points outside the archive/);
  });

  it('refuses a truncated ZIP and an entry whose compressed data is corrupt', async () => {
    const good = zipOf([['list.csv', 'email\n' + 'a@b.c\n'.repeat(1000)]]);
    const truncated = writeFile(dir, 'truncated.zip', good.subarray(0, Math.floor(good.length / 2)));
    expect((await readError([truncated], 'zip_invalid')).message).toMatch(/truncated\.zip is not a readable ZIP archive \(truncated or corrupt: .*\)$/);
    const corrupt = Buffer.from(good);
    const dataStart = 30 + corrupt.readUInt16LE(26) + corrupt.readUInt16LE(28);
    corrupt[dataStart] = 0xff; // deflate block type 3: reserved, invalid
    const file = writeFile(dir, 'corrupt.zip', corrupt);
    expect((await readError([file], 'zip_invalid')).message).toMatch(/corrupt\.zip!list\.csv cannot be decompressed; the ZIP is truncated or corrupt \(.+\)$/);
  });

  it('does not trust header sizes: an entry inflating past its declared size is refused', async () => {
    const zip = zipOf([['list.csv', 'email\n' + 'a@b.c\n'.repeat(1000)]]);
    for (const at of centralRecords(zip)) zip.writeUInt32LE(10, at + 24); // uncompressed size
    zip.writeUInt32LE(10, 22); // and in the local header
    const file = writeFile(dir, 'liar.zip', zip);
    expect((await readError([file], 'zip_invalid')).message).toMatch(/liar\.zip!list\.csv cannot be decompressed.*too many bytes/);
  });

  it('refuses encrypted entries and unsupported compression methods by name', async () => {
    const encrypted = zipOf([['secret.csv', 'email\na@b.c\n']]);
    for (const at of centralRecords(encrypted)) encrypted.writeUInt16LE(encrypted.readUInt16LE(at + 8) | 1, at + 8);
    const file = writeFile(dir, 'encrypted.zip', encrypted);
    expect((await readError([file], 'zip_invalid')).message).toBe(`${file}!secret.csv is password-protected; encrypted ZIP entries are not supported`);
    const lzma = zipOf([['packed.csv', 'email\na@b.c\n']]);
    for (const at of centralRecords(lzma)) lzma.writeUInt16LE(14, at + 10);
    const file2 = writeFile(dir, 'lzma.zip', lzma);
    expect((await readError([file2], 'zip_invalid')).message).toMatch(/lzma\.zip!packed\.csv uses ZIP compression method 14, which is not supported/);
  });

  it('calls a ZIP without CSV, TXT or workbook rows empty, and reads a workbook named .zip as the workbook it is', async () => {
    const none = writeFile(dir, 'none.zip', zipOf([['a.pdf', '%PDF'], ['b.zip', zipOf([['x.csv', 'a\n']])], ['c.csv', '\n\n']]));
    expect((await readError([none], 'file_empty')).message).toBe(`${none} contains no .csv, .txt or .xlsx file with rows (skipped: a.pdf, b.zip)`);
    const emptyZip = writeFile(dir, 'nothing.zip', new AdmZip().toBuffer());
    expect((await readError([emptyZip], 'file_empty')).message).toBe(`${emptyZip} contains no .csv, .txt or .xlsx file with rows`);
    const workbook = writeFile(dir, 'book.zip', zipOf([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook/>']]));
    expect((await readError([workbook], 'file_empty')).message).toBe(`${workbook} has no worksheet with rows`);
  });

  it('refuses a binary entry named .csv like a binary file', async () => {
    const file = writeFile(dir, 'binary-entry.zip', zipOf([['data.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13])]]));
    expect((await readError([file], 'file_not_text')).message).toBe(`${file}!data.csv is a PNG image, not a CSV or TXT file`);
  });
});

describe('classifyEntry', () => {
  it('sorts entry names into read, skip silently and skip with a warning', () => {
    expect(classifyEntry('a/b/LIST.CSV')).toEqual({ action: 'read', kind: 'csv' });
    expect(classifyEntry('ids.Txt')).toEqual({ action: 'read', kind: 'txt' });
    expect(classifyEntry('./exports/list.csv')).toEqual({ action: 'read', kind: 'csv' });
    for (const name of ['dir/', '__MACOSX/._a.csv', '.DS_Store', 'a/.git/x.csv', 'a/._b.csv']) expect(classifyEntry(name), name).toEqual({ action: 'skip' });
    for (const name of ['a.zip', 'b.tar', 'c.gz', 'd.7z', 'e.rar', 'f.tgz']) expect(classifyEntry(name)).toMatchObject({ action: 'warn', reason: expect.stringMatching(/archive inside the archive/) });
    expect(classifyEntry('in/Book.XLSX')).toEqual({ action: 'read', kind: 'xlsx' });
    expect(classifyEntry('notes.docx')).toEqual({ action: 'warn', reason: 'is not a .csv, .txt or .xlsx file' });
  });
});
