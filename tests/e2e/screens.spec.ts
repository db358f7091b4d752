import type { Page } from '@playwright/test';
import { expect, expectAccessible, screenshot, seedImport, test, waitForAppEvent } from './fixtures';
import { anonymousCsv, identifiedCsv } from './seedData';

async function goTo(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

test('every screen: screenshot at 1280×800 and no serious or critical axe violations', async ({ app: page, desk }) => {
  // Fifteen screens and states, each with an axe run: longer than one flow.
  test.setTimeout(180_000);
  seedImport(desk, 'identified.csv', identifiedCsv(320), ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs', '--reason', 'Seed']);
  seedImport(desk, 'anonymous.csv', anonymousCsv(45), ['--using', 'mobile', '--channels', 'sms,whatsapp', '--category', 'opt_out', '--reason', 'Replied STOP']);
  await page.reload();
  await waitForAppEvent(page, 'desk:listing-loaded');
  await expect(page.getByRole('tab', { name: 'Identified (320)' })).toBeVisible();
  await screenshot(page, '01-listing');
  await expectAccessible(page, 'listing');

  await page.getByRole('tab', { name: 'Anonymous (45)' }).click();
  await expect(page.locator('.table-wrap')).toHaveAttribute('data-state', 'complete');
  await screenshot(page, '02-listing-anonymous');

  await page.getByRole('tab', { name: /^Identified/ }).click();
  await page.getByRole('button', { name: /^Yes/ }).first().click();
  await expect(page.getByTestId('block-details')).toBeVisible();
  await screenshot(page, '03-block-details');
  await expectAccessible(page, 'block details');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: /^Actions for/ }).first().click();
  await expect(page.getByRole('menu')).toBeVisible();
  await screenshot(page, '04-row-menu');
  await expectAccessible(page, 'row menu');
  await page.getByRole('menuitem', { name: 'Manage Consent' }).click();
  await expect(page.getByTestId('manage-consent')).toBeVisible();
  await screenshot(page, '05-manage-consent');
  await expectAccessible(page, 'manage consent');
  // C-0320 is blocked on SMS as a hard bounce (protected): lifting it asks first.
  await page.getByLabel('SMS status').selectOption('none');
  await page.getByRole('button', { name: 'Save 1 change' }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await screenshot(page, '05b-manage-consent-confirm');
  await expectAccessible(page, 'protected-category confirmation');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('manage-consent')).toBeHidden();

  await page.getByRole('button', { name: /^Actions for/ }).first().click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(page.getByTestId('edit-contact')).toBeVisible();
  await screenshot(page, '06-edit');
  await expectAccessible(page, 'edit');
  await page.getByLabel('Email ID').fill('kavya.kumar319@corp.example.in');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByLabel('Email ID')).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, '06b-edit-conflict');
  await expectAccessible(page, 'edit with a field error');
  await page.keyboard.press('Escape');

  await page.getByRole('searchbox', { name: 'Search' }).fill('C-0007');
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await waitForAppEvent(page, 'desk:listing-loaded', { match: { mode: 'search' } });
  await screenshot(page, '07-search');
  await expectAccessible(page, 'search');
  await page.getByRole('button', { name: 'Back to the listing' }).click();

  await goTo(page, 'Blocklist Contact');
  await screenshot(page, '08-blocklist-contact');
  await expectAccessible(page, 'blocklist contact');
  await page.getByRole('radio', { name: 'Multiple Input' }).check();
  await screenshot(page, '09-blocklist-contact-paste');
  await expectAccessible(page, 'blocklist contact (paste)');

  await goTo(page, 'Jobs');
  await expect(page.locator('.job-card').first()).toBeVisible();
  await screenshot(page, '10-jobs');
  await expectAccessible(page, 'jobs');

  await goTo(page, 'Download');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  await downloading;
  await expect(page.getByRole('button', { name: /^Download blocklist-all/ })).toBeVisible();
  await screenshot(page, '11-download');
  await expectAccessible(page, 'download');

  await goTo(page, 'Audit log');
  await waitForAppEvent(page, 'desk:audit-loaded');
  await screenshot(page, '12-audit');
  await expectAccessible(page, 'audit');

  await goTo(page, 'Settings');
  await screenshot(page, '13-settings');
  await expectAccessible(page, 'settings');

  // A large screen: the table takes the width, nothing stretches oddly.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await goTo(page, 'Contacts');
  await waitForAppEvent(page, 'desk:listing-loaded');
  await screenshot(page, '16-listing-1920');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Dark mode: the same screens follow prefers-color-scheme.
  await page.emulateMedia({ colorScheme: 'dark' });
  await goTo(page, 'Contacts');
  await waitForAppEvent(page, 'desk:listing-loaded');
  await screenshot(page, '14-listing-dark');
  await expectAccessible(page, 'listing (dark)');
  await goTo(page, 'Blocklist Contact');
  await screenshot(page, '15-blocklist-contact-dark');
  await expectAccessible(page, 'blocklist contact (dark)');
});

test('first run: an empty database explains what to do and offers the sample file', async ({ app: page }) => {
  await expect(page.getByTestId('first-run')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Identified (0)' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Anonymous (0)' })).toBeVisible();
  await screenshot(page, '00-first-run');
  await expectAccessible(page, 'first run');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('first-run').getByRole('button', { name: 'Download sample file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const text = await (await import('node:fs')).promises.readFile(await download.path(), 'utf8');
  expect(text.split(/\r?\n/)[0]).toContain('customer_id');
});
