import type { Page } from '@playwright/test';
import { eventCount, expect, seedImport, shootBothSizes, test, waitForAppEvent } from './fixtures';

const SEED = [
  'customer_id,email,mobile,email_blocked,sms_blocked,whatsapp_blocked,rcs_blocked,category,reason',
  'CUST-101,Priya.Sharma@Example.com,+91 98765 43210,yes,yes,yes,no,unsubscribe,Replied STOP to the March campaign',
  'CUST-102,rahul.verma@acme.in,,yes,no,no,no,manual,Legal hold',
  ',,98765 00007,no,yes,no,no,opt_out,Texted STOP',
  '',
].join('\n');

const shoot = shootBothSizes;

async function openRowMenu(page: Page, text: string, item: 'Edit' | 'Manage Consent' | 'Delete'): Promise<void> {
  const row = page.getByRole('row').filter({ hasText: text });
  await row.getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function openAuditLog(page: Page): Promise<void> {
  const before = await eventCount(page, 'desk:audit-loaded');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await waitForAppEvent(page, 'desk:audit-loaded', { since: before });
}

async function filterAudit(page: Page, contact: string): Promise<void> {
  await page.getByLabel('Contact').fill(contact);
  const before = await eventCount(page, 'desk:audit-loaded');
  await page.getByRole('button', { name: 'Apply' }).click();
  await waitForAppEvent(page, 'desk:audit-loaded', { since: before });
}

test.describe('Justified lifts and a contact’s history', () => {
  test.beforeEach(async ({ app: page, desk }) => {
    seedImport(desk, 'seed.csv', SEED, ['--using', 'auto', '--channels', 'email,sms,whatsapp']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
  });

  test('Manage Consent asks for the evidence in the confirmation, saves it, and the audit log shows category and reason', async ({ app: page }) => {
    await openRowMenu(page, 'Priya.Sharma@Example.com', 'Manage Consent');
    const dialog = page.getByRole('dialog', { name: /Manage Consent/ });
    await dialog.getByLabel('SMS status').selectOption('none');
    await dialog.getByLabel('Email status').selectOption('whitelisted');
    await shoot(page, 'manage-consent-changes');
    await dialog.getByRole('button', { name: 'Save 2 changes' }).click();

    const confirm = page.getByRole('alertdialog', { name: 'Lift a protected block?' });
    await expect(confirm).toContainText('Email (Unsubscribe), SMS (Unsubscribe)');
    const evidence = confirm.getByLabel('Evidence of consent (required)');
    await expect(evidence).toBeFocused();
    await confirm.getByRole('button', { name: 'Yes, lift it' }).click();
    await expect(confirm.getByRole('alert')).toContainText('what evidence of consent you have');
    await shoot(page, 'manage-consent-evidence-missing');

    await evidence.fill('Signed re-consent form, ref RC-2291, scanned 4 Jun');
    await shoot(page, 'manage-consent-evidence');
    await confirm.getByRole('button', { name: 'Yes, lift it' }).click();
    await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'consent' } });
    await expect(dialog).toBeHidden();

    await openAuditLog(page);
    const table = page.getByRole('table', { name: 'Audit entries' });
    const lifts = table.locator('tbody tr').filter({ hasText: 'Lifted' });
    await expect(lifts).toHaveCount(2);
    for (const row of await lifts.all()) {
      await expect(row).toContainText('Lifted Unsubscribe');
      await expect(row).toContainText('Reason: “Signed re-consent form, ref RC-2291, scanned 4 Jun”');
    }
    await expect(lifts.filter({ hasText: 'SMS' })).toContainText('blocked → none');
    await expect(lifts.filter({ hasText: 'whitelist' })).toContainText('blocked → whitelisted');
    await shoot(page, 'audit-log-lift');
  });

  test('Email is not offered for a mobile-only contact: the dialog says why instead of failing after the confirmation', async ({ app: page }) => {
    await page.getByRole('tab', { name: /^Anonymous/ }).click();
    await waitForAppEvent(page, 'desk:listing-loaded', { match: { tab: 'anonymous' } });
    await openRowMenu(page, '+919876500007', 'Manage Consent');
    const dialog = page.getByRole('dialog', { name: /Manage Consent/ });
    const email = dialog.getByLabel('Email status');
    await expect(email).toBeDisabled();
    await expect(email.locator('option[value="blocked"]')).toHaveCount(0);
    await expect(email).toHaveAccessibleDescription('Needs an email or a customer ID to block on Email: add one with Edit.');
    await expect(dialog.getByLabel('WhatsApp status')).toBeEnabled();
    await shoot(page, 'manage-consent-mobile-only');
  });

  test('the block details show the contact’s history, newest first, lifts with their reason', async ({ app: page }) => {
    await openRowMenu(page, 'Priya.Sharma@Example.com', 'Manage Consent');
    const dialog = page.getByRole('dialog', { name: /Manage Consent/ });
    await dialog.getByLabel('SMS status').selectOption('none');
    await dialog.getByRole('button', { name: 'Save 1 change' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Lift a protected block?' });
    await confirm.getByLabel('Evidence of consent (required)').fill('Texted START on 2 Jun');
    await confirm.getByRole('button', { name: 'Yes, lift it' }).click();
    await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'consent' } });

    const row = page.getByRole('row').filter({ hasText: 'Priya.Sharma@Example.com' });
    await row.getByRole('button', { name: /^Yes: WhatsApp/ }).click();
    const details = page.getByTestId('block-details');
    const history = details.getByRole('table', { name: 'Contact history' });
    await expect(history.locator('tbody tr')).toHaveCount(4);
    const rows = history.locator('tbody tr');
    await expect(rows.first()).toContainText('unblock SMS');
    await expect(rows.first()).toContainText('Lifted Unsubscribe');
    await expect(rows.first()).toContainText('Reason: “Texted START on 2 Jun”');
    await expect(rows.nth(1)).toContainText('block');
    await expect(rows.nth(1)).toContainText('none → blocked');
    await shoot(page, 'block-details-history');
  });

  test('Delete asks for the evidence; the audit log finds the person however written and reads the delete as a sentence', async ({ app: page }) => {
    await openRowMenu(page, 'Priya.Sharma@Example.com', 'Delete');
    const confirm = page.getByRole('alertdialog', { name: /^Delete/ });
    const evidence = confirm.getByLabel('Evidence of consent (required)');
    await expect(evidence).toBeFocused();
    await shoot(page, 'delete-protected');
    await evidence.fill('Customer closed the account by letter, 5 Jun');
    const before = await eventCount(page, 'desk:contact-changed');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'delete' }, since: before });

    await openAuditLog(page);
    const table = page.getByRole('table', { name: 'Audit entries' });
    for (const typed of ['priya.sharma@example.com', '09876543210', '+91 98765 43210']) {
      await filterAudit(page, typed);
      // 3 blocks by the import, 3 lifted by the delete, and the delete itself.
      await expect(table.locator('tbody tr'), typed).toHaveCount(7);
    }
    const deletion = table.locator('tbody tr').first();
    await expect(deletion).toContainText(
      'Deleted: customer_id CUST-101, email Priya.Sharma@Example.com, mobile +919876543210; was blocked on Email (unsubscribe), SMS (unsubscribe), WhatsApp (unsubscribe)',
    );
    await expect(deletion).toContainText('Reason: “Customer closed the account by letter, 5 Jun”');
    await expect(deletion).not.toContainText('{');
    await expect(table.locator('tbody tr').filter({ hasText: 'Lifted Unsubscribe' })).toHaveCount(3);
    await shoot(page, 'audit-log-delete');
  });
});
