import { eventCount, expect, nextJobId, test, waitForAppEvent, waitForJob } from './fixtures';

test.describe('Blocklist Contact', () => {
  test('imports a file chosen through the file input and lands on Jobs with its report', async ({ app: page, desk }) => {
    const file = desk.file(
      'vendor-dnc.csv',
      ['customer_id,email,mobile', 'CU-1,one@example.com,+919876543210', 'CU-2,two@example.com,', 'CU-3,not-an-email,', ''].join('\r\n'),
    );
    await page.keyboard.press('Control+n');
    await expect(page.getByRole('heading', { name: 'Blocklist Contact', level: 1 })).toBeVisible();
    await page.getByRole('radio', { name: 'Columns in the file' }).check();
    await page.locator('input[type="file"]').setInputFiles(file);
    await expect(page.getByRole('list', { name: 'Chosen files' })).toContainText('vendor-dnc.csv');
    await page.getByLabel('Category').selectOption('opt_out');
    await page.getByLabel('Reason').fill('Vendor DNC list');

    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('button', { name: 'SAVE' }).click();
    const job = await nextJobId(page, started);
    await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
    expect(await waitForJob(page, job)).toBe('succeeded');

    const card = page.locator(`[data-job-id="${job}"]`);
    await expect(card).toHaveAttribute('data-status', 'succeeded');
    await expect(card.getByRole('heading')).toContainText('vendor-dnc.csv');
    await expect(card.locator('[data-stat="added"]')).toHaveText('2');
    await expect(card.locator('[data-stat="rejected"]')).toHaveText('1');
    await expect(card.getByRole('table')).toContainText(/email/i);
    await expect(card).toContainText('utf-8');

    // The rejected rows download as a CSV naming the line and the reason.
    const downloading = page.waitForEvent('download');
    await card.getByRole('button', { name: 'Download rejected rows' }).click();
    const rejected = await (await import('node:fs')).promises.readFile(await (await downloading).path(), 'utf8');
    expect(rejected).toContain('not-an-email');

    // The listing follows: two identified contacts, blocked with the chosen category.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect(page.getByRole('tab', { name: 'Identified (2)' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: 'one@example.com' });
    await row.getByRole('button', { name: /^Yes: SMS/ }).click();
    const details = page.getByTestId('block-details');
    await expect(details).toContainText('Opt-out');
    await expect(details).toContainText('Vendor DNC list');
  });

  test('drag and drop adds files to the upload', async ({ app: page }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blocklist Contact' }).click();
    // Runs in the page; spelled through globalThis because the tests compile without the DOM lib.
    const dataTransfer = await page.evaluateHandle(() => {
      type PageFile = object;
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: PageFile): void } };
        File: new (parts: string[], name: string, options: { type: string }) => PageFile;
      };
      const dt = new g.DataTransfer();
      dt.items.add(new g.File(['email\nsomeone@example.com\n'], 'dropped.csv', { type: 'text/csv' }));
      dt.items.add(new g.File(['x'], 'picture.png', { type: 'image/png' }));
      return dt;
    });
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
    await expect(page.getByRole('list', { name: 'Chosen files' })).toContainText('dropped.csv');
    await expect(page.getByRole('alert')).toContainText('Only CSV, ZIP and TXT');
  });

  test('multiple input: pasted mobiles in any format become one anonymous contact per number', async ({ app: page }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blocklist Contact' }).click();
    await page.getByRole('radio', { name: 'Mobile' }).check();
    // Mobile allows SMS, WhatsApp and RCS only, and at least one of them.
    await expect(page.getByRole('checkbox', { name: 'Email' })).toBeDisabled();
    await page.getByRole('checkbox', { name: 'WhatsApp' }).uncheck();
    await page.getByRole('checkbox', { name: 'RCS' }).uncheck();
    await page.getByRole('checkbox', { name: 'SMS' }).uncheck();
    await page.getByRole('radio', { name: 'Multiple Input' }).check();
    await page.getByLabel('Identifiers').fill('98765 43210, +91-98765-43210; 09876543210\n+1 415 555 0100');
    await page.getByRole('button', { name: 'SAVE' }).click();
    await expect(page.getByText('Choose at least one channel.')).toBeVisible();
    await page.getByRole('checkbox', { name: 'WhatsApp' }).check();

    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('button', { name: 'SAVE' }).click();
    const job = await nextJobId(page, started);
    expect(await waitForJob(page, job)).toBe('succeeded');
    const card = page.locator(`[data-job-id="${job}"]`);
    await expect(card.locator('[data-stat="added"]')).toHaveText('2');
    await expect(card.locator('[data-stat="unchanged"]')).toHaveText('2');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect(page.getByRole('tab', { name: 'Anonymous (2)' })).toBeVisible();
    await page.getByRole('tab', { name: 'Anonymous (2)' }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { match: { tab: 'anonymous', complete: true } });
    const row = page.getByRole('row').filter({ hasText: '+919876543210' });
    await expect(row.getByRole('button', { name: /^Yes: WhatsApp/ })).toBeVisible();
    // The anonymous tab's columns: Email (the primary key), Mobile, then Email, WhatsApp, RCS, SMS.
    await expect(row.getByRole('cell').nth(5)).toHaveText('No');
    await expect(row.getByRole('cell').nth(0)).toHaveText('N/A');
  });

  test('channel rules: Email ID blocks email only; Customer ID any', async ({ app: page }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blocklist Contact' }).click();
    await page.getByRole('radio', { name: 'Email ID' }).check();
    await expect(page.getByRole('checkbox', { name: 'Email' })).toBeChecked();
    for (const name of ['SMS', 'WhatsApp', 'RCS']) {
      await expect(page.getByRole('checkbox', { name })).toBeDisabled();
      await expect(page.getByRole('checkbox', { name })).not.toBeChecked();
    }
    await page.getByRole('radio', { name: 'Customer ID' }).check();
    for (const name of ['Email', 'SMS', 'WhatsApp', 'RCS']) await expect(page.getByRole('checkbox', { name })).toBeEnabled();
  });
});
