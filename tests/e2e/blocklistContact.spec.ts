import { eventCount, expect, nextJobId, screenshot, test, waitForAppEvent, waitForJob } from './fixtures';

test.describe('Blocklist Contact', () => {
  test('imports a file chosen through the file input and lands on Jobs with its report and its problems', async ({ app: page, desk }) => {
    const file = desk.file(
      'vendor-dnc.csv',
      [
        'customer_id,email,mobile,category,blocked_at',
        'CU-1,one@example.com,+919876543210,Unsubscribed,25/01/2022',
        'CU-2,two@example.com,,,',
        'CU-3,not-an-email,,,',
        ',four@example.com,n/a,VIP,',
        'CU-5,,,,sometime',
        '',
      ].join('\r\n'),
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
    expect(await waitForJob(page, job)).toBe('succeeded_with_problems');

    // Every row landed on its valid identifiers; the card says how many problems, in words.
    const card = page.locator(`[data-job-id="${job}"]`);
    await expect(card).toHaveAttribute('data-status', 'succeeded_with_problems');
    await expect(card.getByTestId('job-status')).toHaveText('Done — 5 problems');
    await expect(card.getByRole('heading')).toContainText('vendor-dnc.csv');
    await expect(card.locator('[data-stat="added"]')).toHaveText('5');
    await expect(card.locator('[data-stat="rejected"]')).toHaveText('0');
    await expect(card.locator('[data-stat="problems"]')).toHaveText('5');
    const problems = card.getByRole('table');
    await expect(problems.locator('[data-problem="invalid_email"]')).toContainText('Email address not valid');
    await expect(problems.locator('[data-problem="unknown_category"]')).toContainText('Category not recognised');
    await expect(problems.locator('[data-problem="unreadable_date"]')).toContainText('dated at import');
    await expect(problems).not.toContainText('invalid_email');
    await expect(card).toContainText('utf-8');
    await expect(card).toContainText('day/month/year');
    await screenshot(page, 'jobs-import-problems');
    await page.setViewportSize({ width: 1024, height: 700 });
    await screenshot(page, 'jobs-import-problems-1024');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The problems download as a CSV naming file, line, column, value, problem and action.
    const downloading = page.waitForEvent('download');
    await card.getByRole('button', { name: 'Download problems' }).click();
    const csv = await (await import('node:fs')).promises.readFile(await (await downloading).path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('file,line,column,value,problem,action');
    expect(lines).toContainEqual(expect.stringMatching(/^vendor-dnc\.csv,4,email,not-an-email,.*customer_id CU-3.*,cell ignored$/));
    expect(lines).toContainEqual(expect.stringMatching(/^vendor-dnc\.csv,6,blocked_at,sometime,.*,dated at import$/));

    // The listing follows: five identified contacts, blocked with the file's or the chosen category.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect(page.getByRole('tab', { name: 'Identified (5)' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: 'one@example.com' });
    await row.getByRole('button', { name: /^Yes: SMS/ }).click();
    const details = page.getByTestId('block-details');
    await expect(details).toContainText('Unsubscribe');
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
    await expect(page.getByRole('alert')).toContainText('Only CSV, Excel (.xlsx), ZIP and TXT');
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
    // One count: what the screen says was entered is the job's label and its rows read.
    await expect(page.getByTestId('paste-count')).toHaveText('4');
    await page.getByRole('button', { name: 'SAVE' }).click();
    await expect(page.getByText('Choose at least one channel.')).toBeVisible();
    await page.getByRole('checkbox', { name: 'WhatsApp' }).check();

    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('button', { name: 'SAVE' }).click();
    const job = await nextJobId(page, started);
    expect(await waitForJob(page, job)).toBe('succeeded');
    const card = page.locator(`[data-job-id="${job}"]`);
    await expect(card.locator('[data-stat="added"]')).toHaveText('2');
    await expect(card.locator('[data-stat="already_blocked"]')).toHaveText('2');
    await expect(card.getByRole('heading', { name: 'Multiple input — 4 pasted identifiers' })).toBeVisible();
    await expect(card.locator('[data-stat="rows_read"]')).toHaveText('4');
    await expect(card.locator('[data-stat="no_channel"]')).toHaveText('0');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect(page.getByRole('tab', { name: 'Anonymous (2)' })).toBeVisible();
    await page.getByRole('tab', { name: 'Anonymous (2)' }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { match: { tab: 'anonymous', complete: true } });
    const row = page.getByRole('row').filter({ hasText: '+919876543210' });
    await expect(row.getByRole('button', { name: /^Yes: WhatsApp/ })).toBeVisible();
    // The anonymous tab has no email column and no email channel: the mobile, then SMS, WhatsApp and RCS.
    await expect(row.locator('[data-column="whatsapp"]')).toContainText('Yes');
    await expect(row.locator('[data-column="sms"]')).toHaveText('No');
    await expect(row.locator('[data-column="email"]')).toHaveCount(0);
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
