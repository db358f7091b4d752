import { describe, expect, it } from 'vitest';
import type { ContactView, JobView } from '../../../src/api/contract';
import { callOperation } from '../../../src/api/dispatch';
import type { DeskResult } from '../../../src/api/result';
import { tempDesk, type TempDesk } from './tempDesk';

async function call<T>(desk: TempDesk, key: string, input: unknown): Promise<DeskResult<T>> {
  const [area, name] = key.split('.') as [string, string];
  return (await callOperation(desk.context, area, name, input)) as DeskResult<T>;
}

async function ok<T>(desk: TempDesk, key: string, input: unknown): Promise<T> {
  const result = await call<T>(desk, key, input);
  if (!result.ok) throw new Error(`${key} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** `2025-03-01T15:30:00.000+05:30`: the instant written in India's offset. */
function inIndia(ms: number): string {
  return new Date(ms + 19_800_000).toISOString().replace('Z', '+05:30');
}

describe('date filters are read by the one date reader', () => {
  it('filters the listing by instants written with any offset', async () => {
    const desk = tempDesk();
    const { contact } = await ok<{ contact: ContactView }>(desk, 'contacts.block', { using: 'customer_id', value: 'C-1', channels: ['sms'] });
    const changed = new Date(contact.changed_at).getTime();
    const list = (filter: object) => ok<{ contacts: ContactView[] }>(desk, 'contacts.list', { tab: 'identified', ...filter });
    expect((await list({ changedFrom: inIndia(changed - 1000), changedTo: inIndia(changed + 1000) })).contacts).toHaveLength(1);
    expect((await list({ changedFrom: inIndia(changed + 1000) })).contacts).toHaveLength(0);
    expect((await list({ changedTo: inIndia(changed - 1000) })).contacts).toHaveLength(0);
  });

  it('refuses a listing bound before 1970 or after tomorrow, naming its field', async () => {
    const desk = tempDesk();
    await ok(desk, 'contacts.block', { using: 'customer_id', value: 'C-1', channels: ['sms'] });
    expect(await call(desk, 'contacts.list', { tab: 'identified', changedFrom: '1969-12-31T23:59:59.999Z' })).toMatchObject({
      ok: false,
      error: { code: 'usage', field: 'changedFrom', message: '"1969-12-31T23:59:59.999Z" is before 1970' },
    });
    expect(await call(desk, 'contacts.list', { tab: 'identified', changedTo: '2999-01-01T00:00:00Z' })).toMatchObject({
      ok: false,
      error: { code: 'usage', field: 'changedTo', message: '"2999-01-01T00:00:00Z" is after tomorrow' },
    });
    const out = desk.file('listing.csv', '');
    const exported = await call<{ job: JobView }>(desk, 'jobs.startExport', { scope: { kind: 'listing', filter: { tab: 'identified', changedTo: '2999-01-01T00:00:00Z' } }, target: out });
    expect(exported).toMatchObject({ ok: false, error: { code: 'usage', field: 'scope.filter.changedTo' } });
  });

  it("reads the audit's since, and refuses one out of range naming the field", async () => {
    const desk = tempDesk();
    const { contact } = await ok<{ contact: ContactView }>(desk, 'contacts.block', { using: 'customer_id', value: 'C-1', channels: ['sms'] });
    const changed = new Date(contact.changed_at).getTime();
    expect((await ok<{ entries: unknown[] }>(desk, 'audit.list', { since: inIndia(changed - 1000) })).entries).toHaveLength(1);
    expect((await ok<{ entries: unknown[] }>(desk, 'audit.list', { since: inIndia(changed + 1000) })).entries).toHaveLength(0);

    expect(await call(desk, 'audit.list', { since: '1900-01-01T00:00:00Z' })).toMatchObject({ ok: false, error: { code: 'usage', field: 'since' } });
    const out = desk.file('audit.csv', '');
    expect(await call(desk, 'audit.export', { since: '2999-01-01T00:00:00Z', target: out })).toMatchObject({ ok: false, error: { code: 'usage', field: 'since' } });
    expect((await ok<{ jobs: JobView[] }>(desk, 'jobs.list', {})).jobs).toHaveLength(0);
  });
});
