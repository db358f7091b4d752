import fs from 'node:fs';
import { eventCount, expect, seedImport, test, waitForAppEvent } from './fixtures';

const SEED = [
  'customer_id,email,mobile,email_blocked,sms_blocked,whatsapp_blocked,rcs_blocked',
  'EXP-1,one@example.com,+919811111111,yes,yes,no,no',
  'EXP-2,=cmd@example.com,,yes,no,no,no',
  ',,+919822222222,no,no,yes,no',
  '',
].join('\n');

test.describe('Download', () => {
  test.beforeEach(async ({ app: page, desk }) => {
    seedImport(desk, 'seed.csv', SEED, ['--using', 'auto', '--channels', 'email,sms,whatsapp']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
  });

  async function exportNow(page: import('@playwright/test').Page): Promise<string> {
    const downloading = page.waitForEvent('download');
    const before = await eventCount(page, 'desk:job-finished');
    await page.getByRole('button', { name: 'Export' }).click();
    await waitForAppEvent(page, 'desk:job-finished', { since: before, match: { kind: 'export', status: 'succeeded' } });
    const download = await downloading;
    return fs.promises.readFile(await download.path(), 'utf8');
  }

  test('the whole list, one channel, and the current filter download as CSV', async ({ app: page, desk }) => {
    await page.getByRole('button', { name: 'Download' }).click();
    await expect(page.getByRole('heading', { name: 'Download', level: 1 })).toBeVisible();

    const all = await exportNow(page);
    expect(all).toContain('one@example.com');
    expect(all).toContain('+919822222222');
    // Formula-safe: a value starting with = is prefixed.
    expect(all).toMatch(/'=cmd@example\.com/);

    await page.getByRole('radio', { name: 'One channel:' }).check();
    await page.getByLabel('Channel to export').selectOption('whatsapp');
    const whatsapp = await exportNow(page);
    expect(whatsapp).toContain('+919822222222');
    expect(whatsapp).not.toContain('one@example.com');

    // The listing's filter: identified contacts blocked on SMS.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    const before = await eventCount(page, 'desk:listing-loaded');
    await page.getByLabel('Channel', { exact: true }).selectOption('sms');
    await waitForAppEvent(page, 'desk:listing-loaded', { since: before });
    await page.getByRole('button', { name: 'Download' }).click();
    await page.getByRole('radio', { name: "The listing's current filter" }).check();
    await expect(page.getByText('Identified contacts · channel SMS')).toBeVisible();
    const filtered = await exportNow(page);
    expect(filtered).toContain('one@example.com');
    expect(filtered).not.toContain('=cmd@example.com');
    expect(filtered).not.toContain('+919822222222');

    // Our export re-imports cleanly: every row read, none rejected (the ' prefix is stripped).
    const file = desk.file('export.csv', all);
    const r = desk.cli(['import', file, '--using', 'auto', '--channels', 'email', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { rows_read: number; rejected: number; added: number };
    expect(report).toMatchObject({ rows_read: 3, rejected: 0, added: 0 });
  });
});
