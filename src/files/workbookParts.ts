import path from 'node:path/posix';
import type yauzl from 'yauzl';
import { DeskError } from '../domain/errors';
import { numberFormat, type NumberFormat } from './sheetCells';
import { attribute, elements } from './xmlText';
import { entryError, type InflateBudget, type ZipArchive } from './zipEntries';

/** One sheet of a workbook, in tab order. */
export interface SheetInfo {
  name: string;
  /** Hidden or "very hidden": not offered first. */
  hidden: boolean;
  /** The worksheet part's entry; null for a chart sheet or a part the workbook lacks. */
  entry: yauzl.Entry | null;
}

/** What reading any sheet needs, from the workbook's small parts. */
export interface WorkbookParts {
  sheets: SheetInfo[];
  date1904: boolean;
  /** The number format of each cell style, by its index (`s="3"`). */
  cellFormats: NumberFormat[];
  /** The shared string table's entry, when the workbook has one. */
  sharedStrings: yauzl.Entry | null;
}

/** A small part (workbook, relationships, styles) larger than this is not one Excel wrote. */
const MAX_PART_BYTES = 64 * 1024 * 1024;

/**
 * Reads the parts that say what a workbook holds (ECMA-376 Part 1 and Open Packaging
 * Conventions): the package relationships lead to the workbook part, which lists the
 * sheets in tab order; its relationships lead to each worksheet, the shared strings and
 * the styles. Element names are matched whatever their namespace prefix, so Strict OOXML
 * workbooks read too.
 */
export async function readWorkbookParts(archive: ZipArchive, label: string, entries: yauzl.Entry[], budget: InflateBudget): Promise<WorkbookParts> {
  const byName = new Map(entries.map((entry) => [entry.fileName, entry]));
  const text = async (name: string): Promise<string | null> => {
    const entry = byName.get(name);
    return entry === undefined ? null : readPart(archive, entry, label, budget);
  };
  const packageRels = relationships(await text('_rels/.rels'), '');
  const workbookName = packageRels.find((rel) => rel.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbook = await text(workbookName);
  if (workbook === null) throw new DeskError('file_malformed', `${label} is a ZIP but not an Excel workbook (it has no ${workbookName}); open it in Excel and save it as .xlsx, or as CSV`);
  const rels = relationships(await text(relationshipsOf(workbookName)), path.dirname(workbookName));
  const target = (type: string): yauzl.Entry | null => {
    const name = rels.find((rel) => rel.type.endsWith(`/${type}`))?.target;
    return name === undefined ? null : (byName.get(name) ?? null);
  };
  const sheets: SheetInfo[] = [];
  for (const { tag } of elements(workbook, 'sheet')) {
    const id = relationshipId(tag);
    const rel = rels.find((r) => r.id === id);
    const isWorksheet = rel !== undefined && rel.type.endsWith('/worksheet');
    const state = attribute(tag, 'state') ?? 'visible';
    sheets.push({ name: attribute(tag, 'name') ?? `Sheet${sheets.length + 1}`, hidden: state !== 'visible', entry: isWorksheet ? (byName.get(rel.target) ?? null) : null });
  }
  let date1904 = false;
  for (const { tag } of elements(workbook, 'workbookPr')) {
    const value = attribute(tag, 'date1904');
    date1904 = value === '1' || value === 'true';
  }
  const styles = target('styles');
  return {
    sheets,
    date1904,
    cellFormats: styles === null ? [] : cellFormatsOf(await readPart(archive, styles, label, budget)),
    sharedStrings: target('sharedStrings'),
  };
}

interface Relationship {
  id: string;
  type: string;
  /** The part's entry name, resolved against the folder of the part the relationships belong to. */
  target: string;
}

function relationships(xml: string | null, base: string): Relationship[] {
  if (xml === null) return [];
  const found: Relationship[] = [];
  for (const { tag } of elements(xml, 'Relationship')) {
    const target = attribute(tag, 'Target');
    if (target === undefined || attribute(tag, 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? target.slice(1) : path.normalize(path.join(base, target));
    found.push({ id: attribute(tag, 'Id') ?? '', type: attribute(tag, 'Type') ?? '', target: resolved.replace(/^\.\//, '') });
  }
  return found;
}

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
function relationshipsOf(part: string): string {
  return path.join(path.dirname(part), '_rels', `${path.basename(part)}.rels`);
}

/** A sheet's `r:id` (whatever prefix the relationships namespace has). */
function relationshipId(tag: string): string | undefined {
  const match = /\s[A-Za-z_][\w.-]*:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The number format of each entry of `<cellXfs>`, in order. */
function cellFormatsOf(styles: string): NumberFormat[] {
  const codes = new Map<number, string>();
  for (const { tag } of elements(styles, 'numFmt')) {
    const id = Number(attribute(tag, 'numFmtId'));
    const code = attribute(tag, 'formatCode');
    if (Number.isInteger(id) && code !== undefined) codes.set(id, code);
  }
  const formats = new Map<number, NumberFormat>();
  const list: NumberFormat[] = [];
  for (const { inner } of elements(styles, 'cellXfs')) {
    for (const { tag } of elements(inner, 'xf')) {
      const id = Number(attribute(tag, 'numFmtId') ?? '0');
      const key = Number.isInteger(id) ? id : 0;
      let format = formats.get(key);
      if (format === undefined) {
        format = numberFormat(key, codes.get(key));
        formats.set(key, format);
      }
      list.push(format);
    }
  }
  return list;
}

/** A small part's text, whole. */
async function readPart(archive: ZipArchive, entry: yauzl.Entry, label: string, budget: InflateBudget): Promise<string> {
  if (entry.uncompressedSize > MAX_PART_BYTES) throw new DeskError('file_malformed', `${label}: its ${entry.fileName} is ${entry.uncompressedSize} bytes, far more than a workbook's ${entry.fileName} holds; it was not read`);
  const chunks: Buffer[] = [];
  for await (const chunk of partChunks(archive, entry, label, budget)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A part's inflated bytes, charged to the workbook's inflate budget. */
export async function* partChunks(archive: ZipArchive, entry: yauzl.Entry, label: string, budget: InflateBudget): AsyncGenerator<Buffer> {
  const stream = await archive.openEntry(entry);
  let inflated = 0;
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      inflated += bytes.length;
      budget.charge(entry, `${label}!${entry.fileName}`, inflated, bytes.length);
      yield bytes;
    }
  } catch (err) {
    throw entryError(`${label}!${entry.fileName}`, err);
  } finally {
    stream.destroy();
  }
}
