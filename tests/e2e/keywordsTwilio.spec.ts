import { eventCount, expect, expectAccessible, nextJobId, screenshot, test, waitForAppEvent, waitForJob } from './fixtures';

const CONSOLE_HEADER = 'From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit';
const row = (from: string, to: string, body: string, direction: string, n: number) =>
  [from, to, body, 'received', '2025-03-01 10:00:00', '2010-04-01', '1', '0', 'AC00000000000000000000000000000000', `SM${n}`, direction, '-0.0079', 'USD'].join(',');

test.describe('Keywords: a Twilio message log', () => {
  test('our sender numbers in Settings; the console export as it is: outbound STOPs counted, never applied; WhatsApp opt-outs on WhatsApp', async ({ app: page, desk }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const senders = page.getByLabel('Our sender numbers');
    await senders.fill('+1 (415) 555-0100\nnot a number');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('alert')).toContainText('"not a number" is not a number');
    await senders.fill('+1 (415) 555-0100');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await waitForAppEvent(page, 'desk:settings-saved');
    await expect(senders).toHaveValue('+14155550100');

    const log = desk.file(
      'twilio-messages.csv',
      [
        CONSOLE_HEADER,
        row('+919876500001', '+14155550100', 'STOP', 'inbound', 1),
        row('+14155550100', '+919876500002', 'STOP', 'outbound-api', 2),
        row('+14155550100', '+919876500001', 'You are unsubscribed. Reply START to resubscribe.', 'outbound-reply', 3),
        row('whatsapp:+919876500003', 'whatsapp:+14155550199', 'Stop', 'inbound', 4),
      ].join('\n'),
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Keywords', exact: true }).click();
    await page.locator('input[type="file"]').setInputFiles(log);
    const started = await eventCount(page, 'desk:job-started');
    await page.getByRole('button', { name: 'Capture keywords' }).click();
    const job = await nextJobId(page, started);
    expect(await waitForJob(page, job)).toBe('succeeded');
    const card = page.locator(`[data-job-id="${job}"]`);
    await expect(card.locator('[data-stat="opt_outs"]')).toHaveText('2');
    await expect(card.locator('[data-stat="outbound"]')).toHaveText('2');
    await expect(card.locator('[data-stat="format"]')).toHaveText('Twilio — message log (console export)');
    await expectAccessible(page, 'keywords report with outbound messages');
    const close = page.getByRole('status').getByRole('button', { name: 'Dismiss' });
    while ((await close.count()) > 0) await close.first().click();
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'keywords-twilio-report');

    const contact = (query: string) => JSON.parse(desk.cli(['search', query, '--json']).stdout).contacts[0];
    expect(contact('+919876500001').channels.sms.status).toBe('blocked');
    expect(contact('+919876500003').channels).toMatchObject({ whatsapp: { status: 'blocked' }, sms: { status: 'none' } });
    expect(contact('+919876500002')).toBeUndefined();
    expect(contact('+14155550100')).toBeUndefined();
    // The WhatsApp sender the inbound message went to is one of ours from now on.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(senders).toHaveValue('+14155550100\n+14155550199');
  });
});
