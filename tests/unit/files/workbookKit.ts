import AdmZip from 'adm-zip';

/**
 * Workbooks built by hand from their XML, the way Excel lays them out (the worksheet
 * stored before the shared strings), so the reader is tested against the format and not
 * only against our own writer.
 */
export interface HandSheet {
  name: string;
  /** The worksheet part's XML inside `<sheetData>`. */
  rows: string;
  hidden?: boolean;
}

export interface HandWorkbook {
  sheets: HandSheet[];
  /** Shared strings, in index order (each the XML inside `<si>`). */
  sharedStrings?: string[];
  /** `<numFmt>` elements and the numFmtId of each cellXfs entry, in order. */
  numFmts?: string;
  cellXfs?: number[];
  date1904?: boolean;
  /** A namespace prefix for the worksheet's elements (`x:`), as some .NET tools write. */
  prefix?: string;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function handWorkbook(book: HandWorkbook): Buffer {
  const zip = new AdmZip();
  const add = (name: string, xml: string) => zip.addFile(name, Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n${xml}`));
  add(
    '[Content_Types].xml',
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
  );
  add('_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  const sheets = book.sheets
    .map((sheet, i) => `<sheet name="${sheet.name}" sheetId="${i + 1}"${sheet.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`)
    .join('');
  add('xl/workbook.xml', `<workbook xmlns="${MAIN}" xmlns:r="${REL}">${book.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${sheets}</sheets></workbook>`);
  const n = book.sheets.length;
  add(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${book.sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('')}<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
  );
  const p = book.prefix ?? '';
  book.sheets.forEach((sheet, i) => {
    const ns = p ? `xmlns:${p.slice(0, -1)}="${MAIN}"` : `xmlns="${MAIN}"`;
    add(`xl/worksheets/sheet${i + 1}.xml`, `<${p}worksheet ${ns} xmlns:r="${REL}"><${p}dimension ref="A1"/><${p}sheetData>${sheet.rows}</${p}sheetData><${p}pageMargins left="0.7"/></${p}worksheet>`);
  });
  const xfs = (book.cellXfs ?? [0]).map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`).join('');
  add('xl/styles.xml', `<styleSheet xmlns="${MAIN}">${book.numFmts ? `<numFmts>${book.numFmts}</numFmts>` : ''}<cellXfs count="${(book.cellXfs ?? [0]).length}">${xfs}</cellXfs></styleSheet>`);
  const strings = book.sharedStrings ?? [];
  add('xl/sharedStrings.xml', `<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si>${s}</si>`).join('')}</sst>`);
  return zip.toBuffer();
}

/** A ZIP holding `entries` (deflated), e.g. a workbook beside a CSV. */
export function zipOf(entries: [string, string | Buffer][]): Buffer {
  const zip = new AdmZip();
  for (const [name, content] of entries) zip.addFile(name, typeof content === 'string' ? Buffer.from(content) : content);
  return zip.toBuffer();
}
