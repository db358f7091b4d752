import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { eventCount, expect, nextJobId, seedImport, shootBothSizes, test, waitForAppEvent, waitForJob } from './fixtures';

/*
 * Issue 12, "Jobs that tell the truth", as the officer sees it on the Jobs screen: the
 * apply's own progress with no Cancel once it cannot act, a cancelled job without counts,
 * and a revert that says what it will do before it runs and can be cancelled until it applies.
 */

const shoot = shootBothSizes;

const emails = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${prefix}${from + i}@example.com`);

async function importFromScreen(page: Page, file: string): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blocklist Contact' }).click();
  await page.getByRole('radio', { name: 'Columns in the file' }).check();
  await page.locator('input[type="file"]').setInputFiles(file);
  const started = await eventCount(page, 'desk:job-started');
  await page.getByRole('button', { name: 'SAVE' }).click();
  return nextJobId(page, started);
}

async function openJobs(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  await waitForAppEvent(page, 'desk:jobs-loaded');
}

test.describe('Jobs: the apply', () => {
  // The apply holds after its first 20,000 contacts until this file exists (BLOCKLIST_DESK_TEST_HOLD_APPLY).
  const gate = path.join(os.tmpdir(), `bd-apply-gate-${process.pid}-${Date.now()}`);
  test.use({ serveEnv: { BLOCKLIST_DESK_TEST_HOLD_APPLY: gate } });
  test.afterEach(() => fs.rmSync(gate, { force: true }));

  test('shows rows applied of the total, offers no Cancel and says why; the report splits unchanged rows', async ({ app: page, desk }) => {
    seedImport(desk, 'earlier.csv', ['email', ...emails('bulk', 300)].join('\n'), ['--using', 'email', '--channels', 'email']);
    const rows = ['email,email_blocked', ...emails('bulk', 45_000).map((e) => `${e},yes`), ...emails('skip', 120).map((e) => `${e},no`)];
    const job = await importFromScreen(page, desk.file('optouts.csv', `${rows.join('\n')}\n`));
    const card = page.locator(`[data-job-id="${job}"]`);
    const apply = card.getByTestId('apply-progress');
    await expect(apply).toBeVisible();
    // The first 20,000 of the file's 45,000 contacts in key order, 200 of them already blocked (written: none).
    await expect(card.locator('[data-stat="applied"]')).toHaveText('19,800 of 45,000 contacts');
    await expect(card.getByTestId('apply-note')).toContainText('Applying — can no longer be cancelled.');
    await expect(card.getByRole('button', { name: 'Cancel job' })).toHaveCount(0);
    await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '44');
    await shoot(page, 'jobs-apply-progress');

    fs.writeFileSync(gate, '');
    expect(await waitForJob(page, job)).toBe('succeeded');
    await expect(card.locator('[data-stat="added"]')).toHaveText('44,700');
    await expect(card.locator('[data-stat="already_blocked"]')).toHaveText('300');
    await expect(card.locator('[data-stat="no_channel"]')).toHaveText('120');
    await expect(card.locator('[data-stat="unchanged"]')).toHaveCount(0);
    await shoot(page, 'jobs-import-report');
  });
});

test.describe('Jobs: the apply of a revert', () => {
  const gate = path.join(os.tmpdir(), `bd-revert-gate-${process.pid}-${Date.now()}`);
  test.use({ serveEnv: { BLOCKLIST_DESK_TEST_HOLD_APPLY: gate } });
  test.afterEach(() => fs.rmSync(gate, { force: true }));

  test('shows its changes applied of the total, offers no Cancel, then reports what it lifted, deleted and kept', async ({ app: page, desk }) => {
    seedImport(desk, 'may.csv', ['email', ...emails('may', 400)].join('\n'), ['--using', 'email', '--channels', 'email', '--reason', 'May list']);
    seedImport(desk, 'june.csv', ['email', ...emails('may', 150, 250)].join('\n'), ['--using', 'email', '--channels', 'email', '--reason', 'June list']);
    await page.reload();
    await openJobs(page);
    const may = page.locator('.job-card').filter({ hasText: 'may.csv' });
    await may.getByRole('button', { name: 'Revert' }).click();
    const dialog = page.getByRole('alertdialog', { name: /^Revert Import — / });
    await expect(dialog.getByTestId('revert-preview').locator('[data-line="lifts"]')).toHaveText('Lifts 250 blocks the job made.');
    const started = await eventCount(page, 'desk:job-started');
    await dialog.getByRole('button', { name: 'Revert job' }).click();
    const revert = await nextJobId(page, started);
    const card = page.locator(`[data-job-id="${revert}"]`);
    await expect(card.locator('[data-stat="applied"]')).toHaveText('250 of 250 changes');
    await expect(card.getByTestId('apply-note')).toContainText('Applying — can no longer be cancelled.');
    await expect(card.getByRole('button', { name: 'Cancel job' })).toHaveCount(0);
    await shoot(page, 'jobs-revert-applying');

    fs.writeFileSync(gate, '');
    expect(await waitForJob(page, revert)).toBe('succeeded');
    await expect(card.locator('[data-stat="lifted"]')).toHaveText('250');
    await expect(card.locator('[data-stat="deleted_contacts"]')).toHaveText('250');
    await expect(card.locator('[data-stat="kept"]')).toHaveText('150');
    await expect(card.locator('[data-stat="left_changed"]')).toHaveText('0');
    const june = await page.locator('.job-card').filter({ hasText: 'june.csv' }).getAttribute('data-job-id');
    await expect(card.getByTestId('kept-by-job')).toHaveText(`Kept because a later job also asked for them: 150 by job ${june}.`);
    await shoot(page, 'jobs-revert-report');
  });
});

test.describe('Jobs: cancel and revert', () => {
  // Jobs started from the page hold after their first batch (an import) or once worked out
  // (a revert) until a file that never appears does: certainly running when Cancel is pressed.
  test.use({ serveEnv: { BLOCKLIST_DESK_TEST_HOLD: path.join(os.tmpdir(), `bd-never-released-${process.pid}`) } });

  test('a cancelled import shows no counts of what it had read', async ({ app: page, desk }) => {
    const rows = ['email,email_blocked'];
    for (let i = 0; i < 6000; i += 1) rows.push(i % 3 === 0 ? `not-an-email-${i},yes` : i % 3 === 1 ? `n${i}@example.com,no` : `y${i}@example.com,yes`);
    const job = await importFromScreen(page, desk.file('held.csv', `${rows.join('\n')}\n`));
    const card = page.locator(`[data-job-id="${job}"]`);
    await expect(card.getByRole('button', { name: 'Cancel job' })).toBeVisible();
    await expect(card.locator('[data-stat="phase"]')).toHaveText('Reading');
    await card.getByRole('button', { name: 'Cancel job' }).click();
    expect(await waitForJob(page, job)).toBe('cancelled');
    await expect(card.getByTestId('job-cancelled')).toContainText('Cancelled before it applied anything');
    await expect(card.locator('[data-stat]')).toHaveCount(0);
    await expect(card.getByRole('button', { name: 'Download problems' })).toHaveCount(0);
    await shoot(page, 'jobs-cancelled');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect(page.getByRole('tab', { name: 'Identified (0)' })).toBeVisible();
  });

  test('revert says what it will do, and can be cancelled until its apply starts', async ({ app: page, desk }) => {
    seedImport(desk, 'march.csv', ['email', ...emails('march', 30)].join('\n'), ['--using', 'email', '--channels', 'email', '--reason', 'March list']);
    seedImport(desk, 'april.csv', ['email', ...emails('march', 10, 20)].join('\n'), ['--using', 'email', '--channels', 'email', '--reason', 'April list']);
    await page.reload();
    await openJobs(page);
    const march = page.locator('.job-card').filter({ hasText: 'march.csv' });
    await march.getByRole('button', { name: 'Revert' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Revert Import — march.csv?' });
    const preview = dialog.getByTestId('revert-preview');
    await expect(preview.locator('[data-line="lifts"]')).toHaveText('Lifts 20 blocks the job made.');
    await expect(preview.locator('[data-line="deletes"]')).toHaveText('Deletes 20 contacts the job created, which nothing else has changed (their blocks are among those lifted).');
    await expect(preview.locator('[data-line="kept"]')).toHaveText(`Keeps 10 blocks because later jobs also asked for them (Import — april.csv: 10).`);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await shoot(page, 'jobs-revert-preview');

    const started = await eventCount(page, 'desk:job-started');
    await dialog.getByRole('button', { name: 'Revert job' }).click();
    const revert = await nextJobId(page, started);
    const card = page.locator(`[data-job-id="${revert}"]`);
    await expect(card.locator('[data-stat="phase"]')).toHaveText('Working out what to undo');
    await expect(card.getByRole('button', { name: 'Cancel job' })).toBeVisible();
    await shoot(page, 'jobs-revert-running');
    await card.getByRole('button', { name: 'Cancel job' }).click();
    expect(await waitForJob(page, revert)).toBe('cancelled');
    await expect(card.getByTestId('job-cancelled')).toBeVisible();
    await expect(march.getByRole('button', { name: 'Revert' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect(page.getByRole('tab', { name: 'Identified (30)' })).toBeVisible();
  });
});
