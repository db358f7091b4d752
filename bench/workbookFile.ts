import fs from 'node:fs';
import { readTables } from '../src/files/readTables';
import { escapeXmlText } from '../src/files/xmlText';
import { ZipWriter } from '../src/files/zipWriter';
import { writeContactsFile } from './contactsFile';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
/** Bytes of messy contacts CSV per row wanted, with room to spare (rows average about 105 bytes). */
const CSV_BYTES_PER_ROW = 118;

/**
 * The same `rows` rows as a CSV and as a workbook laid out the way Excel saves one: text
 * in the shared string table (stored after the worksheet), digits-only phones as numbers,
 * signup dates as date-formatted serials. The rows are the messy contacts file's first
 * `rows`, so the two imports read the very same data.
 */
export async function writeContactsWorkbook(csvFile: string, xlsxFile: string, rows: number): Promise<{ csvBytes: number; xlsxBytes: number }> {
  const source = `${csvFile}.source`;
  writeContactsFile(source, rows * CSV_BYTES_PER_ROW, 7);
  const csv = fs.openSync(csvFile, 'w');
  const zip = new ZipWriter(xlsxFile);
  zip.startEntry('[Content_Types].xml');
  zip.writeText(
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  zip.startEntry('_rels/.rels');
  zip.writeText(`${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  zip.startEntry('xl/workbook.xml');
  zip.writeText(`${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr/><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>`);
  zip.startEntry('xl/_rels/workbook.xml.rels');
  zip.writeText(
    `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  zip.startEntry('xl/worksheets/sheet1.xml');
  zip.writeText(`${HEAD}<worksheet xmlns="${MAIN}"><dimension ref="A1:G${rows + 1}"/><sheetData>`);
  const strings = new Map<string, number>();
  const shared = (text: string): number => {
    let index = strings.get(text);
    if (index === undefined) {
      index = strings.size;
      strings.set(text, index);
    }
    return index;
  };
  let written = -1;
  let csvText = '';
  let csvBytes = 0;
  reading: for await (const event of readTables([source], { keepRawText: true, batchSize: 5000 })) {
    if (event.type !== 'records') continue;
    for (let i = 0; i < event.records.length; i++) {
      if (written >= rows) break reading;
      const record = event.records[i] as string[];
      const r = written + 2;
      let xml = `<row r="${r}">`;
      record.forEach((cell, c) => {
        const ref = `${String.fromCharCode(65 + c)}${r}`;
        if (cell === '') return;
        if (written >= 0 && c === 3 && /^\d{10,12}$/.test(cell)) xml += `<c r="${ref}"><v>${Number(cell)}</v></c>`;
        else if (written >= 0 && c === 5 && /^\d{4}-\d{2}-\d{2}$/.test(cell)) xml += `<c r="${ref}" s="1"><v>${Date.parse(cell) / 86_400_000 + 25569}</v></c>`;
        else xml += `<c r="${ref}" t="s"><v>${shared(cell)}</v></c>`;
      });
      zip.writeText(`${xml}</row>`);
      csvText += event.raw?.[i] ?? '';
      if (csvText.length > 1 << 20) {
        csvBytes += fs.writeSync(csv, csvText);
        csvText = '';
      }
      written++;
    }
  }
  csvBytes += fs.writeSync(csv, csvText);
  fs.closeSync(csv);
  fs.rmSync(source, { force: true });
  zip.writeText('</sheetData></worksheet>');
  zip.startEntry('xl/styles.xml');
  zip.writeText(
    `${HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  zip.startEntry('xl/sharedStrings.xml');
  zip.writeText(`${HEAD}<sst xmlns="${MAIN}" count="${strings.size}" uniqueCount="${strings.size}">`);
  let part = '';
  for (const text of strings.keys()) {
    part += `<si><t xml:space="preserve">${escapeXmlText(text)}</t></si>`;
    if (part.length > 1 << 20) {
      zip.writeText(part);
      part = '';
    }
  }
  zip.writeText(`${part}</sst>`);
  zip.close();
  return { csvBytes, xlsxBytes: fs.statSync(xlsxFile).size };
}
