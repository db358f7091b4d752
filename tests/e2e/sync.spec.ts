import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startCeEmulator, type CeEmulator } from '../../src/sync/emulator/server';
import { eventCount, expect, expectAccessible, screenshot, test, waitForAppEvent, waitForJob } from './fixtures';

const KEY = 'e2e-sync-key';

async function openSync(page: Page): Promise<void> {
  const before = await eventCount(page, 'desk:sync-loaded');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync', exact: true }).click();
  await waitForAppEvent(page, 'desk:sync-loaded', { since: before });
}

async function emulator(): Promise<CeEmulator> {
  return startCeEmulator({ key: KEY, port: 0, dataFolder: fs.mkdtempSync(path.join(os.tmpdir(), 'bd-e2e-ce-')) });
}

test.describe('Sync screen, with the key in the environment of serve', () => {
  test.use({ serveEnv: { BLOCKLIST_DESK_API_KEY: KEY } });

  test('shows what waits, runs a sync against CE, and lists the run with its counts', async ({ app: page, desk }) => {
    const server = await emulator();
    try {
      expect(desk.cli(['paste', '--using', 'email', '--channels', 'email', '--category', 'unsubscribe'], 'a@example.com\nb@example.com').code).toBe(0);
      expect(desk.cli(['paste', '--using', 'mobile', '--channels', 'sms,whatsapp'], '+919876543210').code).toBe(0);
      await openSync(page);
      await expect(page.getByTestId('outbox-total')).toHaveText('4');
      await expect(page.getByTestId('key-source')).toHaveText('From the environment');
      await expect(page.getByRole('button', { name: 'Run now' })).toBeDisabled();

      await page.getByLabel('URL').fill('http://example.com/blocklist/v1');
      await page.getByRole('button', { name: 'Save sync settings' }).click();
      await expect(page.getByText(/must be reached over https:\/\//)).toBeVisible();
      await expect(page.getByLabel('URL')).toHaveAttribute('aria-invalid', 'true');

      await page.getByLabel('URL').fill(server.baseUrl);
      await page.getByLabel('Schedule').selectOption('15');
      await page.getByRole('button', { name: 'Save sync settings' }).click();
      await expect(page.getByText(/Next run/)).toBeVisible();
      await screenshot(page, '20-sync-before');
      await expectAccessible(page, 'sync');

      const started = await eventCount(page, 'desk:job-started');
      await page.getByRole('button', { name: 'Run now' }).click();
      const job = (await waitForAppEvent<{ id: string }>(page, 'desk:job-started', { since: started, match: { kind: 'sync' } })).id;
      expect(await waitForJob(page, job)).toBe('succeeded');
      const run = page.locator(`[data-job="${job}"]`);
      await expect(run).toHaveAttribute('data-status', 'succeeded');
      await expect(run.locator('[data-stat="pushed"]')).toHaveText('4');
      await expect(run.locator('[data-stat="pulled"]')).toHaveText('4');
      await expect(run.locator('[data-stat="applied"]')).toHaveText('0');
      await expect(page.getByTestId('outbox-total')).toHaveText('0');
      await screenshot(page, '21-sync-after');

      // CE holds what the laptop sent.
      const state = (await (await fetch(`${server.baseUrl}/_emulator/state`, { headers: { 'api-key': KEY } })).json()) as { entries: unknown[] };
      expect(state.entries).toHaveLength(4);
      // The settings are the CLI's defaults too.
      const viaCli = desk.cli(['sync', '--json']);
      expect(viaCli.code, viaCli.stderr).toBe(1);
      expect(viaCli.stderr).toMatch(/BLOCKLIST_DESK_API_KEY/);
    } finally {
      await server.close();
    }
  });
});

test('browser mode without a key: says where the key comes from and offers no key field', async ({ app: page }) => {
  await openSync(page);
  await expect(page.getByTestId('key-source')).toHaveText('Not set');
  await expect(page.getByTestId('key-note')).toContainText('$BLOCKLIST_DESK_API_KEY');
  await expect(page.getByLabel('New API key')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run now' })).toBeDisabled();
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, '22-sync-no-key-dark');
  await expectAccessible(page, 'sync (dark, no key)');
});
