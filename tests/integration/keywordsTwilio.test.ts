import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database';
import { getSettings, updateSettings } from '../../src/store/settings';
import { cli, cliJson, makeWorkspace, stats } from './harness';

interface KeywordsReport {
  status: string;
  messages: number;
  opt_outs: number;
  opt_ins: number;
  unchanged: number;
  not_keywords: number;
  ignored: number;
  ignored_by_reason: Record<string, number>;
  outbound: number;
  rejected: number;
  format: string | null;
  sender_numbers_learned?: string[];
  error: { code: string; message: string } | null;
}
interface ChannelView {
  status: string;
  category: string | null;
  at: string | null;
}
interface Contact {
  mobile: string | null;
  channels: Record<'email' | 'sms' | 'whatsapp' | 'rcs', ChannelView>;
}

function keywords(data: string, file: string, extra: string[] = []): { code: number; report: KeywordsReport; stderr: string } {
  const r = cliJson<KeywordsReport>(data, ['keywords', file, '--timezone', 'UTC', ...extra]);
  return { code: r.code, report: r.json, stderr: r.stderr };
}

function contact(data: string, query: string): Contact | undefined {
  return cliJson<{ contacts: Contact[] }>(data, ['search', query]).json.contacts[0];
}

function expectBucketsAddUp(report: KeywordsReport): void {
  expect(report.opt_outs + report.opt_ins + report.unchanged + report.not_keywords + report.ignored + report.outbound + report.rejected).toBe(report.messages);
}

function senderNumbers(data: string): string[] {
  const db = openDatabase(path.join(data, 'blocklist.db'));
  try {
    return getSettings(db).sender_numbers;
  } finally {
    db.close();
  }
}

// Our Twilio numbers: +14155550100 sends SMS, +14155550199 is our WhatsApp sender.
const OURS_SMS = '+14155550100';
const OURS_WA = '+14155550199';

/** The console's Messaging logs "Export CSV" header (Twilio console, Monitor → Logs → Messaging). */
const CONSOLE_HEADER = 'From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit';

function consoleRow(from: string, to: string, body: string, status: string, sent: string, direction: string, n: number): string {
  return [from, to, body, status, sent, '2010-04-01', '1', '0', 'AC00000000000000000000000000000000', `SM${String(n).padStart(32, '0')}`, direction, '-0.00790', 'USD'].join(',');
}

describe('keywords reads Twilio message logs', () => {
  it('console export: applies inbound STOPs only, on the channel a whatsapp: address names; outbound STOPs never block our sender or the recipient', () => {
    const ws = makeWorkspace();
    const file = ws.file(
      'twilio-console.csv',
      [
        CONSOLE_HEADER,
        consoleRow('+919876500001', OURS_SMS, 'STOP', 'received', '2025-03-01 10:00:00', 'inbound', 1),
        consoleRow(OURS_SMS, '+919876500001', 'You have successfully been unsubscribed. Reply START to resubscribe.', 'delivered', '2025-03-01 10:00:01', 'outbound-reply', 2),
        // Our campaign text quoting STOP, and a test send of the word itself: outbound, never an opt-out.
        consoleRow(OURS_SMS, '+919876500002', 'STOP', 'delivered', '2025-03-01 11:00:00', 'outbound-api', 3),
        consoleRow(OURS_SMS, '+919876500003', 'Stop', 'delivered', '2025-03-01 11:00:00', 'outbound-call', 4),
        consoleRow('whatsapp:+919876500004', `whatsapp:${OURS_WA}`, 'stop', 'received', '2025-03-01 12:00:00', 'inbound', 5),
        consoleRow(`whatsapp:${OURS_WA}`, 'whatsapp:+919876500004', 'STOP', 'sent', '2025-03-01 12:00:02', 'outbound-api', 6),
        consoleRow('+919876500005', OURS_SMS, 'thanks!', 'received', '2025-03-01 13:00:00', 'inbound', 7),
      ].join('\n') + '\n',
    );
    // Twilio's times are UTC: the file time zone setting does not move them.
    const { code, report } = keywords(ws.data, file, ['--timezone', 'Asia/Kolkata']);
    expect(code).toBe(0);
    expect(report).toMatchObject({ status: 'succeeded', messages: 7, opt_outs: 2, outbound: 4, not_keywords: 1, ignored: 0, rejected: 0, format: 'Twilio — message log (console export)' });
    expectBucketsAddUp(report);
    expect(contact(ws.data, '+919876500001')?.channels.sms).toMatchObject({ status: 'blocked', category: 'opt_out', at: '2025-03-01T10:00:00.000Z' });
    // The WhatsApp opt-out is a WhatsApp block; SMS to that number goes on.
    expect(contact(ws.data, '+919876500004')?.channels).toMatchObject({ whatsapp: { status: 'blocked' }, sms: { status: 'none' } });
    for (const ours of [OURS_SMS, OURS_WA, '+919876500002', '+919876500003']) expect(contact(ws.data, ours)).toBeUndefined();
    expect(stats(ws.data).blocked).toMatchObject({ sms: 1, whatsapp: 1 });
    // The To of inbound messages are our numbers from now on.
    expect(report.sender_numbers_learned?.sort()).toEqual([OURS_SMS, OURS_WA]);
    expect(senderNumbers(ws.data).sort()).toEqual([OURS_SMS, OURS_WA]);
  });

  it('API layout: Date Sent in RFC 2822 is the time, Direction as the API writes it', () => {
    const ws = makeWorkspace();
    const file = ws.file(
      'messages.csv',
      [
        'Sid,From,To,Status,Direction,Date Sent,Body',
        `SM1,+919876500011,${OURS_SMS},received,inbound,"Sat, 01 Mar 2025 10:15:00 +0000",STOP`,
        `SM2,${OURS_SMS},+919876500012,delivered,outbound-api,"Sat, 01 Mar 2025 10:16:00 +0000",STOP`,
        `SM3,rcs:+919876500013,rcs:${OURS_SMS},received,inbound,"Sat, 01 Mar 2025 18:00:00 +0530",Unsubscribe`,
      ].join('\r\n'),
    );
    const { code, report } = keywords(ws.data, file);
    expect(code).toBe(0);
    expect(report).toMatchObject({ messages: 3, opt_outs: 2, outbound: 1, format: 'Twilio — message log (API)' });
    expect(contact(ws.data, '+919876500011')?.channels.sms).toMatchObject({ status: 'blocked', at: '2025-03-01T10:15:00.000Z' });
    expect(contact(ws.data, '+919876500013')?.channels).toMatchObject({ rcs: { status: 'blocked', at: '2025-03-01T12:30:00.000Z' }, sms: { status: 'none' } });
    expect(contact(ws.data, '+919876500012')).toBeUndefined();
    expect(contact(ws.data, OURS_SMS)).toBeUndefined();
  });

  it('a log without Direction: a message from one of our sender numbers (setting, or --sender) is outbound', () => {
    const ws = makeWorkspace();
    expect(cli(ws.data, ['stats']).code).toBe(0);
    const db = openDatabase(path.join(ws.data, 'blocklist.db'));
    updateSettings(db, { sender_numbers: [OURS_SMS] });
    db.close();
    const file = ws.file(
      'replies.csv',
      ['From,To,Body,Date', `${OURS_SMS},+919876500021,STOP,2025-03-02T09:00:00Z`, `+919876500022,${OURS_SMS},STOP,2025-03-02T09:01:00Z`, '+14155550111,+919876500023,STOP,2025-03-02T09:02:00Z'].join('\n'),
    );
    const first = keywords(ws.data, file, ['--sender', '+1 (415) 555-0111']);
    expect(first.report).toMatchObject({ messages: 3, opt_outs: 1, outbound: 2, format: null });
    expectBucketsAddUp(first.report);
    expect(contact(ws.data, OURS_SMS)).toBeUndefined();
    expect(contact(ws.data, '+14155550111')).toBeUndefined();
    expect(contact(ws.data, '+919876500022')?.channels.sms.status).toBe('blocked');
    // --sender counts for its job only; the setting is what the next job knows.
    expect(senderNumbers(ws.data)).toEqual([OURS_SMS]);
  });

  it('a generic log by --column, with --channel for a log that names no channel; an unknown direction is ignored', () => {
    const ws = makeWorkspace();
    const file = ws.file(
      'gateway.csv',
      ['Subscriber,Reply,When,Way', '919876500031,STOP,2025-03-03 08:00:00,MO', '919876500032,STOP,2025-03-03 08:00:00,MT', '919876500033,STOP,2025-03-03 08:00:00,forwarded'].join('\n'),
    );
    const refused = keywords(ws.data, file);
    expect(refused.code).toBe(1);
    expect(refused.report.error?.message).toMatch(/missing from, text, received_at/);

    const { report } = keywords(ws.data, file, ['--column', 'from=Subscriber', '--column', 'text=Reply', '--column', 'received_at=When', '--column', 'direction=Way', '--channel', 'whatsapp']);
    expect(report).toMatchObject({ messages: 3, opt_outs: 1, outbound: 1, ignored: 1, ignored_by_reason: { unknown_direction: 1 }, format: 'message log mapping (--column)' });
    expectBucketsAddUp(report);
    expect(contact(ws.data, '+919876500031')?.channels).toMatchObject({ whatsapp: { status: 'blocked' }, sms: { status: 'none' } });
    expect(contact(ws.data, '+919876500032')).toBeUndefined();
    expect(contact(ws.data, '+919876500033')).toBeUndefined();

    const wrong = cli(ws.data, ['keywords', file, '--column', 'sender=Subscriber']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/unknown role "sender"/);
    const missing = keywords(ws.data, file, ['--column', 'from=Caller']);
    expect(missing.report.error?.message).toMatch(/no column "Caller"/);
  });
});
