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

/** Uploads a log on the Keywords screen, starts the job and waits for its end; returns the job's card. */
async function capture(page: Page, file: string) {
  await page.locator('input[type="file"]').setInputFiles(file);
  const started = await eventCount(page, 'desk:job-started');
  await page.getByRole('button', { name: 'Capture keywords' }).click();
  const job = await nextJobId(page, started);
  expect(await waitForJob(page, job)).toBe('succeeded');
  const card = page.locator(`[data-job-id="${job}"]`);
  await expect(card).toHaveAttribute('data-status', 'succeeded');
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
    const { job, card } = await capture(page, log);

    await expect(card.locator('[data-stat="messages"]')).toHaveText('9');
    await expect(card.locator('[data-stat="opt_outs"]')).toHaveText('2');
    await expect(card.locator('[data-stat="opt_ins"]')).toHaveText('2');
    await expect(card.locator('[data-stat="not_keywords"]')).toHaveText('2');
    await expect(card.locator('[data-stat="ignored"]')).toContainText('2');
    await expect(card.locator('[data-stat="ignored"]')).toContainText('1 email, 1 unknown channel');
    await expect(card.locator('[data-stat="rejected"]')).toHaveText('1');
    await expect(card.getByRole('table')).toContainText('invalid_received_at');
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
