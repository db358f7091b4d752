import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible, screenshot, seedImport, test, waitForAppEvent } from './fixtures';
import { anonymousCsv, identifiedCsv } from './seedData';

/** Issue 12, point 12: a 1024×700 window shows everything an officer needs without clipping. */

/** The few browser globals the checks below use inside the page (the tests compile without the DOM lib). */
interface PageGlobals {
  document: {
    createRange(): { setStart(node: unknown, offset: number): void; setEnd(node: unknown, offset: number): void; selectNodeContents(node: unknown): void; getClientRects(): Iterable<{ top: number; width: number }> };
    createTreeWalker(root: unknown, show: number): { nextNode(): { textContent: string | null } | null };
  };
  getComputedStyle(element: unknown): { paddingRight: string };
}
/** NodeFilter.SHOW_TEXT */
const SHOW_TEXT = 4;

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${locator} has no box`);
  return b;
}

/** `inner` lies wholly inside `outer` (a pixel of rounding allowed). */
async function expectInside(inner: Locator, outer: Locator): Promise<void> {
  const i = await box(inner);
  const o = await box(outer);
  expect(i.x, `${inner} starts left of ${outer}`).toBeGreaterThanOrEqual(o.x - 1);
  expect(i.x + i.width, `${inner} ends right of ${outer}`).toBeLessThanOrEqual(o.x + o.width + 1);
  expect(i.y, `${inner} starts above ${outer}`).toBeGreaterThanOrEqual(o.y - 1);
  expect(i.y + i.height, `${inner} ends below ${outer}`).toBeLessThanOrEqual(o.y + o.height + 1);
}

async function seedListing(page: Page, desk: Parameters<typeof seedImport>[0]): Promise<void> {
  seedImport(desk, 'identified.csv', identifiedCsv(320), ['--using', 'auto', '--channels', 'email,sms,whatsapp,rcs', '--reason', 'Seed']);
  seedImport(desk, 'anonymous.csv', anonymousCsv(45), ['--using', 'mobile', '--channels', 'sms,whatsapp', '--category', 'opt_out', '--reason', 'Replied STOP']);
  await page.reload();
  await waitForAppEvent(page, 'desk:listing-loaded');
}

test('1024×700: every column of the listing is in view, the actions reachable, the filters on one line above ten rows', async ({ app: page, desk }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await seedListing(page, desk);
  const scroller = page.getByRole('region', { name: 'Contacts (scrollable)' });
  const table = page.getByRole('table', { name: 'Contacts' });

  // The columns narrow to fit: nothing to scroll sideways, the last column and the actions inside the pane.
  const widths = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  const first = table.getByRole('row').nth(1);
  await expectInside(first.getByRole('button', { name: /^Actions for/ }), scroller);
  await expectInside(first.locator('[data-column="changed"]'), scroller);
  await expectInside(table.getByRole('columnheader', { name: 'Last change' }), scroller);
  for (const channel of ['email', 'sms', 'whatsapp', 'rcs']) await expectInside(table.locator(`[role="columnheader"][data-column="${channel}"]`), scroller);
  // A Yes is never cut off in its column.
  const clipped = await table.locator('.status-yes').evaluateAll((buttons) =>
    buttons.filter((b) => {
      const cell = b.parentElement;
      const { getComputedStyle } = globalThis as unknown as PageGlobals;
      return b.getBoundingClientRect().right > cell.getBoundingClientRect().right - parseFloat(getComputedStyle(cell).paddingRight) + 0.5;
    }).length,
  );
  expect(clipped).toBe(0);

  // The filters take one line, and at least ten rows show whole below them.
  const filters = page.getByRole('group', { name: 'Filters' });
  expect((await box(filters)).height).toBeLessThanOrEqual(64);
  await expectInside(page.getByRole('button', { name: 'Clear filters' }), filters);
  const pane = await box(scroller);
  const rows = await table.getByRole('row').evaluateAll(
    (els, p) => els.filter((r) => r.getAttribute('aria-rowindex') !== '1' && r.getBoundingClientRect().top >= p.y && r.getBoundingClientRect().bottom <= p.y + p.height).length,
    pane,
  );
  expect(rows).toBeGreaterThanOrEqual(10);
  expect((await box(first)).y).toBeLessThan(700 * 0.45);

  await first.getByRole('button', { name: /^Actions for/ }).click();
  await expect(page.getByRole('menuitem', { name: 'Manage Consent' })).toBeVisible();
  await page.keyboard.press('Escape');
  await screenshot(page, '40-listing-1024');
  await expectAccessible(page, 'listing at 1024×700');

  // With a filter set, the bar stays one line.
  await page.getByLabel('Channel', { exact: true }).selectOption('whatsapp');
  await page.getByLabel('Category').selectOption('hard_bounce');
  await page.getByLabel('Changed from').fill('2024-01-01');
  await waitForAppEvent(page, 'desk:listing-loaded');
  await expect(page.locator('.table-wrap')).toHaveAttribute('data-state', 'complete');
  expect(Number(await page.locator('.table-wrap').getAttribute('data-rows'))).toBeGreaterThan(0);
  expect((await box(filters)).height).toBeLessThanOrEqual(64);
  await screenshot(page, '41-listing-1024-filtered');

  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, '42-listing-1280-filtered');
});

test('narrower than the table: it scrolls inside its pane and the actions column stays pinned in view', async ({ app: page, desk }) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await seedListing(page, desk);
  const scroller = page.getByRole('region', { name: 'Contacts (scrollable)' });
  const table = page.getByRole('table', { name: 'Contacts' });
  const widths = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(widths.scroll).toBeGreaterThan(widths.client);
  // The page itself never scrolls sideways: only the table, inside its pane.
  expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(900);

  const actions = table.getByRole('row').nth(1).getByRole('button', { name: /^Actions for/ });
  await expectInside(actions, scroller);
  await screenshot(page, '43-listing-900');
  await actions.click();
  await expect(page.getByRole('menuitem', { name: 'Edit' })).toBeVisible();
  await page.keyboard.press('Escape');

  await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expectInside(table.getByRole('columnheader', { name: 'Last change' }), scroller);
  await expectInside(actions, scroller);
  await screenshot(page, '44-listing-900-scrolled');
});

test('the audit log at 1024×700 never breaks a phone number or an identifier across lines', async ({ app: page, desk }) => {
  seedImport(
    desk,
    'long.csv',
    'customer_id,email,mobile,email_blocked,sms_blocked\r\n' +
      'CUST-LONG-0000000001,priyadarshini.venkataraghavan+newsletters-2024@customer-care.mail.example-corporation.co.in,+919876543210,yes,yes\r\n' +
      'CUST-2,a@example.com,+447911123456,yes,yes\r\n',
    ['--using', 'auto', '--channels', 'email,sms'],
  );
  seedImport(desk, 'anonymous.csv', anonymousCsv(12), ['--using', 'mobile', '--channels', 'sms,whatsapp']);
  await page.reload();
  await waitForAppEvent(page, 'desk:listing-loaded');

  // An edit puts phone numbers in the change column too (before → after).
  const row = page.getByRole('row').filter({ hasText: 'CUST-2' });
  await row.getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await page.getByTestId('edit-contact').getByLabel('Mobile').fill('+447911123457');
  await page.getByTestId('edit-contact').getByRole('button', { name: 'Save' }).click();
  await waitForAppEvent(page, 'desk:contact-changed');
  await page.getByRole('button', { name: 'Dismiss' }).click();

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log', exact: true }).click();
  await waitForAppEvent(page, 'desk:audit-loaded');
  const audit = page.getByRole('table', { name: 'Audit entries' });
  await expect(audit).toContainText('+447911123457');

  // Every phone number, and every contact cell, is laid out on one line.
  const broken = await audit.evaluate((table, showText) => {
    const { document } = globalThis as unknown as PageGlobals;
    const split: string[] = [];
    const oneLine = (range: ReturnType<PageGlobals['document']['createRange']>) => new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size <= 1;
    const walker = document.createTreeWalker(table, showText);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of (node.textContent ?? '').matchAll(/\+\d{8,15}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index ?? 0);
        range.setEnd(node, (match.index ?? 0) + match[0].length);
        if (!oneLine(range)) split.push(match[0]);
      }
    }
    for (const cell of table.querySelectorAll('td.audit-contact')) {
      const range = document.createRange();
      range.selectNodeContents(cell);
      if (!oneLine(range)) split.push(cell.textContent ?? '');
    }
    return split;
  }, SHOW_TEXT);
  expect(broken).toEqual([]);
  await screenshot(page, '45-audit-1024');
  await expectAccessible(page, 'audit log at 1024×700');
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, '46-audit-1280');
});
