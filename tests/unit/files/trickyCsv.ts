/**
 * Generates a large CSV full of what breaks streaming parsers: quoted fields with
 * delimiters, doubled quotes and CRLF/LF/CR inside, mixed line endings, blank lines,
 * multi-byte UTF-8. Every `boundary` bytes, a chosen hazard is placed so that the chunk
 * boundary falls exactly inside it (the `\r` of a `\r\n`, a quoted line break, a doubled
 * quote, the middle of a 4-byte character, …).
 */

import { seededRandom } from '../../../bench/seededRandom';

export { seededRandom };

/** Rows (with their line break) and, for each, the text before which the chunk boundary should fall. */
const HAZARDS: { row: string; cutBefore: string }[] = [
  { row: 'C1,plain,a@b.c\r\n', cutBefore: '\n' }, // `\r` | `\n` of the record's end
  { row: 'C2,"multi\r\nline",x\r\n', cutBefore: '\nline' }, // `\r` | `\n` inside quotes
  { row: 'C3,"say ""hi""",x\r\n', cutBefore: '"hi' }, // between the two quotes of a doubled quote
  { row: 'C4,"closing",x\r\n', cutBefore: ',x' }, // just after a closing quote
  { row: 'C5,"a,b",x\r\n', cutBefore: ',b"' }, // a delimiter inside quotes
  { row: 'C6,Zoë 😀,x\r\n', cutBefore: '\u{1F600}' }, // before a 4-byte character…
  { row: 'C7,😀x,y\r\n', cutBefore: 'x,y' }, // …and after it
  { row: 'C8,lone cr\r', cutBefore: '\r' },
  { row: '\r\n', cutBefore: '\n' }, // a blank CRLF line
  { row: 'C9,"\r",x\n', cutBefore: '",x' }, // a quoted lone CR
];

function randomRow(random: () => number, index: number): string {
  const pick = random();
  const eol = random() < 0.8 ? '\r\n' : random() < 0.5 ? '\n' : '\r';
  if (pick < 0.5) return `C${index},Name ${index},user${index}@example.com,+9198${String(index).padStart(8, '0')}${eol}`;
  if (pick < 0.65) return `C${index},"Doe, ""J"" ${index}",x${index}@y.in,${eol}`;
  if (pick < 0.8) return `C${index},"note\r\nacross ${index}\nlines\rhere",,yes${eol}`;
  if (pick < 0.88) return `C${index},Zoë 日本 😀 ${index},é@例え.jp,no${eol}`;
  if (pick < 0.93) return eol;
  if (pick < 0.96) return `   ${eol}`;
  return `C${index},"",,""${eol}`;
}

/** About `targetBytes` of UTF-8 CSV (with a header), with hazards planted on every `boundary`-byte chunk edge. */
export function trickyCsv(targetBytes: number, boundary: number, seed = 1): string {
  const random = seededRandom(seed);
  const parts: string[] = ['id,name,email,mobile\r\n'];
  let bytes = Buffer.byteLength(parts[0] as string);
  let hazard = 0;
  let index = 0;
  while (bytes < targetBytes) {
    const nextEdge = (Math.floor(bytes / boundary) + 1) * boundary;
    const { row, cutBefore } = HAZARDS[hazard % HAZARDS.length] as (typeof HAZARDS)[number];
    const offset = Buffer.byteLength(row.slice(0, row.indexOf(cutBefore)));
    const gap = nextEdge - bytes - offset;
    if (gap >= 8 && gap < 200) {
      // A padding row of exactly `gap` bytes puts the edge right before `cutBefore`.
      const pad = `P${'p'.repeat(gap - 3)}\r\n`;
      parts.push(pad, row);
      bytes += gap + Buffer.byteLength(row);
      hazard++;
      continue;
    }
    const next = randomRow(random, index++);
    parts.push(next);
    bytes += Buffer.byteLength(next);
  }
  return parts.join('');
}
