import { columnLetters, type NumberFormat, type SheetCell } from './sheetCells';
import { escapeXmlText } from './xmlText';
import { ZipWriter } from './zipWriter';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Excel's limit on a sheet name's length, and the characters it refuses in one. */
const SHEET_NAME_MAX = 31;

/** A cell to write: text, or a cell as a workbook stored it (its number format kept). */
export type CellToWrite = string | SheetCell;

/**
 * Writes a one-sheet workbook row by row with bounded memory: the worksheet part is
 * streamed into the archive (ZipWriter) as rows come, text as inline strings (no shared
 * string table to hold), numbers as they were stored with their number format (so a date
 * stays a date and `00123` keeps its zeros), and the styles part, which lists the formats
 * met, after it. Written to `<path>.partial` and renamed into place on close.
 */
export class XlsxWriter {
  private readonly zip: ZipWriter;
  private row = 0;
  private readonly styles = new Map<NumberFormat, number>();
  private readonly letters: string[] = [];
  private pending = '';

  constructor(
    readonly path: string,
    sheetName: string,
  ) {
    this.zip = new ZipWriter(path);
    try {
      const name = escapeXmlText(safeSheetName(sheetName));
      this.zip.startEntry('[Content_Types].xml');
      this.zip.writeText(
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
      );
      this.zip.startEntry('_rels/.rels');
      this.zip.writeText(`${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
      this.zip.startEntry('xl/workbook.xml');
      this.zip.writeText(`${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`);
      this.zip.startEntry('xl/_rels/workbook.xml.rels');
      this.zip.writeText(
        `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
      );
      this.zip.startEntry('xl/worksheets/sheet1.xml');
      this.zip.writeText(`${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>`);
    } catch (err) {
      this.zip.abort();
      throw err;
    }
  }

  /** The next row; empty cells ('' or absent) are left out. */
  writeRow(cells: readonly (CellToWrite | undefined)[]): void {
    const r = ++this.row;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell === undefined) continue;
      const ref = `${this.letter(i)}${r}`;
      if (typeof cell === 'string') {
        if (cell !== '') xml += inlineString(ref, cell);
        continue;
      }
      switch (cell.type) {
        case 'n':
          xml += `<c r="${ref}"${this.style(cell.format)}><v>${escapeXmlText(cell.value)}</v></c>`;
          break;
        case 'b':
        case 'e':
          xml += `<c r="${ref}" t="${cell.type}"><v>${escapeXmlText(cell.value)}</v></c>`;
          break;
        default:
          if (cell.value !== '') xml += inlineString(ref, cell.value);
      }
    }
    this.pending += `${xml}</row>`;
    if (this.pending.length >= 64 * 1024) this.flush();
  }

  close(): void {
    this.flush();
    this.zip.writeText('</sheetData></worksheet>');
    this.zip.startEntry('xl/styles.xml');
    this.zip.writeText(this.stylesPart());
    this.zip.close();
  }

  abort(): void {
    this.pending = '';
    this.zip.abort();
  }

  private flush(): void {
    if (this.pending === '') return;
    this.zip.writeText(this.pending);
    this.pending = '';
  }

  private letter(index: number): string {
    return (this.letters[index] ??= columnLetters(index));
  }

  /** ` s="N"` for a cell with a number format other than General. */
  private style(format: NumberFormat | null): string {
    if (format === null || format.id === 0) return '';
    let index = this.styles.get(format);
    if (index === undefined) {
      index = this.styles.size + 1;
      this.styles.set(format, index);
    }
    return ` s="${index}"`;
  }

  /** Styles: the default one, then one per number format met, with the custom formats declared (ids from 164 up). */
  private stylesPart(): string {
    const custom: string[] = [];
    const xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
    let nextId = 164;
    for (const format of this.styles.keys()) {
      let id = format.id;
      if (id >= 164) {
        id = nextId++;
        custom.push(`<numFmt numFmtId="${id}" formatCode="${escapeXmlText(format.code)}"/>`);
      }
      xfs.push(`<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
    }
    const numFmts = custom.length > 0 ? `<numFmts count="${custom.length}">${custom.join('')}</numFmts>` : '';
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">${numFmts}<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    );
  }
}

function inlineString(ref: string, text: string): string {
  // Excel holds 32 767 characters in a cell; longer text is cut rather than make a file Excel refuses.
  const kept = text.length > 32_767 ? text.slice(0, 32_767) : text;
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXmlText(kept)}</t></is></c>`;
}

/** A name Excel accepts for a sheet: without `\ / ? * [ ] :`, 31 characters at most, not empty. */
export function safeSheetName(name: string): string {
  const cleaned = name.replace(/[\\/?*[\]:]/g, '_').replace(/^'+|'+$/g, '').slice(0, SHEET_NAME_MAX);
  return cleaned.trim() === '' ? 'Sheet1' : cleaned;
}
