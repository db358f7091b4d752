import type { Page } from '@playwright/test';
import { eventCount, expect, seedImport, test, waitForAppEvent } from './fixtures';

async function search(page: Page, text: string): Promise<void> {
  const before = await eventCount(page, 'desk:listing-loaded');
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill(text);
  await box.press('Enter');
  await waitForAppEvent(page, 'desk:listing-loaded', { since: before, match: { mode: 'search' } });
}

test.describe('Settings', () => {
  test('the default country decides what a national number means in search', async ({ app: page, desk }) => {
    seedImport(desk, 'us.csv', 'customer_id,mobile\nUS-1,+1 415 555 0100\n', ['--using', 'auto', '--channels', 'sms']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');

    // With the first-run default (IN), (415) 555-0100 is not this number.
    await search(page, '(415) 555-0100');
    await expect(page.locator('.table-wrap')).toHaveAttribute('data-state', 'empty');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByLabel('Default country')).toHaveValue('IN');
    await expect(page.getByTestId('data-folder')).toHaveText(desk.dataDir);
    await page.getByLabel('Default country').selectOption('US');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await waitForAppEvent(page, 'desk:settings-saved', { match: { country: 'US' } });
    await expect(page.locator('.topbar')).toContainText('Default country: US');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await search(page, '(415) 555-0100');
    await expect(page.locator('.table-wrap')).toHaveAttribute('data-rows', '1');
    await expect(page.getByRole('table', { name: 'Search results' })).toContainText('US-1');

    // The setting is stored: the CLI sees it too.
    const stored = desk.cli(['search', '415 555 0100', '--json']);
    expect(JSON.parse(stored.stdout).contacts).toHaveLength(1);
  });

  test('the primary key names the first column', async ({ app: page, desk }) => {
    seedImport(desk, 'seed.csv', 'customer_id,email\nPK-1,pk@example.com\n', ['--using', 'auto', '--channels', 'email']);
    await page.reload();
    const table = page.getByRole('table', { name: 'Contacts' });
    await expect(table.getByRole('columnheader').first()).toHaveText('Email');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Customer ID' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await waitForAppEvent(page, 'desk:settings-saved', { match: { primary_key: 'customer_id' } });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect(table.getByRole('columnheader').first()).toHaveText('Customer ID');
    await expect(table.getByRole('columnheader').nth(1)).toHaveText('Email ID');
    await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('PK-1');
  });
});
