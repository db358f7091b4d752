import { describe, expect, it } from 'vitest';
import { cli, cliJson, makeWorkspace } from './harness';

interface AuditEntry {
  at: string;
  action: string;
  contact: string;
  channel: string | null;
}

/** A blocklist with two audited blocks, made now. */
function auditedWorkspace() {
  const ws = makeWorkspace();
  const file = ws.file('u.csv', 'mobile\n9876543210\n');
  expect(cli(ws.data, ['import', file, '--using', 'mobile', '--channels', 'sms,rcs']).code).toBe(0);
  const entries = cliJson<{ entries: AuditEntry[] }>(ws.data, ['audit']).json.entries;
  expect(entries).toHaveLength(2);
  return { ws, entries };
}

function since(data: string, ...args: string[]): AuditEntry[] {
  const r = cliJson<{ entries: AuditEntry[] }>(data, ['audit', '--since', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.json.entries;
}

/** `2026-12-06 16:49`: the wall clock in `zone` at `ms`, to the minute, without a zone. */
function wallClock(ms: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

describe('audit --since reads dates as the rest of the product does', () => {
  it('reads day-first, ISO, named-month and zoned forms', () => {
    const { ws } = auditedWorkspace();
    expect(since(ws.data, '25/01/2022')).toHaveLength(2);
    expect(since(ws.data, '25.01.2022', '--date-order', 'mdy')).toHaveLength(2); // 25 proves the day, whatever the order
    expect(since(ws.data, '01/25/2022', '--date-order', 'mdy')).toHaveLength(2);
    expect(since(ws.data, '2022-01-25')).toHaveLength(2);
    expect(since(ws.data, '25 Jan 2022')).toHaveLength(2);
    expect(since(ws.data, '2022-01-25T10:00:00Z')).toHaveLength(2);
    expect(since(ws.data, new Date(Date.now() + 3_600_000).toISOString())).toHaveLength(0);
  });

  it('reads a time without a zone in --timezone', () => {
    const { ws, entries } = auditedWorkspace();
    const first = Math.min(...entries.map((e) => new Date(e.at).getTime()));
    const minuteBefore = wallClock(first - 60_000, 'Asia/Kolkata');
    expect(since(ws.data, minuteBefore, '--timezone', 'Asia/Kolkata')).toHaveLength(2);
    // The same wall clock in UTC is 5½ hours later: after every entry.
    expect(since(ws.data, minuteBefore, '--timezone', 'UTC')).toHaveLength(0);
  });

  it('refuses a value it cannot read, or one out of range, naming it and the forms it takes', () => {
    const { ws } = auditedWorkspace();
    const word = cli(ws.data, ['audit', '--since', 'last tuesday']);
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('"last tuesday" is not a date');
    expect(word.stderr).toContain('2022-01-25, 25/01/2022, 25 Jan 2022');

    const mdy = cli(ws.data, ['audit', '--since', 'soon', '--date-order', 'mdy']);
    expect(mdy.stderr).toContain('2022-01-25, 01/25/2022, 25 Jan 2022');

    const ambiguous = cli(ws.data, ['audit', '--since', '05/06/2022', '--date-order', 'ymd']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('could be day/month or month/day');

    const impossible = cli(ws.data, ['audit', '--since', '2022-02-30']);
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toContain('February 2022 has no day 30');

    const future = cli(ws.data, ['audit', '--since', '2999-01-01T00:00:00Z']);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('"2999-01-01T00:00:00Z" is after tomorrow');
  });
});
