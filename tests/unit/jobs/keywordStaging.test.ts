import { describe, expect, it } from 'vitest';
import { KeywordStaging } from '../../../src/jobs/keywordStaging';
import { T0, tempDb } from '../store/tempStore';

describe('KeywordStaging pages', () => {
  it('yields every staged row once, oldest first and in file order among equal times, across pages', () => {
    const db = tempDb();
    const staging = new KeywordStaging(db);
    // Most rows share one time, as a log exported in one go does; a few come earlier and later.
    const times = Array.from({ length: 2500 }, (_, i) => (i % 500 === 7 ? T0 - 1000 : i % 500 === 9 ? T0 + 1000 : T0));
    times.forEach((receivedAt, line) => staging.add({ receivedAt, file: 0, line, mobile: `+91910000${String(line).padStart(4, '0')}`, channel: 'sms', action: 'opt_out', text: 'STOP' }));

    const pages = [...staging.inReceivedOrder()];
    // The log spans several pages, so the keyset crosses rows of equal time.
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const lines = pages.flat().map((row) => row.line);
    const want = times.map((at, line) => ({ at, line })).sort((a, b) => a.at - b.at || a.line - b.line).map((r) => r.line);
    expect(lines).toEqual(want);
  });
});
