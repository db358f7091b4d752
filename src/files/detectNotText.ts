/**
 * Recognises bytes that are not a text table (a renamed spreadsheet, PDF, image or
 * compressed file) from the first few KiB, so the user hears "this is a PDF" instead of
 * a parse error on line 1. ZIP is not here: a ZIP is read (readTables).
 */

/** Bytes the checks look at; enough for magic numbers and a fair control-character count. */
export const SNIFF_BYTES = 8192;

/** `null` matches any byte (bzip2's block-size digit). */
const MAGIC: readonly { bytes: readonly (number | null)[]; what: string }[] = [
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an Excel 97-2003 workbook or other Office file (save it as CSV first)' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file (decompress it first)' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive (extract it first)' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive (extract it first)' },
  { bytes: [0x42, 0x5a, 0x68, null, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], what: 'a bzip2-compressed file (decompress it first)' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz-compressed file (decompress it first)' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], what: 'an SQLite database' },
];

/**
 * Why `head` (the file's first bytes, no UTF-16 byte-order mark) is not text, or null
 * when it may be. NUL never occurs in UTF-8 or Windows-1252 text; other C0 controls
 * are rare, so more than 2% of them means binary data.
 */
export function notTextReason(head: Buffer): string | null {
  for (const { bytes, what } of MAGIC) {
    if (head.length >= bytes.length && bytes.every((b, i) => b === null || head[i] === b)) return `is ${what}, not a CSV or TXT file`;
  }
  const nul = head.indexOf(0);
  if (nul !== -1) {
    return looksLikeBomlessUtf16(head)
      ? 'looks like UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with BOM)'
      : `contains NUL bytes (at byte ${nul}): it is binary data, not a CSV or TXT file`;
  }
  return tooManyControls(head.length, countControlBytes(head)) ? 'is mostly binary data (control bytes), not a CSV or TXT file' : null;
}

/** The same judgement for decoded text (UTF-16 files, whose bytes are full of NULs). */
export function notTextReasonForText(text: string): string | null {
  if (text.includes('\u0000')) return 'contains NUL characters: it is binary data, not a CSV or TXT file';
  let controls = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) controls++;
  return tooManyControls(text.length, controls) ? 'is mostly binary data (control characters), not a CSV or TXT file' : null;
}

function countControlBytes(head: Buffer): number {
  let controls = 0;
  for (let i = 0; i < head.length; i++) if (isControl(head[i] ?? 0)) controls++;
  return controls;
}

/** C0 controls and DEL, except tab, LF, CR and form feed (which old exports do contain). */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f;
}

function tooManyControls(length: number, controls: number): boolean {
  return controls > 8 && controls * 50 > length;
}

/** ASCII text in UTF-16 puts a NUL in every other byte, all odd or all even. */
function looksLikeBomlessUtf16(head: Buffer): boolean {
  const pairs = Math.floor(Math.min(head.length, 512) / 2);
  if (pairs < 2) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenNul++;
    if (head[2 * i + 1] === 0) oddNul++;
  }
  return (evenNul > pairs * 0.9 && oddNul === 0) || (oddNul > pairs * 0.9 && evenNul === 0);
}
