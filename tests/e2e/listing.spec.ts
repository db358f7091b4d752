import { eventCount, expect, seedImport, test, waitForAppEvent } from './fixtures';
import { anonymousCsv, identifiedCsv } from './seedData';

test.describe('Listing', () => {
  test('tabs show live counts; every record is reachable by scrolling, newest change first', async ({ app: page, desk }) => {
    seedImport(desk, 'identified.csv', identifiedCsv(650), ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs']);
    seedImport(desk, 'anonymous.csv', anonymousCsv(12), ['--using', 'mobile', '--channels', 'sms']);
    await page.reload();
    await expect(page.getByRole('tab', { name: 'Identified (650)' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tab', { name: 'Anonymous (12)' })).toBeVisible();

    const table = page.getByRole('table', { name: 'Contacts' });
    const headers = table.getByRole('columnheader');
    await expect(headers).toHaveText(['Email', 'Customer ID', 'Mobile', 'Email', 'WhatsApp', 'RCS', 'SMS', 'Last change', 'Actions']);
    // One import stamps every contact with one time: ties go newest id first.
    await expect(table.getByRole('row').nth(1)).toContainText('C-0650');
    await expect(table.getByRole('row').filter({ hasText: 'C-0649' }).getByRole('cell').nth(2)).toHaveText('N/A');

    // Keyset pages load as the end comes near; the DOM holds only the rows in view.
    const scroller = page.getByRole('region', { name: 'Contacts (scrollable)' });
    const wrap = page.locator('.table-wrap');
    for (let i = 0; i < 20 && (await wrap.getAttribute('data-state')) !== 'complete'; i += 1) {
      const before = await eventCount(page, 'desk:listing-loaded');
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await waitForAppEvent(page, 'desk:listing-loaded', { since: before });
    }
    await expect(wrap).toHaveAttribute('data-state', 'complete');
    await expect(wrap).toHaveAttribute('data-rows', '650');
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(table.getByRole('row').filter({ hasText: 'C-0001' })).toBeVisible();
    expect(await table.getByRole('row').count()).toBeLessThan(80);
    await expect(page.locator('.table-foot')).toContainText('650 contacts');
    // Deep in the list the column headers are still on screen, at the top of the table.
    const headerBox = await table.getByRole('row').first().boundingBox();
    const scrollerBox = await scroller.boundingBox();
    expect(headerBox && scrollerBox && Math.abs(headerBox.y - scrollerBox.y)).toBeLessThan(2);

    // The other tab lists the mobile-only contacts.
    await page.getByRole('tab', { name: 'Anonymous (12)' }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { match: { tab: 'anonymous' } });
    await expect(wrap).toHaveAttribute('data-rows', '12');
    await expect(headers).toHaveText(['Email', 'Mobile', 'Email', 'WhatsApp', 'RCS', 'SMS', 'Last change', 'Actions']);
    await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('N/A');
    await expect(table.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText(/^\+9197/);
  });

  test('a Yes opens the block details: category, reason, date, source, actor', async ({ app: page, desk }) => {
    seedImport(desk, 'one.csv', 'customer_id,email,sms_blocked,email_blocked,category,reason\nCID-9,nine@example.com,yes,no,spam_complaint,ISP feedback loop\n', [
      '--using',
      'auto',
      '--channels',
      'email,sms',
    ]);
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'nine@example.com' });
    await expect(row.getByRole('cell').nth(3)).toHaveText('No');
    await row.getByRole('button', { name: /^Yes/ }).click();
    const details = page.getByRole('dialog', { name: /SMS block/ });
    await expect(details).toContainText('Spam complaint');
    await expect(details).toContainText('ISP feedback loop');
    await expect(details).toContainText(/Import j/);
    await expect(details).toContainText(String(new Date().getFullYear()));
    await expect(details.getByText('Actor')).toBeVisible();
    // Escape closes and focus returns to the Yes.
    await page.keyboard.press('Escape');
    await expect(details).toBeHidden();
    await expect(row.getByRole('button', { name: /^Yes/ })).toBeFocused();
  });

  test('filters by channel, category and source', async ({ app: page, desk }) => {
    seedImport(desk, 'identified.csv', identifiedCsv(60), ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
    const table = page.getByRole('table', { name: 'Contacts' });
    const wrap = page.locator('.table-wrap');

    let loaded = await eventCount(page, 'desk:listing-loaded');
    await page.getByLabel('Channel', { exact: true }).selectOption('rcs');
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded });
    const rcsRows = Number(await wrap.getAttribute('data-rows'));
    expect(rcsRows).toBeGreaterThan(0);
    expect(rcsRows).toBeLessThan(60);
    for (const row of await table.getByRole('row').all()) {
      if ((await row.getAttribute('aria-rowindex')) === '1') continue;
      await expect(row.getByRole('cell').nth(5)).toHaveText('Yes');
    }

    loaded = await eventCount(page, 'desk:listing-loaded');
    await page.getByLabel('Category').selectOption('hard_bounce');
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded });
    const bounced = Number(await wrap.getAttribute('data-rows'));
    expect(bounced).toBeLessThanOrEqual(rcsRows);

    loaded = await eventCount(page, 'desk:listing-loaded');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded });
    await expect(wrap).toHaveAttribute('data-rows', '60');

    // A change in the UI has source `ui`: the source filter finds exactly that contact.
    const row = table.getByRole('row').filter({ hasText: 'C-0060' });
    await row.getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Manage Consent' }).click();
    const consent = page.getByRole('dialog', { name: /Manage Consent/ });
    await consent.getByLabel('RCS status').selectOption('blocked');
    await consent.getByLabel('RCS reason').fill('Asked at the counter');
    await consent.getByRole('button', { name: /^Save/ }).click();
    await expect(consent).toBeHidden();

    loaded = await eventCount(page, 'desk:listing-loaded');
    await page.getByLabel('Source').selectOption('ui');
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded });
    await expect(wrap).toHaveAttribute('data-rows', '1');
    await expect(table.getByRole('row').nth(1)).toContainText('C-0060');

    // Date: nothing changed before yesterday.
    const yesterday = new Date(Date.now() - 86_400_000);
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
    loaded = await eventCount(page, 'desk:listing-loaded');
    await page.getByLabel('Changed to').fill(day);
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded });
    await expect(wrap).toHaveAttribute('data-state', 'empty');
  });
});
