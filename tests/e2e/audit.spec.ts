import fs from 'node:fs';
import { eventCount, expect, seedImport, test, waitForAppEvent } from './fixtures';

test.describe('Audit log', () => {
  test('lists every change, filters by contact, channel, actor and date, and exports', async ({ app: page, desk }) => {
    seedImport(desk, 'seed.csv', 'customer_id,email\nAUD-1,Audit.One@example.com\nAUD-2,audit.two@example.com\n', ['--using', 'auto', '--channels', 'email,sms']);
    await page.reload();
    await waitForAppEvent(page, 'desk:listing-loaded');

    // One change in the UI: lift SMS on AUD-1.
    await page.getByRole('row').filter({ hasText: 'AUD-1' }).getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Manage Consent' }).click();
    await page.getByLabel('SMS status').selectOption('none');
    await page.getByRole('button', { name: 'Save 1 change' }).click();
    await waitForAppEvent(page, 'desk:contact-changed', { match: { action: 'consent' } });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await waitForAppEvent(page, 'desk:audit-loaded');
    const table = page.getByRole('table', { name: 'Audit entries' });
    // 2 contacts × 2 channels blocked by the import, 1 lifted here.
    await expect(table.locator('tbody tr')).toHaveCount(5);
    await expect(table.locator('tbody tr').first()).toContainText('blocked → none');

    const apply = async () => {
      const before = await eventCount(page, 'desk:audit-loaded');
      await page.getByRole('button', { name: 'Apply' }).click();
      await waitForAppEvent(page, 'desk:audit-loaded', { since: before });
    };

    // The contact typed as its email in another case.
    await page.getByLabel('Contact').fill('audit.ONE@example.com');
    await apply();
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await page.getByLabel('Channel').selectOption('sms');
    await apply();
    await expect(table.locator('tbody tr')).toHaveCount(2);

    await page.getByRole('button', { name: 'Clear' }).click();
    await waitForAppEvent(page, 'desk:audit-loaded');
    await page.getByLabel('Actor').fill('nobody-by-this-name');
    await apply();
    await expect(page.getByText('No entries match these filters.')).toBeVisible();
    await page.getByLabel('Actor').fill('');
    const tomorrow = new Date(Date.now() + 86_400_000);
    await page.getByLabel('Since').fill(`${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`);
    await apply();
    await expect(table.locator('tbody tr')).toHaveCount(0);

    await page.getByRole('button', { name: 'Clear' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export audit log' }).click();
    const csv = await fs.promises.readFile(await (await downloading).path(), 'utf8');
    const rows = csv.trim().split(/\r?\n/);
    expect(rows).toHaveLength(6);
    expect(csv).toContain('AUD-1');
    expect(csv).toContain('blocked');

    // With a filter on screen, the export holds just what the screen shows.
    await page.getByLabel('Contact').fill('audit.ONE@example.com');
    await page.getByLabel('Channel').selectOption('sms');
    await apply();
    await expect(table.locator('tbody tr')).toHaveCount(2);
    const filteredDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export audit log' }).click();
    const filtered = (await fs.promises.readFile(await (await filteredDownload).path(), 'utf8')).trim().split(/\r?\n/);
    expect(filtered).toHaveLength(3);
    expect(filtered.slice(1).every((line) => line.includes('AUD-1') && line.includes('sms'))).toBe(true);
  });
});
