import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { eventCount, expect, expectAccessible, nextJobId, screenshot, test, waitForJob } from './fixtures';

const FORMATS = path.resolve(__dirname, '../fixtures/formats');

/** The step in view (the form above it scrolls away), at both window sizes. */
async function screenshotBoth(page: Page, name: string): Promise<void> {
  await page.getByTestId('mapping-step').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, `${name}-1280x800`);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId('mapping-step').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, `${name}-1024x700`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function openImport(page: Page): Promise<void> {
  await page.keyboard.press('Control+n');
  await expect(page.getByRole('heading', { name: 'Blocklist Contact', level: 1 })).toBeVisible();
}

test.describe('Import mapping step', () => {
  test('a recognised export: drop it, the preview names the format and its status values, Save; the job report names the format', async ({ app: page, desk }) => {
    const file = desk.file('subscribers.csv', fs.readFileSync(path.join(FORMATS, 'listmonk_subscribers.csv')));
    await openImport(page);
    await page.locator('input[type="file"]').setInputFiles(file);

    const step = page.getByTestId('mapping-step');
    await expect(step.getByTestId('layout-name')).toContainText('Recognised: listmonk — subscribers');
    // Its status column, with the values seen and which of them mean blocked.
    await expect(step.getByRole('combobox', { name: 'Role of column status' })).toHaveValue('status');
    await expect(step.getByRole('combobox', { name: 'Role of column email' })).toHaveValue('email');
    const values = step.getByRole('group', { name: 'Values of “status” that mean blocked' });
    await expect(values.getByRole('checkbox', { name: 'blocklisted' })).toBeChecked();
    await expect(values.getByRole('checkbox', { name: 'enabled' })).not.toBeChecked();
    // Each row says what it blocks before Save.
    await expect(step.locator('tr', { hasText: 'two.l@example.com' }).locator('.mapping-outcome')).toHaveText(/^Email/);
    await expect(step.locator('tr', { hasText: 'one.l@example.com' }).locator('.mapping-outcome')).toHaveText('Not a block');
    // The export names its channels: the boxes would replace them, so they are not asked for.
    await expect(page.getByRole('checkbox', { name: 'SMS' })).toBeHidden();
    await expect(page.getByText('From the file: listmonk — subscribers says which channels each row blocks')).toBeVisible();
    await expectAccessible(page, 'mapping step, recognised export');
    await screenshotBoth(page, 'import-mapping-format');

    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('button', { name: 'SAVE' }).click();
    const job = await nextJobId(page, started);
    expect(await waitForJob(page, job)).toBe('succeeded');
    const card = page.locator(`[data-job-id="${job}"]`);
    await expect(card.locator('[data-stat="format"]')).toHaveText('listmonk — subscribers');
    await expect(card.locator('[data-stat="added"]')).toHaveText('3');
    await expect(card.locator('[data-stat="not_blocks"]')).toHaveText('4');
    await screenshot(page, 'import-mapping-format-job');
  });

  test('a file no format knows: set its columns, tick the status values that mean blocked, see problem rows, save the mapping; it comes back for the same header', async ({ app: page, desk }) => {
    const csv = ['Contact,Phone,State,Note', 'a@example.com,+91 98765 00001,Opted Out,x', 'b@example.com,+91 98765 00002,Active,x', 'not-an-email,12,Unsubscribed,x', 'e@example.com,,Bounced,x'].join('\n');
    await openImport(page);
    await page.locator('input[type="file"]').setInputFiles(desk.file('vendor.csv', csv));
    const step = page.getByTestId('mapping-step');
    await expect(step.getByRole('combobox', { name: 'Role of column Phone' })).toHaveValue('mobile');
    await expect(step.getByRole('combobox', { name: 'Role of column Contact' })).toHaveValue('');

    await step.getByRole('combobox', { name: 'Role of column Contact' }).selectOption('email');
    await step.getByRole('combobox', { name: 'Role of column State' }).selectOption('status');
    const values = step.getByRole('group', { name: 'Values of “State” that mean blocked' });
    await expect(values.getByRole('checkbox')).toHaveCount(4);
    await expect(step.getByRole('alert')).toContainText('Tick the values of “State” that mean blocked');
    await values.getByRole('checkbox', { name: 'Opted Out' }).check();
    await values.getByRole('checkbox', { name: 'Unsubscribed' }).check();
    await expect(step.getByRole('alert')).toHaveCount(0);
    await expect(step.locator('tr', { hasText: 'a@example.com' }).locator('.mapping-outcome')).toHaveText(/^Email, SMS, WhatsApp, RCS/);
    await expect(step.locator('tr', { hasText: 'b@example.com' }).locator('.mapping-outcome')).toHaveText('Not a block');
    const bad = step.locator('tr', { hasText: 'not-an-email' });
    await expect(bad).toHaveClass(/mapping-row-problem/);
    await expect(bad.locator('[data-problem]')).toHaveCount(2);
    await step.getByLabel('Save this mapping as').fill('Vendor X');
    await expectAccessible(page, 'mapping step, edited');
    await screenshotBoth(page, 'import-mapping-edited');

    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('button', { name: 'SAVE' }).click();
    const job = await nextJobId(page, started);
    expect(await waitForJob(page, job)).toBe('succeeded_with_problems');
    const card = page.locator(`[data-job-id="${job}"]`);
    await expect(card.locator('[data-stat="format"]')).toHaveText('mapping Vendor X');
    await expect(card.locator('[data-stat="added"]')).toHaveText('1');
    await expect(card.locator('[data-stat="not_blocks"]')).toHaveText('2');

    // Next month's file with the same header is read by the saved mapping at once.
    await openImport(page);
    await page.locator('input[type="file"]').setInputFiles(desk.file('vendor-april.csv', csv));
    await expect(step.getByTestId('layout-name')).toContainText('Read by your saved mapping “Vendor X”');
    await expect(step.getByRole('combobox', { name: 'Role of column Contact' })).toHaveValue('email');
    await expect(step.getByRole('group', { name: 'Values of “State” that mean blocked' }).getByRole('checkbox', { name: 'Opted Out' })).toBeChecked();
    await screenshot(page, 'import-mapping-saved');
  });

  test('a header the import cannot read by itself: the step says why and shows the rows; naming the column makes them blocks', async ({ app: page, desk }) => {
    await openImport(page);
    await page.getByRole('checkbox', { name: 'SMS' }).uncheck();
    await page.getByRole('checkbox', { name: 'WhatsApp' }).uncheck();
    await page.getByRole('checkbox', { name: 'RCS' }).uncheck();
    await page.locator('input[type="file"]').setInputFiles(desk.file('bajas.csv', 'Correo,Motivo\nana@example.com,no quiere\nluis@example.com,rebote\n'));
    const step = page.getByTestId('mapping-step');
    await expect(step.getByTestId('layout-problem')).toContainText('no header row naming customer_id, email or mobile');
    await expect(step.locator('tr[data-outcome="rejected"]')).toHaveCount(2);
    await screenshotBoth(page, 'import-mapping-unknown-header');
    await step.getByRole('combobox', { name: 'Role of column Correo' }).selectOption('email');
    await step.getByRole('combobox', { name: 'Role of column Motivo' }).selectOption('reason');
    await expect(step.locator('tr[data-outcome="block"]')).toHaveCount(2);
    await expect(step.getByTestId('layout-problem')).toHaveCount(0);
    await expectAccessible(page, 'mapping step, unknown header mapped');

    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('button', { name: 'SAVE' }).click();
    const job = await nextJobId(page, started);
    expect(await waitForJob(page, job)).toBe('succeeded');
    const found = JSON.parse(desk.cli(['search', 'ana@example.com', '--json']).stdout).contacts[0];
    expect(found.channels.email).toMatchObject({ status: 'blocked', reason: 'no quiere' });
  });
});

