import { describe, expect, it } from 'vitest';
import { channelAddress, detectMessageLogHeader, messageDirection, parseMessageLogColumnFlags } from '../../../src/files/messageLogColumns';

describe('message log columns', () => {
  it("reads Twilio's console and API headers, naming the layout; channel, to and direction are optional", () => {
    const console = detectMessageLogHeader(['From', 'To', 'Body', 'Status', 'SentDate', 'ApiVersion', 'NumSegments', 'ErrorCode', 'AccountSid', 'Sid', 'Direction', 'Price', 'PriceUnit']);
    expect(console).toEqual({ ok: true, layout: 'Twilio — message log (console export)', zone: 'UTC', columns: { from: 0, to: 1, text: 2, received_at: 4, direction: 10 } });
    const api = detectMessageLogHeader(['Sid', 'From', 'To', 'Status', 'Direction', 'Date Sent', 'Body']);
    expect(api).toMatchObject({ ok: true, layout: 'Twilio — message log (API)', columns: { from: 1, to: 2, direction: 4, received_at: 5, text: 6 } });
    expect(detectMessageLogHeader(['from', 'channel', 'text', 'received_at'])).toEqual({ ok: true, layout: null, columns: { from: 0, channel: 1, text: 2, received_at: 3 } });
    expect(detectMessageLogHeader(['From', 'Body'])).toEqual({ ok: false, missing: ['received_at'] });
  });

  it('a --column mapping names headers the aliases miss and takes columns from them; a header it names must be there', () => {
    const mapping = parseMessageLogColumnFlags(['from=Subscriber', 'text=Reply', 'received_at=When', 'ignore=Date']);
    const header = detectMessageLogHeader(['Subscriber', 'Reply', 'When', 'Date', 'Message'], mapping, 'log.csv');
    // `Message` would be the text by its alias, but the mapping named Reply; `Date` is ignored.
    expect(header).toEqual({ ok: true, layout: 'message log mapping (--column)', columns: { from: 0, text: 1, received_at: 2 } });
    expect(() => detectMessageLogHeader(['Sender', 'Body', 'Date'], parseMessageLogColumnFlags(['from=Caller']), 'log.csv')).toThrow(/log\.csv: --column from=Caller: no column "Caller"/);
    expect(() => parseMessageLogColumnFlags(['sender=Caller'])).toThrow(/unknown role "sender"/);
    expect(() => parseMessageLogColumnFlags(['from=A', 'from=B'])).toThrow(/given twice/);
  });

  it("reads Twilio's direction values and plain ones", () => {
    expect(['inbound', 'Inbound', 'incoming', 'MO', 'received'].map(messageDirection)).toEqual(Array(5).fill('inbound'));
    expect(['outbound-api', 'outbound-call', 'outbound-reply', 'Outgoing API', 'sent', 'MT', 'outbound'].map(messageDirection)).toEqual(Array(7).fill('outbound'));
    expect(['forwarded', 'in-ish', ''].map(messageDirection)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('strips a channel address prefix from the number and says which it was', () => {
    expect(channelAddress('whatsapp:+14155550100')).toEqual({ prefix: 'whatsapp', number: '+14155550100' });
    expect(channelAddress(' RCS: +91 98765 43210')).toEqual({ prefix: 'rcs', number: '+91 98765 43210' });
    expect(channelAddress('+91 98765 43210')).toEqual({ prefix: null, number: '+91 98765 43210' });
    expect(channelAddress('messenger:123456')).toEqual({ prefix: 'messenger', number: '123456' });
  });
});
