import type { Page } from '@playwright/test';
import { expect, seedImport, test, waitForAppEvent, type DeskServer } from './fixtures';

/*
 * Spelled out, not imported: dropping a category from the core's list must fail here
 * (DESIGN.md, Contacts and channel status). Each with its label in the UI.
 */
const PROTECTED = [
  ['unsubscribe', 'Unsubscribe'],
  ['opt_out', 'Opt-out'],
  ['hard_bounce', 'Hard bounce'],
  ['spam_complaint', 'Spam complaint'],
] as const;
const UNPROTECTED = ['manual', 'legacy'] as const;

/** The bodies of the page's `contacts.setStatuses` calls, as they are sent. */
function setStatusesCalls(page: Page): Record<string, unknown>[] {
  const calls: Record<string, unknown>[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/contacts/setStatuses') calls.push(request.postDataJSON() as Record<string, unknown>);
  });
  return calls;
}

/** Seeds one contact blocked on email and SMS with `category`, and opens Manage Consent to lift SMS. */
async function liftSms(page: Page, desk: DeskServer, category: string): Promise<void> {
  seedImport(desk, 'seed.csv', `customer_id,email,category\nP-1,person@example.com,${category}\n`, ['--using', 'auto', '--channels', 'email,sms']);
  await page.reload();
  await waitForAppEvent(page, 'desk:listing-loaded');
  const row = page.getByRole('row').filter({ hasText: 'person@example.com' });
  await row.getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menuitem', { name: 'Manage Consent' }).click();
  const dialog = page.getByRole('dialog', { name: /Manage Consent/ });
  await dialog.getByLabel('SMS status').selectOption('none');
  await dialog.getByRole('button', { name: 'Save 1 change' }).click();
}

function smsCell(page: Page) {
  return page.getByRole('row').filter({ hasText: 'person@example.com' }).locator('[role="cell"][data-column="sms"]');
}

test.describe('Manage Consent: lifting a block', () => {
  for (const [category, label] of PROTECTED) {
    test(`of category ${category} asks for confirmation before anything is sent`, async ({ app: page, desk }) => {
      const calls = setStatusesCalls(page);
      await liftSms(page, desk, category);

      const confirm = page.getByRole('alertdialog', { name: 'Lift a protected block?' });
      await expect(confirm).toContainText(`SMS (${label})`);
      // The UI knows the rule itself: it asks first rather than after a refusal.
      expect(calls).toEqual([]);

      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toBeHidden();
      await expect(smsCell(page)).not.toHaveText('No');

      await page.getByRole('dialog', { name: /Manage Consent/ }).getByRole('button', { name: 'Save 1 change' }).click();
      // Confirming without the evidence asks for it, beside the field, and sends nothing.
      await confirm.getByRole('button', { name: 'Yes, lift it' }).click();
      const evidence = confirm.getByLabel('Evidence of consent (required)');
      await expect(evidence).toHaveAttribute('aria-invalid', 'true');
      await expect(evidence).toBeFocused();
      expect(calls).toEqual([]);

      await evidence.fill(`Signed re-consent form for ${label}`);
      await confirm.getByRole('button', { name: 'Yes, lift it' }).click();
      await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'consent' } });
      await expect(smsCell(page)).toHaveText('No');
      expect(calls).toEqual([
        expect.objectContaining({ confirm: true, changes: [{ channel: 'sms', status: 'none', reason: `Signed re-consent form for ${label}` }] }),
      ]);
    });
  }

  for (const category of UNPROTECTED) {
    test(`of category ${category} needs no confirmation`, async ({ app: page, desk }) => {
      const calls = setStatusesCalls(page);
      await liftSms(page, desk, category);
      await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'consent' } });
      await expect(page.getByRole('alertdialog')).toHaveCount(0);
      await expect(smsCell(page)).toHaveText('No');
      expect(calls).toEqual([expect.objectContaining({ confirm: false })]);
    });
  }
});
