import type { Page } from '@playwright/test';
import { eventCount, expect, expectAccessible, screenshot, seedImport, test, waitForAppEvent } from './fixtures';
import { anonymousCsv, identifiedCsv } from './seedData';

const SMALL = { width: 1024, height: 700 };
const LARGE = { width: 1280, height: 800 };

/** The seed's rows as the importer reads them, to count what a filter must find independently of the app. */
function seedRows(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trim().split(/\r?\n/);
  const names = (head ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i] ?? '', v])));
}

const fmt = (n: number) => n.toLocaleString('en-US');

async function shoot(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize(SMALL);
  await screenshot(page, `${name}-1024`);
  await page.setViewportSize(LARGE);
}

async function filterBy(page: Page, label: string, value: string): Promise<number | null> {
  const counted = await eventCount(page, 'desk:listing-counted');
  await page.getByLabel(label, { exact: true }).selectOption(value);
  return (await waitForAppEvent<{ count: number | null }>(page, 'desk:listing-counted', { since: counted })).count;
}

test.describe('Listing counts, sorting, bulk actions and the summary (issue 12, points 10 and 11)', () => {
  test('a filter shows its exact count; Last change and (anonymous) Mobile sort both ways', async ({ app: page, desk }) => {
    const csv = identifiedCsv(650);
    seedImport(desk, 'identified.csv', csv, ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs']);
    seedImport(desk, 'anonymous.csv', anonymousCsv(12), ['--using', 'mobile', '--channels', 'sms']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
    const rows = seedRows(csv);
    const onEmail = rows.filter((r) => r.email_blocked === 'yes').length;
    const emailUnsubscribed = rows.filter((r) => r.email_blocked === 'yes' && r.category === 'unsubscribe').length;
    expect(onEmail).toBeGreaterThan(200); // more than one page: the count is not the loaded rows

    expect(await filterBy(page, 'Channel', 'email')).toBe(onEmail);
    const foot = page.locator('.table-foot');
    await expect(foot).toContainText(`${fmt(onEmail)} contacts match these filters · 200 loaded — scroll for more`);
    expect(await filterBy(page, 'Category', 'unsubscribe')).toBe(emailUnsubscribed);
    await expect(foot).toContainText(`${fmt(emailUnsubscribed)} contacts match these filters`);
    expect(await filterBy(page, 'Category', '')).toBe(onEmail);
    await expect(foot).toContainText(`${fmt(onEmail)} contacts match these filters`);
    await shoot(page, '60-listing-filter-count');

    // One import stamps one time: newest first is the highest id first, oldest first the lowest.
    const table = page.getByRole('table', { name: 'Contacts' });
    const lastChange = table.getByRole('columnheader', { name: 'Last change' });
    await expect(lastChange).toHaveAttribute('aria-sort', 'descending');
    await expect(foot).toContainText('Newest change first');
    let loaded = await eventCount(page, 'desk:listing-loaded');
    await lastChange.getByRole('button').click();
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded });
    await expect(lastChange).toHaveAttribute('aria-sort', 'ascending');
    await expect(foot).toContainText('Oldest change first');
    await expect(table.getByRole('row').nth(1)).toContainText('C-0001');
    // The filter and its count stay as they were.
    await expect(foot).toContainText(`${fmt(onEmail)} contacts match these filters · 200 loaded`);
    await shoot(page, '61-listing-sorted-oldest');

    // The identified tab offers no identifier sort (a contact may lack any one); the anonymous tab sorts by mobile.
    await expect(table.locator('[role="columnheader"][data-column="primary"]')).toContainText('Email');
    await expect(table.locator('[role="columnheader"][data-column="primary"]').getByRole('button')).toHaveCount(0);
    await expect(table.locator('[role="columnheader"][data-column="mobile"]').getByRole('button')).toHaveCount(0);
    await page.getByRole('tab', { name: /^Anonymous/ }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { match: { tab: 'anonymous' } });
    const mobile = table.getByRole('columnheader', { name: 'Mobile' });
    loaded = await eventCount(page, 'desk:listing-loaded');
    await mobile.getByRole('button').click();
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded });
    await expect(mobile).toHaveAttribute('aria-sort', 'ascending');
    await expect(table.getByRole('row').nth(1)).toContainText('+919710000001');
    loaded = await eventCount(page, 'desk:listing-loaded');
    await mobile.getByRole('button').click();
    await waitForAppEvent(page, 'desk:listing-loaded', { since: loaded });
    await expect(mobile).toHaveAttribute('aria-sort', 'descending');
    await expect(table.getByRole('row').nth(1)).toContainText('+919710000012');
    await shoot(page, '61b-anonymous-sorted-by-mobile');
    await expectAccessible(page, 'the listing sorted by mobile');
  });

  test('every contact of a filter unblocked as one job, with the reason a protected block needs; the summary reports it', async ({ app: page, desk }) => {
    const csv = identifiedCsv(650);
    seedImport(desk, 'identified.csv', csv, ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
    const rows = seedRows(csv);
    const onEmail = rows.filter((r) => r.email_blocked === 'yes').length;
    const onSms = rows.filter((r) => r.sms_blocked === 'yes').length;
    expect(await filterBy(page, 'Channel', 'email')).toBe(onEmail);

    const table = page.getByRole('table', { name: 'Contacts' });
    await table.getByRole('checkbox', { name: /^Select / }).nth(1).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await expect(bar).toContainText('1 contact selected');
    await bar.getByRole('button', { name: 'Select every contact matching these filters' }).click();
    await expect(bar).toContainText(`All ${fmt(onEmail)} contacts matching these filters`);
    await shoot(page, '62-listing-bulk-bar');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'the bulk bar, dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await bar.getByRole('button', { name: 'Unblock…' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Unblock ${fmt(onEmail)} contacts?` });
    await expect(dialog).toContainText('runs as one job: all or nothing');
    // The filter holds unsubscribes and opt-outs: only Email is asked for (the filter's channel), and the reason is required.
    await expect(dialog.getByRole('checkbox', { name: 'Email' })).toBeChecked();
    await expect(dialog.getByRole('checkbox', { name: 'SMS' })).not.toBeChecked();
    await dialog.getByRole('button', { name: 'Unblock Email' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Say what evidence of consent you have');
    await dialog.getByLabel('Evidence of consent (required)').fill('Vendor list withdrawn: signed letter 2026-11-30');
    await shoot(page, '63-listing-bulk-confirm');
    await expectAccessible(page, 'the bulk confirmation');

    const finished = await eventCount(page, 'desk:job-finished');
    await dialog.getByRole('button', { name: 'Unblock Email' }).click();
    const job = await waitForAppEvent<{ kind: string; status: string }>(page, 'desk:job-finished', { since: finished });
    expect(job).toMatchObject({ kind: 'bulk', status: 'succeeded' });
    await expect(page.locator('.table-wrap')).toHaveAttribute('data-state', 'empty');
    await expect(page.locator('.table-foot')).toContainText('0 contacts');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Summary' }).click();
    await waitForAppEvent(page, 'desk:summary-loaded');
    const blocked = page.getByRole('table', { name: 'Blocked contacts by channel and category' });
    const total = blocked.locator('tr[data-category="total"]');
    await expect(total.locator('[data-channel="email"]')).toHaveText('0');
    await expect(total.locator('[data-channel="sms"]')).toHaveText(fmt(onSms));
    const smsOptOut = rows.filter((r) => r.sms_blocked === 'yes' && r.category === 'opt_out').length;
    await expect(blocked.locator('tr[data-category="opt_out"] [data-channel="sms"]')).toHaveText(fmt(smsOptOut));
    const jobs = page.getByRole('table', { name: 'Recent jobs, newest first' });
    await expect(jobs.getByRole('row').nth(1)).toContainText('Bulk change');
    await expect(jobs.getByRole('row').nth(1)).toContainText('Unblock Email · every contact of a filter');
    await expect(page.locator('[data-stat="outbox"]')).toBeVisible();
    // Contacts whose only block was on Email stay contacts, blocked nowhere now.
    const blockedAnywhere = rows.filter((r) => r.sms_blocked === 'yes' || r.whatsapp_blocked === 'yes' || r.rcs_blocked === 'yes').length;
    await expect(page.locator('[data-stat="blocked-anywhere"]')).toHaveText(fmt(blockedAnywhere));
    await expect(page.locator('[data-stat="identified"]')).toHaveText('650');
    await shoot(page, '64-summary');
    await expectAccessible(page, 'the summary');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'the summary, dark');
    await screenshot(page, '64-summary-dark-1280');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    const card = page.locator('.job-card').first();
    await expect(card).toContainText('Unblock Email · every contact of a filter');
    await expect(card.locator('[data-stat="rows_read"]')).toHaveText(fmt(onEmail));
    await expect(card.locator('[data-stat="updated"]')).toHaveText(fmt(onEmail));
    await expect(card.locator('[data-stat="unchanged"]')).toHaveText('0');
    await shoot(page, '67-jobs-bulk');
  });

  test('ticked rows deleted as one job: a protected block among them asks for the evidence of consent', async ({ app: page, desk }) => {
    seedImport(
      desk,
      'seed.csv',
      'customer_id,email,email_blocked,category\nDEL-1,one@example.com,yes,unsubscribe\nDEL-2,two@example.com,yes,manual\nKEEP-3,three@example.com,yes,manual\n',
      ['--using', 'auto', '--channels', 'email'],
    );
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
    const table = page.getByRole('table', { name: 'Contacts' });
    await table.getByRole('checkbox', { name: 'Select one@example.com' }).check();
    await table.getByRole('checkbox', { name: 'Select two@example.com' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await expect(bar).toContainText('2 contacts selected');
    await bar.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete 2 contacts?' });
    await expect(dialog).toContainText('Among the selected contacts, blocks for 1 Unsubscribe');
    await dialog.getByRole('button', { name: 'Delete 2 contacts' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Say what evidence of consent you have');
    await dialog.getByLabel('Evidence of consent (required)').fill('Customer asked to be forgotten (ticket 88)');
    const finished = await eventCount(page, 'desk:job-finished');
    await dialog.getByRole('button', { name: 'Delete 2 contacts' }).click();
    const job = await waitForAppEvent<{ kind: string; status: string }>(page, 'desk:job-finished', { since: finished });
    expect(job).toMatchObject({ kind: 'bulk', status: 'succeeded' });
    await expect(page.getByRole('tab', { name: 'Identified (1)' })).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('three@example.com');
    await expect(bar).toBeHidden();
  });

  test('a search that finds nothing offers "Blocklist this", pre-filled', async ({ app: page, desk }) => {
    seedImport(desk, 'identified.csv', identifiedCsv(5), ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
    const search = page.getByRole('searchbox');
    await search.fill('new.person@example.com');
    await search.press('Enter');
    await expect(page.getByText('No contact matches “new.person@example.com”.')).toBeVisible();
    await page.getByRole('button', { name: 'Blocklist this' }).click();
    const dialog = page.getByRole('dialog', { name: 'Blocklist this contact' });
    await expect(dialog.getByRole('radio', { name: 'Email ID' })).toBeChecked();
    await expect(dialog.getByRole('textbox', { name: 'Email ID' })).toHaveValue('new.person@example.com');
    await expect(dialog.getByRole('checkbox', { name: 'Email' })).toBeChecked();
    await expect(dialog.getByRole('checkbox', { name: 'SMS' })).toBeDisabled();
    await shoot(page, '66-blocklist-this');
    await expectAccessible(page, 'the Blocklist this dialog');
    await dialog.getByRole('button', { name: 'Blocklist', exact: true }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole('table', { name: 'Search results' }).getByRole('row').filter({ hasText: 'new.person@example.com' });
    await expect(row.locator('[data-column="email"]')).toHaveText('Yes');
  });
});

test.describe('Errors in the officer’s words (issue 12, point 13)', () => {
  test('an edit refused because another contact holds the email links to that contact', async ({ app: page, desk }) => {
    seedImport(desk, 'seed.csv', 'customer_id,email\nACT-1,first@example.com\nACT-2,second@example.com\n', ['--using', 'auto', '--channels', 'email']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
    await page.getByRole('row').filter({ hasText: 'second@example.com' }).getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: /^Edit/ });
    await dialog.getByLabel('Email ID').fill('First@Example.com');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('already belongs to another contact');
    await screenshot(page, '65-edit-conflict-1280');
    await dialog.getByRole('button', { name: 'Show the contact that holds First@Example.com' }).click();
    await expect(dialog).toBeHidden();
    const results = page.getByRole('table', { name: 'Search results' });
    await expect(results.getByRole('row')).toHaveCount(2);
    await expect(results.getByRole('row').nth(1)).toContainText('first@example.com');
    await expect(results.getByRole('row').nth(1)).toContainText('ACT-1');
  });
});
