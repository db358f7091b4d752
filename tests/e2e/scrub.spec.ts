import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import { eventCount, expect, nextJobId, screenshot, seedImport, test, waitForJob } from './fixtures';

const BLOCKLIST = [
  'customer_id,email,mobile,email_blocked,sms_blocked,category',
  'S-1,blocked@example.com,+919811100001,yes,yes,manual',
  'S-2,unsub@example.com,,yes,no,unsubscribe',
  'S-3,,+919811100003,no,yes,opt_out',
  '',
].join('\n');

/** The audience: quoted fields with the delimiter, a quote and a line break, CRLF endings. */
const ROWS = [
  ['Ann', 'blocked@example.com', '+91 98111 00001', '"Pune, MH"'],
  ['Bob', 'UNSUB@example.com', '9811100009', 'ok'],
  ['"Cy ""C"" Jr"', 'fresh@example.com', '09811100003', '"two\r\nlines"'],
  ['Dee', 'fresh2@example.com', '9811100008', 'x'],
  ['Eve', 'not-an-email', '', 'y'],
  ['Fay', 'blocked@example.com', '98111 00003', 'z'],
];
const HEADER = 'Name,Email ID,Mobile No,City\r\n';
const line = (r: string[]) => `${r.join(',')}\r\n`;

/** Expected by hand from BLOCKLIST: per row, [email category, sms category] or null. */
const EXPECTED: [string | null, string | null][] = [
  ['manual', 'manual'],
  ['unsubscribe', null],
  [null, 'opt_out'],
  [null, null],
  [null, null],
  ['manual', 'opt_out'],
];

async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${what}: ${bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n')}`).toEqual([]);
}

async function download(page: Page, button: string): Promise<Buffer> {
  const downloading = page.waitForEvent('download');
  await page.locator('.job-card').first().getByRole('button', { name: button }).click();
  return fs.promises.readFile(await (await downloading).path());
}

test.describe('Audience scrub', () => {
  test('scrubs a file on email and SMS: report, cleaned and removed files byte for byte', async ({ app: page, desk }) => {
    seedImport(desk, 'blocklist.csv', BLOCKLIST, ['--using', 'auto', '--channels', 'email']);
    const file = desk.file('campaign.csv', HEADER + ROWS.map(line).join(''));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audience scrub' }).click();
    await expect(page.getByRole('heading', { name: 'Audience scrub', level: 1 })).toBeVisible();
    await screenshot(page, '30-scrub');
    await expectAccessible(page, 'scrub form');

    // Nothing chosen: both problems are said at once.
    await page.getByRole('checkbox', { name: 'Email' }).uncheck();
    await page.getByRole('button', { name: 'Scrub audience' }).click();
    await expect(page.getByText('Choose at least one channel.')).toBeVisible();
    await expect(page.getByText('Choose or drop the audience file (CSV, ZIP or TXT).')).toBeVisible();

    await page.getByRole('checkbox', { name: 'Email' }).check();
    await page.getByRole('checkbox', { name: 'SMS' }).check();
    await page.locator('input[type="file"]').setInputFiles(file);
    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('button', { name: 'Scrub audience' }).click();
    const job = await nextJobId(page, started);
    expect(await waitForJob(page, job)).toBe('succeeded');

    const removedRows = EXPECTED.map((e) => e.every((c) => c !== null));
    const report = page.locator(`[data-job-id="${job}"]`).getByTestId('scrub-report');
    await expect(report.locator('[data-stat="rows_read"]')).toHaveText('6');
    await expect(report.locator('[data-stat="not_sent"]')).toHaveText(String(removedRows.filter(Boolean).length));
    await expect(report.locator('[data-stat="sendable"]')).toHaveText('3');
    await expect(report.locator('[data-stat="invalid"]')).toHaveText('1');
    await expect(report.locator('[data-channel="email"]')).toContainText(String(EXPECTED.filter((e) => e[0] !== null).length));
    await expect(report.locator('[data-channel="sms"]')).toContainText(String(EXPECTED.filter((e) => e[1] !== null).length));
    await expect(report).toContainText('count as Not Sent — not as Sent, not as Failed');
    await expect(report).toContainText('nothing to revert');
    await expect(page.locator(`[data-job-id="${job}"]`).getByRole('button', { name: 'Revert' })).toHaveCount(0);

    const clean = await download(page, 'Download cleaned file');
    expect(clean.toString('utf8')).toBe(HEADER + ROWS.filter((_, i) => !removedRows[i]).map(line).join(''));
    const removed = await download(page, 'Download removed rows');
    const wantRemoved =
      'Name,Email ID,Mobile No,City,not_sent_channel,not_sent_category\r\n' +
      ROWS.map((r, i) => (removedRows[i] ? `${r.join(",")},email;sms,${(EXPECTED[i] as string[]).join(';')}\r\n` : '')).join('');
    expect(removed.toString('utf8')).toBe(wantRemoved);

    await screenshot(page, '31-scrub-report');
    await expectAccessible(page, 'scrub report');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '32-scrub-report-dark');
    await expectAccessible(page, 'scrub report (dark)');
  });
});
