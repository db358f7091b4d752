import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { eventCount, expect, nextJobId, screenshot, seedImport, test, waitForAppEvent, waitForJob } from './fixtures';

interface Contact {
  channels: Record<'email' | 'sms' | 'whatsapp' | 'rcs', { status: string; category: string | null; source: string | null }>;
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad, `${what}:\n${summary}`).toEqual([]);
}

async function goTo(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

/** Closes the toasts, so a screenshot shows what is under them. */
async function dismissToasts(page: Page): Promise<void> {
  const close = page.getByRole('status').getByRole('button', { name: 'Dismiss' });
  while ((await close.count()) > 0) await close.first().click();
}

/** Uploads a log on the Keywords screen, starts the job and waits for its end; returns the job's card. */
async function capture(page: Page, file: string, status = 'succeeded') {
  await page.locator('input[type="file"]').setInputFiles(file);
  const started = await eventCount(page, 'desk:job-started');
  await page.getByRole('button', { name: 'Capture keywords' }).click();
  const job = await nextJobId(page, started);
  expect(await waitForJob(page, job)).toBe(status);
  const card = page.locator(`[data-job-id="${job}"]`);
  await expect(card).toHaveAttribute('data-status', status);
  return { job, card };
}

test.describe('Keywords', () => {
  test('a message log applied in time order: punctuation, START on WhatsApp, national numbers, unknown channels', async ({ app: page, desk }) => {
    seedImport(desk, 'seed.csv', 'mobile\n9876500009\n', ['--using', 'mobile', '--channels', 'sms', '--category', 'opt_out']);
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const log = desk.file(
      'inbound.csv',
      [
        'From,Channel,Message,Received At',
        // File order is not time order: the START (10:10) comes after the STOP (10:00).
        `98765 00001,SMS,START,2025-03-01T10:10:00Z`,
        `09876500001,sms,"Stop!",2025-03-01T10:00:00Z`,
        `+91-98765-00002,WhatsApp,stop.,2025-03-01T10:00:00Z`,
        `9876500002,WhatsApp,START,2025-03-01T11:00:00Z`,
        `9876500003,RCS,STOP please,2025-03-01T10:00:00Z`,
        `9876500004,email,STOP,2025-03-01T10:00:00Z`,
        `9876500005,fax,STOP,2025-03-01T10:00:00Z`,
        `9876500006,sms,STOP,not a time`,
        `9876500009,sms,unstop,${later(1)}`,
      ].join('\n'),
    );
    await goTo(page, 'Keywords');
    await expect(page.getByRole('heading', { name: 'Keywords', level: 1 })).toBeVisible();
    await expect(page.getByTestId('keyword-lists')).toContainText('UNSUBSCRIBE');
    // The STOP without a readable time is applied as of the job, with a problem line.
    const { job, card } = await capture(page, log, 'succeeded_with_problems');

    await expect(card.locator('[data-stat="messages"]')).toHaveText('9');
    await expect(card.locator('[data-stat="opt_outs"]')).toHaveText('3');
    await expect(card.locator('[data-stat="opt_ins"]')).toHaveText('2');
    await expect(card.locator('[data-stat="not_keywords"]')).toHaveText('2');
    await expect(card.locator('[data-stat="ignored"]')).toContainText('2');
    await expect(card.locator('[data-stat="ignored"]')).toContainText('1 email, 1 unknown channel');
    await expect(card.locator('[data-stat="rejected"]')).toHaveText('0');
    await expect(card.getByRole('table', { name: 'Problems by kind' })).toContainText('Date not readable (dated at import)');
    // "STOP please" is no keyword: it waits for the officer, not applied.
    await expect(card.locator('[data-stat="to_review"]')).toHaveText('1');
    await expect(card.getByRole('table', { name: 'Messages to review' })).toContainText('STOP please');
    await screenshot(page, 'keywords-01-report');
    await expectAccessible(page, 'keywords with a report');

    const search = (q: string) => JSON.parse(desk.cli(['search', q, '--json']).stdout).contacts[0] as Contact | undefined;
    // STOP then START by time: SMS open again. The national number was the same contact.
    expect(search('+919876500001')?.channels.sms.status).toBe('none');
    // START on WhatsApp changes nothing.
    expect(search('+919876500002')?.channels.whatsapp).toMatchObject({ status: 'blocked', category: 'opt_out', source: `keywords:${job}` });
    expect(search('+919876500003')).toBeUndefined();
    expect(search('+919876500004')).toBeUndefined();
    expect(search('+919876500005')).toBeUndefined();
    expect(search('+919876500009')?.channels.sms.status).toBe('none');

    // The job is revertible like an import.
    await card.getByRole('button', { name: 'Revert' }).click();
    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revert job' }).click();
    const revert = await nextJobId(page, started);
    expect(await waitForJob(page, revert)).toBe('succeeded');
    expect(search('+919876500002')).toBeUndefined();
    expect(search('+919876500009')?.channels.sms).toMatchObject({ status: 'blocked', category: 'opt_out' });

    await page.emulateMedia({ colorScheme: 'dark' });
    await goTo(page, 'Keywords');
    await expect(page.locator(`[data-job-id="${job}"]`)).toBeVisible();
    await screenshot(page, 'keywords-02-dark');
    await expectAccessible(page, 'keywords (dark)');
  });

  test('messages that say an opt-out in other words are listed to review and applied by the officer with one click', async ({ app: page, desk }) => {
    const log = desk.file(
      'replies.csv',
      [
        'from,channel,text,received_at',
        '9876570001,sms,STOP please,2025-03-01T10:00:00Z',
        '9876570002,WhatsApp,pls unsubscribe me 🙏,2025-03-01T10:05:00Z',
        '9876570003,sms,hello,2025-03-01T10:06:00Z',
        '9876570004,sms,STOP,2025-03-01T10:07:00Z',
        "9876570005,rcs,\"Don't stop, love the offers\",2025-03-01T10:08:00Z",
      ].join('\n'),
    );
    await goTo(page, 'Keywords');
    const { card } = await capture(page, log);
    await expect(card.locator('[data-stat="opt_outs"]')).toHaveText('1');
    await expect(card.locator('[data-stat="not_keywords"]')).toHaveText('4');
    await expect(card.locator('[data-stat="to_review"]')).toHaveText('2');
    const list = card.getByTestId('to-review');
    await expect(list.getByRole('heading')).toHaveText('To review: 2 messages that may be an opt-out');
    const rows = list.getByRole('table', { name: 'Messages to review' }).getByRole('row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(1)).toContainText('+919876570001');
    await expect(rows.nth(1)).toContainText('STOP please');
    await expect(rows.nth(2)).toContainText('WhatsApp');
    await expect(rows.nth(2)).toContainText('UNSUBSCRIBE');
    await expect(list).not.toContainText('hello');
    await expect(list).not.toContainText("Don't stop");
    await expect(list.getByTestId('to-review-summary')).toHaveText('2 open · 0 applied');
    // Not applied by the job.
    const search = (q: string) => JSON.parse(desk.cli(['search', q, '--json']).stdout).contacts[0] as Contact | undefined;
    expect(search('+919876570001')).toBeUndefined();
    await dismissToasts(page);
    await rows.last().scrollIntoViewIfNeeded();
    await screenshot(page, 'keywords-06-to-review');
    await expectAccessible(page, 'keywords with messages to review');

    await rows.nth(1).getByRole('button', { name: 'Apply opt-out: +919876570001 on SMS' }).click();
    await expect(page.getByRole('status')).toContainText('Opt-out applied: +919876570001 on SMS is blocked.');
    await expect(rows.nth(1)).toHaveAttribute('data-state', 'applied');
    await expect(rows.nth(1)).toContainText('✓ Opt-out applied');
    await expect(rows.nth(1)).toContainText('Desk UI');
    await expect(list.getByTestId('to-review-summary')).toHaveText('1 open · 1 applied');
    await expect(rows.nth(2)).toHaveAttribute('data-state', 'open');
    await expect(rows.nth(2).getByRole('button', { name: /Apply opt-out/ })).toBeVisible();
    const blocked = search('+919876570001');
    expect(blocked?.channels.sms).toMatchObject({ status: 'blocked', category: 'opt_out', source: 'ui' });
    expect(blocked?.channels.whatsapp.status).toBe('none');
    await dismissToasts(page);
    await rows.last().scrollIntoViewIfNeeded();
    await screenshot(page, 'keywords-07-applied');
    await page.setViewportSize({ width: 1024, height: 700 });
    await rows.last().scrollIntoViewIfNeeded();
    await screenshot(page, 'keywords-08-applied-1024');
    await expectAccessible(page, 'keywords with one applied, 1024×700');

    // The Jobs screen's card shows the same list, the applied one marked.
    await goTo(page, 'Jobs');
    const jobCard = page.locator(`[data-job-id="${await card.getAttribute('data-job-id')}"]`);
    await expect(jobCard.locator('[data-review-index="0"]')).toHaveAttribute('data-state', 'applied');
    await expect(jobCard.locator('[data-review-index="1"]')).toHaveAttribute('data-state', 'open');

    // And the contact is in the listing: anonymous, SMS blocked.
    await page.setViewportSize({ width: 1280, height: 800 });
    await goTo(page, 'Contacts');
    await page.getByRole('tab', { name: /^Anonymous/ }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { match: { tab: 'anonymous' } });
    const contacts = page.getByRole('table', { name: 'Contacts' });
    await expect(contacts.getByRole('row').filter({ hasText: '+919876570001' })).toBeVisible();
    await screenshot(page, 'keywords-09-listing');
  });

  test('keyword lists are edited in Settings, validated, and used by the next job', async ({ app: page, desk }) => {
    await goTo(page, 'Settings');
    const smsOut = page.getByLabel('SMS opt-out');
    await expect(smsOut).toHaveValue('STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT');
    await screenshot(page, 'keywords-03-settings');
    await expectAccessible(page, 'settings with keyword lists');

    await page.getByLabel('WhatsApp opt-out').fill('STOP, STOP ALL');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('alert')).toContainText('has a space');
    await expect(page.getByLabel('WhatsApp opt-out')).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'keywords-04-settings-error');
    await expectAccessible(page, 'settings with a keyword error');

    await page.getByLabel('WhatsApp opt-out').fill('stop, basta!');
    await page.getByLabel('SMS opt-in').fill('');
    const saved = await eventCount(page, 'desk:settings-saved');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await waitForAppEvent(page, 'desk:settings-saved', { since: saved });
    await expect(page.getByLabel('WhatsApp opt-out')).toHaveValue('STOP, BASTA');

    await goTo(page, 'Keywords');
    await expect(page.getByTestId('keyword-lists')).toContainText('BASTA');
    await expect(page.getByTestId('keyword-lists')).toContainText('opt-in is off');
    const log = desk.file('custom.csv', ['from,channel,text,received_at', '9876511111,wa,Basta,2025-03-01T10:00:00Z', '9876511112,sms,STOP,2025-03-01T10:00:00Z', '9876511112,sms,START,2025-03-01T10:05:00Z'].join('\n'));
    const { card } = await capture(page, log);
    await expect(card.locator('[data-stat="opt_outs"]')).toHaveText('2');
    await expect(card.locator('[data-stat="opt_ins"]')).toHaveText('0');
    await expect(card.locator('[data-stat="not_keywords"]')).toHaveText('1');
    await screenshot(page, 'keywords-05-custom-lists');
  });
});
