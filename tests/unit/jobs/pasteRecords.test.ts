import { describe, expect, it } from 'vitest';
import { countPastedEntries, pastedEntries } from '../../../src/domain/pasteEntries';
import { pastedTables } from '../../../src/jobs/pasteRecords';

/** Every record the import would read from a paste, with its line. */
async function records(text: string, using: 'customer_id' | 'email' | 'mobile'): Promise<{ value: string; line: number }[]> {
  const out: { value: string; line: number }[] = [];
  for await (const event of pastedTables(text, using)) {
    if (event.type !== 'records') continue;
    event.records.forEach((record, i) => out.push({ value: record[0] as string, line: event.lines[i] as number }));
  }
  return out;
}

describe('a paste is split one way for the count the screen shows and the rows the job reads', () => {
  it('keeps a phone number written with spaces whole, splits two numbers on one line', () => {
    expect([...pastedEntries('98765 43210\n+1 415 555 0100, (+91) 98765-43210\n9876543210 9876543211', 'mobile')].map((e) => e.value)).toEqual([
      '98765 43210',
      '+1 415 555 0100',
      '(+91) 98765-43210',
      '9876543210',
      '9876543211',
    ]);
  });

  it('splits emails on spaces, commas and semicolons; keeps a customer ID with spaces; skips blank lines', () => {
    expect([...pastedEntries('a@x.in b@x.in;c@x.in\n\n  d@x.in ,', 'email')].map((e) => [e.value, e.line])).toEqual([
      ['a@x.in', 1],
      ['b@x.in', 1],
      ['c@x.in', 1],
      ['d@x.in', 3],
    ]);
    expect([...pastedEntries('ACME 001; ACME 002\nC\t3', 'customer_id')].map((e) => e.value)).toEqual(['ACME 001', 'ACME 002', 'C', '3']);
  });

  it('reads as many records as it counts, across several batches, each with its line', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => `u${i}@example.com, v${i}@example.com`);
    const text = `\uFEFF${lines.join('\r\n')}\n`;
    const read = await records(text, 'email');
    expect(countPastedEntries(text, 'email')).toBe(5000);
    expect(read).toHaveLength(5000);
    expect(read[4999]).toEqual({ value: 'v2499@example.com', line: 2500 });
    expect(read[0]).toEqual({ value: 'u0@example.com', line: 1 });
  });
});
