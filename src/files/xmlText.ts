/**
 * The little XML a workbook needs, by hand: decoding the text of an element or attribute
 * (the five entities, character references, and Excel's `_xHHHH_` escapes) and escaping
 * text to write. Workbook parts are machine-written XML without CDATA or DTDs, so no
 * general XML parser is needed for them (see readWorkbook.ts for why).
 */

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
/**
 * ECMA-376 §22.9.2.19 (ST_Xstring): a character XML cannot hold (a control character) is
 * written `_xHHHH_`, and a literal `_x` that would read as one is written `_x005F_x…`.
 */
const EXCEL_ESCAPE = /_x([0-9a-fA-F]{4})_/g;

/** The text of an element or attribute value as written in the XML. */
export function decodeXmlText(raw: string): string {
  let text = raw;
  if (text.includes('&')) {
    text = text.replace(ENTITY, (whole, name: string) => {
      if (name.charCodeAt(0) !== 35) return NAMED[name] ?? whole;
      const code = name.charCodeAt(1) === 120 ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
  }
  if (text.includes('_x')) text = text.replace(EXCEL_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return text;
}

/** Characters XML 1.0 cannot hold at all (C0 controls but tab, LF, CR; lone surrogates are left to the encoder). */
// eslint-disable-next-line no-control-regex -- these are the characters XML cannot hold
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
// eslint-disable-next-line no-control-regex -- as NOT_XML
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;

/** Text for an element or a double-quoted attribute, Excel's way: controls as `_xHHHH_`. */
export function escapeXmlText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(NOT_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** The value of attribute `name` in a start tag's text, decoded; undefined when absent. Namespace prefixes on the attribute are not matched. */
export function attribute(tag: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = tag.indexOf(name, from);
    if (at === -1) return undefined;
    from = at + name.length;
    const before = tag.charCodeAt(at - 1);
    // Whitespace before the name (not the tail of a longer name, nor a prefixed one).
    if (!(before === 32 || before === 9 || before === 10 || before === 13)) continue;
    let i = from;
    while (isSpace(tag.charCodeAt(i))) i++;
    if (tag.charCodeAt(i) !== 61) continue;
    i++;
    while (isSpace(tag.charCodeAt(i))) i++;
    const quote = tag[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = tag.indexOf(quote, i + 1);
    if (end === -1) return undefined;
    return decodeXmlText(tag.slice(i + 1, end));
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * Every element `<local …>…</local>` or `<local …/>` (any namespace prefix) in `xml`, as
 * its start tag and its inner text; for the small parts (workbook, relationships, styles).
 */
export function* elements(xml: string, local: string): Generator<{ tag: string; inner: string }> {
  const open = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${local}(?=[\\s/>])[^>]*>`, 'g');
  for (let match = open.exec(xml); match; match = open.exec(xml)) {
    const tag = match[0];
    if (tag.endsWith('/>')) {
      yield { tag, inner: '' };
      continue;
    }
    const close = new RegExp(`</(?:[A-Za-z_][\\w.-]*:)?${local}\\s*>`, 'g');
    close.lastIndex = open.lastIndex;
    const end = close.exec(xml);
    if (!end) return;
    yield { tag, inner: xml.slice(open.lastIndex, end.index) };
    open.lastIndex = close.lastIndex;
  }
}

/**
 * The text of a string item (`<si>` or `<is>`): its `<t>` elements joined, those of
 * phonetic runs (`<rPh>`, the furigana above Japanese text) left out.
 */
export function stringItemText(inner: string): string {
  if (inner.includes('rPh')) inner = inner.replace(/<(?:[A-Za-z_][\w.-]*:)?rPh[\s>][\s\S]*?<\/(?:[A-Za-z_][\w.-]*:)?rPh>/g, '');
  let text = '';
  for (const { inner: t } of elements(inner, 't')) text += t;
  return decodeXmlText(text);
}
