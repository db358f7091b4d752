import { eventCount, expect, screenshot, seedImport, test, waitForAppEvent } from './fixtures';
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
    await expect(headers).toHaveText(['Email', 'Customer ID', 'Mobile', 'Blocked on Email', 'Blocked on SMS', 'Blocked on WhatsApp', 'Blocked on RCS', 'Last change', 'Actions']);
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
    const headerBox = await page.locator('.grid-head-group').boundingBox();
    const scrollerBox = await scroller.boundingBox();
    expect(headerBox && scrollerBox && Math.abs(headerBox.y - scrollerBox.y)).toBeLessThan(2);

    // The other tab lists the mobile-only contacts.
    await page.getByRole('tab', { name: 'Anonymous (12)' }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { match: { tab: 'anonymous' } });
    await expect(wrap).toHaveAttribute('data-rows', '12');
    // Mobile-only contacts: no customer ID or email column, no Email channel.
    await expect(headers).toHaveText(['Mobile', 'Blocked on SMS', 'Blocked on WhatsApp', 'Blocked on RCS', 'Last change', 'Actions']);
    await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(/^\+9197/);
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
      await expect(row.locator('[data-column="rcs"]')).toHaveText('Yes');
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

test.describe('Listing reads right (issue 12, point 9)', () => {
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const today = () => {
    const d = new Date();
    return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
  };

  test('identifiers titled by the primary key apart from the "Blocked on" channels; counts formatted; the block date apart from the last change', async ({ app: page, desk }) => {
    seedImport(desk, 'identified.csv', identifiedCsv(1200), ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs']);
    // A vendor file dates its block: that date is the block's, the import is the contact's last change.
    seedImport(
      desk,
      'dated.csv',
      'customer_id,email,mobile,email_blocked,sms_blocked,category,reason,blocked_at\r\nOLD-1,old.optout@example.com,+919812345678,yes,yes,unsubscribe,Unsubscribed by letter,2020-03-12T10:00:00Z\r\n',
      ['--using', 'auto', '--channels', 'email,sms'],
    );
    seedImport(desk, 'anonymous.csv', anonymousCsv(1050), ['--using', 'mobile', '--channels', 'sms,whatsapp']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
    await expect(page.getByRole('tab', { name: 'Identified (1,201)' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Anonymous (1,050)' })).toBeVisible();

    const table = page.getByRole('table', { name: 'Contacts' });
    const headers = table.getByRole('columnheader');
    const names = await headers.allTextContents();
    expect(names).toEqual(['Email', 'Customer ID', 'Mobile', 'Blocked on Email', 'Blocked on SMS', 'Blocked on WhatsApp', 'Blocked on RCS', 'Last change', 'Actions']);
    expect(new Set(names).size).toBe(names.length);
    // On screen the channels sit under one "Blocked on" heading and read just "Email", "SMS"…
    await expect(page.locator('.grid-group-channels')).toHaveText('Blocked on');
    await expect(table.locator('[role="columnheader"][data-column="email"]')).toHaveText('Blocked on Email');
    await expect(page.locator('.table-foot')).toContainText('200 of 1,201 loaded');

    // The row the import dated: its Yes says when the block was made; Last change says when the contact last changed.
    const row = table.getByRole('row').filter({ hasText: 'OLD-1' });
    const emailYes = row.locator('[data-column="email"]').getByRole('button');
    await expect(emailYes).toHaveText('Yes');
    await expect(emailYes).toHaveAttribute('title', 'Blocked on 12 Mar 2020 · Unsubscribe');
    await expect(emailYes).toHaveAccessibleName('Yes: Email block details for old.optout@example.com, blocked on 12 Mar 2020');
    await expect(row.locator('[data-column="changed"]')).toContainText(today());
    await expect(row.locator('[data-column="changed"]')).toHaveAttribute('title', new RegExp(`^Last change to this contact: ${today()} \\d\\d:\\d\\d:\\d\\d$`));
    await screenshot(page, '30-listing-1280');
    await emailYes.click();
    await expect(page.getByTestId('block-details')).toContainText('12 Mar 2020');
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 1024, height: 700 });
    await screenshot(page, '31-listing-1024');

    // The anonymous tab: mobiles only, no email column, no Email channel, and no Email in its filters.
    await page.getByRole('tab', { name: 'Anonymous (1,050)' }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { match: { tab: 'anonymous' } });
    await expect(headers).toHaveText(['Mobile', 'Blocked on SMS', 'Blocked on WhatsApp', 'Blocked on RCS', 'Last change', 'Actions']);
    await expect(page.getByLabel('Channel', { exact: true }).locator('option')).toHaveText(['Any channel', 'SMS', 'WhatsApp', 'RCS']);
    await expect(page.getByLabel('Status').locator('option[value="whitelisted"]')).toBeDisabled();
    await expect(page.locator('.table-foot')).toContainText('200 of 1,050 loaded');
    await screenshot(page, '32-listing-anonymous-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, '33-listing-anonymous-1280');
  });

  test('an email filter does not follow the officer to the anonymous tab', async ({ app: page, desk }) => {
    seedImport(desk, 'identified.csv', identifiedCsv(30), ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs']);
    seedImport(desk, 'anonymous.csv', anonymousCsv(5), ['--using', 'mobile', '--channels', 'sms']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
    let loaded = await eventCount(page, 'desk:listing-loaded');
    await page.getByLabel('Channel', { exact: true }).selectOption('email');
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded });
    loaded = await eventCount(page, 'desk:listing-loaded');
    await page.getByRole('tab', { name: 'Anonymous (5)' }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded, match: { tab: 'anonymous' } });
    await expect(page.getByLabel('Channel', { exact: true })).toHaveValue('');
    await expect(page.locator('.table-wrap')).toHaveAttribute('data-rows', '5');
  });

  test('one channel order on every screen: Email, SMS, WhatsApp, RCS', async ({ app: page, desk }) => {
    const ORDER = ['Email', 'SMS', 'WhatsApp', 'RCS'];
    seedImport(desk, 'identified.csv', identifiedCsv(4), ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
    const table = page.getByRole('table', { name: 'Contacts' });
    await expect(table.getByRole('columnheader', { name: /^Blocked on/ })).toHaveText(ORDER.map((c) => `Blocked on ${c}`));
    await expect(page.getByLabel('Channel', { exact: true }).locator('option')).toHaveText(['Any channel', ...ORDER]);

    await table.getByRole('button', { name: /^Actions for/ }).first().click();
    await page.getByRole('menuitem', { name: 'Manage Consent' }).click();
    const consent = page.getByTestId('manage-consent');
    await expect(consent.locator('tbody th[scope="row"]')).toHaveText(ORDER.map((c) => new RegExp(`^${c}`)));
    await page.keyboard.press('Escape');

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Blocklist Contact', exact: true }).click();
    await page.getByRole('radio', { name: 'Customer ID' }).check();
    await expect(page.getByRole('group', { name: 'Channels' }).getByRole('checkbox')).toHaveCount(4);
    expect(await page.getByRole('group', { name: 'Channels' }).locator('label').allTextContents()).toEqual(ORDER);

    await nav.getByRole('link', { name: 'Audit log', exact: true }).click();
    await expect(page.getByLabel('Channel', { exact: true }).locator('option')).toHaveText(['Any channel', ...ORDER]);

    await nav.getByRole('link', { name: 'Sync', exact: true }).click();
    await expect(page.getByTestId('outbox-total')).toBeVisible();
    await expect(page.locator('[data-outbox="email"], [data-outbox="sms"], [data-outbox="whatsapp"], [data-outbox="rcs"]')).toHaveCount(4);
    expect(await page.locator('dl.stats dt').allTextContents()).toEqual([...ORDER, 'Blocks', 'Unblocks']);
  });
});
