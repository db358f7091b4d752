import os from 'node:os';
import path from 'node:path';
import { eventCount, expect, nextJobId, screenshot, seedImport, test, waitForAppEvent, waitForJob } from './fixtures';

test.describe('Jobs', () => {
  test('revert (confirmed) undoes an import; the reverted job says so', async ({ app: page, desk }) => {
    seedImport(desk, 'first.csv', 'email\nkeep@example.com\n', ['--using', 'email', '--channels', 'email']);
    seedImport(desk, 'second.csv', 'email\nundo1@example.com\nundo2@example.com\n', ['--using', 'email', '--channels', 'email', '--reason', 'Oops']);
    await page.reload();
    await expect(page.getByRole('tab', { name: 'Identified (3)' })).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await waitForAppEvent(page, 'desk:jobs-loaded');
    const card = page.locator('.job-card').filter({ hasText: 'second.csv' });
    await expect(card).toHaveAttribute('data-status', 'succeeded');
    await card.getByRole('button', { name: 'Revert' }).click();
    const confirm = page.getByRole('alertdialog', { name: /^Revert Import — / });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    const started = await eventCount(page, 'desk:job-started');
    await confirm.getByRole('button', { name: 'Revert job' }).click();
    const revert = await nextJobId(page, started);
    expect(await waitForJob(page, revert)).toBe('succeeded');

    await expect(page.locator(`[data-job-id="${revert}"]`)).toContainText(/revert/i);
    await expect(card).toContainText(`Reverted by job ${revert}`);
    await expect(card.getByRole('button', { name: 'Revert' })).toHaveCount(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect(page.getByRole('tab', { name: 'Identified (1)' })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: 'keep@example.com' })).toBeVisible();
  });
});

test.describe('Jobs: cancel', () => {
  // The job holds after its first batch until a file that never appears does (the test
  // hook BLOCKLIST_DESK_TEST_HOLD): it is certainly running when Cancel is pressed.
  test.use({ serveEnv: { BLOCKLIST_DESK_TEST_HOLD: path.join(os.tmpdir(), `bd-never-released-${process.pid}`) } });

  test('a running import shows live progress and can be cancelled, applying nothing', async ({ app: page, desk }) => {
    const lines = ['email'];
    for (let i = 0; i < 50_000; i += 1) lines.push(`bulk${i}@example.com`);
    const file = desk.file('big.csv', `${lines.join('\n')}\n`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blocklist Contact' }).click();
    await page.getByRole('radio', { name: 'Email ID' }).check();
    await page.locator('input[type="file"]').setInputFiles(file);
    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('button', { name: 'SAVE' }).click();
    const job = await nextJobId(page, started);
    const card = page.locator(`[data-job-id="${job}"]`);
    const cancel = card.getByRole('button', { name: 'Cancel job' });
    await expect(cancel).toBeVisible();
    await expect(card.getByRole('progressbar')).toBeVisible();
    await screenshot(page, '17-job-running');
    await cancel.click();
    expect(await waitForJob(page, job)).toBe('cancelled');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect(page.getByRole('tab', { name: 'Identified (0)' })).toBeVisible();
  });
});
