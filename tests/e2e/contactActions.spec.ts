import type { Page } from '@playwright/test';
import { eventCount, expect, seedImport, test, waitForAppEvent } from './fixtures';

const SEED = [
  'customer_id,email,mobile,email_blocked,sms_blocked,whatsapp_blocked,rcs_blocked,category,reason',
  'ACT-1,first@example.com,+919800000001,yes,yes,no,no,unsubscribe,Replied STOP',
  'ACT-2,second@example.com,+919800000002,yes,no,no,no,manual,Legal hold',
  '',
].join('\n');

async function openRowMenu(page: Page, text: string, item: 'Edit' | 'Manage Consent' | 'Delete'): Promise<void> {
  const row = page.getByRole('row').filter({ hasText: text });
  await row.getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

test.describe('Row menu', () => {
  test.beforeEach(async ({ app: page, desk }) => {
    seedImport(desk, 'seed.csv', SEED, ['--using', 'auto', '--channels', 'email,sms']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');
  });

  test('the menu works from the keyboard', async ({ app: page }) => {
    const button = page.getByRole('button', { name: 'Actions for first@example.com' });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'Manage Consent' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toBeHidden();
    await expect(button).toBeFocused();
  });

  test('edit: a taken email is refused beside the field; a free one is saved', async ({ app: page }) => {
    await openRowMenu(page, 'second@example.com', 'Edit');
    const dialog = page.getByRole('dialog', { name: /^Edit/ });
    const email = dialog.getByLabel('Email ID');
    await expect(dialog.getByLabel('Customer ID')).toBeFocused();
    await email.fill('FIRST@example.com');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    const error = dialog.locator(`#${await email.getAttribute('aria-describedby')}`);
    await expect(error).toHaveClass(/field-error/);
    await expect(error).not.toBeEmpty();
    await expect(dialog).toBeVisible();

    // Tab stays inside the dialog.
    for (let i = 0; i < 8; i += 1) await page.keyboard.press('Tab');
    await expect(dialog.locator(':focus')).toHaveCount(1);

    await email.fill('second.renamed@example.com');
    await expect(email).not.toHaveAttribute('aria-invalid', 'true');
    await dialog.getByLabel('Mobile').fill('98000 00009');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'edit' } });
    await expect(dialog).toBeHidden();
    const row = page.getByRole('row').filter({ hasText: 'second.renamed@example.com' });
    await expect(row).toContainText('+919800000009');
  });

  test('manage consent: lifting an unsubscribe asks for confirmation first', async ({ app: page }) => {
    await openRowMenu(page, 'first@example.com', 'Manage Consent');
    const dialog = page.getByRole('dialog', { name: /Manage Consent/ });
    await expect(dialog.getByRole('row', { name: /SMS/ })).toContainText('Unsubscribe');
    await dialog.getByLabel('SMS status').selectOption('none');
    await dialog.getByLabel('WhatsApp status').selectOption('blocked');
    await dialog.getByLabel('WhatsApp category').selectOption('opt_out');
    await dialog.getByLabel('WhatsApp reason').fill('Asked on the phone');
    await dialog.getByRole('button', { name: 'Save 2 changes' }).click();

    // Cancelling the question changes nothing. It asks for the evidence first (Enter there is a new line, never a yes).
    const confirm = page.getByRole('alertdialog', { name: 'Lift a protected block?' });
    await expect(confirm).toContainText('SMS (Unsubscribe)');
    await expect(confirm.getByLabel('Evidence of consent (required)')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(dialog).toBeVisible();

    await dialog.getByRole('button', { name: 'Save 2 changes' }).click();
    await confirm.getByLabel('Evidence of consent (required)').fill('Called back and agreed on a recorded line');
    await confirm.getByRole('button', { name: 'Yes, lift it' }).click();
    await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'consent' } });
    await expect(dialog).toBeHidden();

    const row = page.getByRole('row').filter({ hasText: 'first@example.com' });
    // Columns: Email, Customer ID, Mobile, Email, WhatsApp, RCS, SMS.
    await expect(row.getByRole('cell').nth(6)).toHaveText('No');
    await row.getByRole('button', { name: /^Yes: WhatsApp/ }).click();
    await expect(page.getByTestId('block-details')).toContainText('Asked on the phone');
    await page.keyboard.press('Escape');

    // Whitelisting is offered for email only.
    await openRowMenu(page, 'first@example.com', 'Manage Consent');
    await expect(page.getByLabel('Email status').locator('option[value="whitelisted"]')).toHaveCount(1);
    await expect(page.getByLabel('SMS status').locator('option[value="whitelisted"]')).toHaveCount(0);
  });

  test('delete asks first, then removes the contact and updates the count', async ({ app: page }) => {
    await expect(page.getByRole('tab', { name: 'Identified (2)' })).toBeVisible();
    await openRowMenu(page, 'second@example.com', 'Delete');
    const confirm = page.getByRole('alertdialog', { name: /^Delete/ });
    await expect(confirm).toContainText('Email (Manual)');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'second@example.com' })).toBeVisible();

    await openRowMenu(page, 'second@example.com', 'Delete');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'delete' } });
    await expect(page.getByRole('row').filter({ hasText: 'second@example.com' })).toHaveCount(0);
    await expect(page.getByRole('tab', { name: 'Identified (1)' })).toBeVisible();

    // A protected block is named in the question, and deleting it needs the evidence.
    await openRowMenu(page, 'first@example.com', 'Delete');
    const protectedDelete = page.getByRole('alertdialog');
    await expect(protectedDelete).toContainText("the contact's own wish");
    await protectedDelete.getByRole('button', { name: 'Delete' }).click();
    await expect(protectedDelete.getByLabel('Evidence of consent (required)')).toHaveAttribute('aria-invalid', 'true');
    await expect(protectedDelete.getByRole('alert')).toContainText('what evidence of consent you have');
    await expect(page.getByRole('row').filter({ hasText: 'first@example.com' })).toBeVisible();
    await protectedDelete.getByLabel('Evidence of consent (required)').fill('Account closed at the customer’s written request');
    const deletes = await eventCount(page, 'desk:contact-changed');
    await protectedDelete.getByRole('button', { name: 'Delete' }).click();
    await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'delete' }, since: deletes });
    await expect(page.getByRole('row').filter({ hasText: 'first@example.com' })).toHaveCount(0);
  });
});
