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
  ['Gus', 'gus@example.com', '+91 98111 00003', 'w'],
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
  [null, 'opt_out'],
];
const CHANNELS = ['email', 'sms'] as const;

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

async function scrubFile(page: Page, file: string, channels: string[]): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audience scrub' }).click();
  for (const name of ['Email', 'SMS', 'WhatsApp', 'RCS']) {
    const box = page.getByRole('checkbox', { name });
    if (channels.includes(name)) await box.check();
    else await box.uncheck();
  }
  await page.locator('input[type="file"]').setInputFiles(file);
  const started = await eventCount(page, 'desk:job-started');
  await page.getByRole('button', { name: 'Scrub audience' }).click();
  const job = await nextJobId(page, started);
  expect(await waitForJob(page, job)).toBe('succeeded');
  return job;
}

test.describe('Audience scrub', () => {
  test('scrubs a file on email and SMS: a cleaned file per channel, Sendable per channel, removed rows naming the channels', async ({ app: page, desk }) => {
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
    await expect(page.getByText('Choose or drop the audience file (CSV, Excel .xlsx, ZIP or TXT).')).toBeVisible();

    const job = await scrubFile(page, file, ['Email', 'SMS']);
    const card = page.locator(`[data-job-id="${job}"]`);
    const report = card.getByTestId('scrub-report');
    // Counted by hand: Email leaves out Ann, Bob and Fay, keeps Eve (no valid email) as invalid; SMS leaves out Ann, Cy, Fay and Gus, keeps Eve (no mobile).
    await expect(report.locator('[data-stat="rows_read"]')).toHaveText('7');
    await expect(report.locator('[data-stat="not_sent"]')).toHaveText('5');
    await expect(report.locator('[data-stat="sendable"]')).toHaveCount(0);
    await expect(report.locator('[data-stat="sendable:email"]')).toHaveText('3');
    await expect(report.locator('[data-stat="sendable:sms"]')).toHaveText('2');
    await expect(report.locator('[data-stat="not_sent:email"]')).toHaveText(String(EXPECTED.filter((e) => e[0] !== null).length));
    await expect(report.locator('[data-stat="not_sent:sms"]')).toHaveText(String(EXPECTED.filter((e) => e[1] !== null).length));
    await expect(report.locator('[data-stat="invalid:email"]')).toHaveText('1');
    await expect(report.locator('[data-stat="invalid:sms"]')).toHaveText('1');
    await expect(report.getByRole('row', { name: /^Email/ })).toContainText('Download clean list for Email');
    await expect(report.getByRole('row', { name: /^SMS/ })).toContainText('Download clean list for SMS');
    await expect(report).toContainText('count as Not Sent — not as Sent, not as Failed');
    await expect(report).toContainText('nothing to revert');
    await expect(card.getByRole('button', { name: 'Revert' })).toHaveCount(0);
    // No one file stands for every channel.
    await expect(card.getByRole('button', { name: 'Download cleaned file' })).toHaveCount(0);

    // Each channel's list: every row but those Not Sent on that channel, byte for byte.
    for (const [j, channel] of CHANNELS.entries()) {
      const clean = await download(page, `Download clean list for ${channel === 'email' ? 'Email' : 'SMS'}`);
      expect(clean.toString('utf8'), channel).toBe(HEADER + ROWS.filter((_, i) => EXPECTED[i]?.[j] === null).map(line).join(''));
    }
    const removed = await download(page, 'Download removed rows');
    const wantRemoved =
      'Name,Email ID,Mobile No,City,not_sent_channel,not_sent_category\r\n' +
      ROWS.map((r, i) => {
        const on = CHANNELS.filter((_, j) => EXPECTED[i]?.[j] !== null);
        return on.length === 0 ? '' : `${r.join(',')},${on.join(';')},${(EXPECTED[i] as (string | null)[]).filter((c) => c !== null).join(';')}\r\n`;
      }).join('');
    expect(removed.toString('utf8')).toBe(wantRemoved);

    // The report as the officer reads it: the job's card at the top, no toast over its buttons.
    // A toast may leave on its own while being dismissed: a click that finds it gone is fine.
    const dismiss = page.locator('.toasts').getByRole('button', { name: 'Dismiss' });
    while ((await dismiss.count()) > 0) await dismiss.first().click({ timeout: 2_000 }).catch(() => undefined);
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, '31-scrub-report');
    await expectAccessible(page, 'scrub report');
    await page.setViewportSize({ width: 1024, height: 700 });
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, '33-scrub-report-1024');
    await expectAccessible(page, 'scrub report at 1024×700');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '32-scrub-report-dark');
    await expectAccessible(page, 'scrub report (dark)');
  });

  test('scrubs a file on one channel as before: one cleaned file, Sendable on that channel', async ({ app: page, desk }) => {
    seedImport(desk, 'blocklist.csv', BLOCKLIST, ['--using', 'auto', '--channels', 'email']);
    const file = desk.file('campaign.csv', HEADER + ROWS.map(line).join(''));
    const job = await scrubFile(page, file, ['SMS']);
    const card = page.locator(`[data-job-id="${job}"]`);
    const report = card.getByTestId('scrub-report');
    await expect(report.locator('[data-stat="sendable"]')).toHaveText('2');
    await expect(report.getByText('Sendable on SMS', { exact: true })).toBeVisible();
    await expect(report.locator('[data-stat="not_sent"]')).toHaveText('4');
    await expect(card.getByRole('button', { name: /Download clean list/ })).toHaveCount(0);
    const clean = await download(page, 'Download cleaned file');
    expect(clean.toString('utf8')).toBe(HEADER + ROWS.filter((_, i) => EXPECTED[i]?.[1] === null).map(line).join(''));
  });
});
