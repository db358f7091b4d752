/**
 * Text from a file (a record's start, a ZIP entry name) made safe for a one-line error
 * message: each run of control characters becomes `replacement`.
 */
export function withoutControls(text: string, replacement: string): string {
  let out = '';
  let inRun = false;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) {
      if (!inRun) out += replacement;
      inRun = true;
    } else {
      out += char;
      inRun = false;
    }
  }
  return out;
}
