import { eventCount, expect, seedImport, test, waitForAppEvent } from './fixtures';

const SEED = [
  'customer_id,email,mobile',
  'CUST-100,Mixed.Case@Example.com,',
  'CUST-200,,+919876543210',
  'CUST-2000,other@example.org,',
  ',,+14155550100',
  '',
].join('\n');

test.describe('Search', () => {
  test.beforeEach(async ({ app: page, desk }) => {
    seedImport(desk, 'seed.csv', SEED, ['--using', 'auto', '--channels', 'email,sms']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
  });

  async function search(page: import('@playwright/test').Page, text: string): Promise<void> {
    const before = await eventCount(page, 'desk:listing-loaded');
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill(text);
    await box.press('Enter');
    await waitForAppEvent(page, 'desk:listing-loaded', { since: before, match: { mode: 'search' } });
  }

  test('exact customer ID, email in another case, mobile in another format', async ({ app: page }) => {
    const results = page.getByRole('table', { name: 'Search results' });
    const wrap = page.locator('.table-wrap');

    await search(page, 'CUST-200');
    await expect(wrap).toHaveAttribute('data-rows', '1');
    await expect(results.getByRole('row').nth(1)).toContainText('+919876543210');

    await search(page, 'mixed.case@EXAMPLE.COM');
    await expect(wrap).toHaveAttribute('data-rows', '1');
    await expect(results.getByRole('row').nth(1)).toContainText('Mixed.Case@Example.com');

    for (const spelling of ['98765 43210', '09876543210', '+91-98765-43210', '919876543210']) {
      await search(page, spelling);
      await expect(wrap).toHaveAttribute('data-rows', '1');
      await expect(results.getByRole('row').nth(1)).toContainText('CUST-200');
    }

    // Exact means exact: a customer ID's prefix finds nothing until prefix search is on.
    await search(page, 'CUST-20');
    await expect(wrap).toHaveAttribute('data-state', 'empty');
    await expect(page.getByText('No contact matches “CUST-20”.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Blocklist this' })).toBeVisible();
    const before = await eventCount(page, 'desk:listing-loaded');
    await page.getByRole('checkbox', { name: 'Prefix match' }).check();
    await waitForAppEvent(page, 'desk:listing-loaded', { since: before, match: { mode: 'search' } });
    await expect(wrap).toHaveAttribute('data-rows', '2');
    await expect(results).toContainText('CUST-200');
    await expect(results).toContainText('CUST-2000');
  });

  test('clearing the box returns to the listing', async ({ app: page }) => {
    await search(page, 'CUST-100');
    await expect(page.getByTestId('search-note')).toContainText('CUST-100');
    const before = await eventCount(page, 'desk:listing-loaded');
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await waitForAppEvent(page, 'desk:listing-loaded', { since: before, match: { mode: 'listing' } });
    await expect(page.getByRole('table', { name: 'Contacts' })).toBeVisible();
    await expect(page.locator('.table-wrap')).toHaveAttribute('data-rows', '3');

    // Ctrl+F focuses the box from anywhere; Escape clears it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.keyboard.press('Control+f');
    await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
    await search(page, 'other@example.org');
    const again = await eventCount(page, 'desk:listing-loaded');
    await page.getByRole('searchbox', { name: 'Search' }).press('Escape');
    await waitForAppEvent(page, 'desk:listing-loaded', { since: again, match: { mode: 'listing' } });
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
  });
});
