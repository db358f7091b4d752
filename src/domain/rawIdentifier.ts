/**
 * The text every identifier normaliser starts from: trimmed, then one leading apostrophe
 * removed and trimmed again. The apostrophe is Excel's "store as text" marker and also
 * the formula-injection guard our own CSV exports put before values, so our exports
 * re-import cleanly (DESIGN.md, Files). Nothing inside the value changes here: a customer
 * ID keeps its characters as written, and only the mobile normaliser reads other scripts'
 * digits, plus-like signs and odd spaces as digits, `+` and separators (`cleanMobileText`).
 */
export function cleanRawIdentifier(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.startsWith("'") ? trimmed.slice(1).trim() : trimmed;
}

const CONTROL_CHARACTER = /\p{Cc}/u;
// A lone UTF-16 surrogate cannot be stored as UTF-8: SQLite would turn it into U+FFFD and
// two different raw values would then share one key.
const LONE_SURROGATE = /\p{Cs}/u;

/** C0 and C1 controls and DEL: tabs, line breaks, NULs pasted in with a value. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Length as a person counts characters: an emoji or `𝔸` is one, not two UTF-16 units. */
export function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    count++;
  }
  return count;
}

/** Quotes a raw value for a rejection message, shortened so a huge cell stays readable. */
export function quoteForMessage(raw: string): string {
  const codePoints = Array.from(raw);
  const shown = codePoints.length > 60 ? `${codePoints.slice(0, 57).join('')}...` : raw;
  return JSON.stringify(shown);
}
