import { describe, expect, it } from 'vitest';
import { detectHeader, identifierAliases } from '../../../src/files/columns';
import { detectMessageLogHeader } from '../../../src/files/messageLogColumns';

describe('detectHeader', () => {
  it('maps identifier aliases in any case, with spaces, underscores, hyphens and dots ignored', () => {
    const aliases: [string, 'customer_id' | 'email' | 'mobile'][] = [
      ['customer_id', 'customer_id'], ['Client ID', 'customer_id'], ['CUSTOMERID', 'customer_id'], ['cust_id', 'customer_id'], ['Customer No', 'customer_id'],
      ['email', 'email'], ['Email_ID', 'email'], ['E-mail', 'email'], ['Email Address', 'email'], ['MAIL', 'email'],
      ['mobile', 'mobile'], ['Mobile No.', 'mobile'], ['mobile_number', 'mobile'], ['Phone', 'mobile'], ['phone-number', 'mobile'], ['MSISDN', 'mobile'], ['Cell', 'mobile'],
    ];
    for (const [cell, field] of aliases) expect(detectHeader(['name', cell])?.[field], cell).toBe(1);
  });

  it('knows what sending tools write: Mailchimp, HubSpot, Brevo, Mautic and DND lists', () => {
    const aliases: [string, 'customer_id' | 'email' | 'mobile'][] = [
      ['Email Address', 'email'], ['E-mail', 'email'], ['EMAIL', 'email'], ['Phone Number', 'mobile'], ['Mobile No', 'mobile'], ['Mobile Number', 'mobile'],
      ['SMS', 'mobile'], ['Mobile Phone Number', 'mobile'], ['Telephone', 'mobile'], ['Contact ID', 'customer_id'], ['Record ID', 'customer_id'], ['EXT_ID', 'customer_id'],
    ];
    for (const [cell, field] of aliases) expect(detectHeader(['name', cell])?.[field], cell).toBe(1);
    // Names that only suggest an identifier stay out: the scrub asks which column they are.
    expect(detectHeader(['Contact Email'])).toBeNull();
    expect(detectHeader(['WhatsApp'])).toBeNull();
  });

  it('is the one table the keyword log reads its sender by', () => {
    for (const alias of identifierAliases('mobile').filter((a) => a !== 'sms')) {
      const found = detectMessageLogHeader([alias, 'channel', 'text', 'received_at']);
      expect(found.ok && found.columns.from, alias).toBe(0);
    }
    // In a message log `SMS` is no sender column.
    expect(detectMessageLogHeader(['SMS', 'channel', 'text', 'received_at']).ok).toBe(false);
  });

  it('maps channel flag columns and the category, reason and blocked_at columns', () => {
    const header = detectHeader(['Email', 'Mobile', 'email_blocked', 'SMS Blocked', 'whatsapp_status', 'RCS-Status', 'Category', 'reason', 'Blocked At', 'city']);
    expect(header).toEqual({ email: 0, mobile: 1, channels: { email: 2, sms: 3, whatsapp: 4, rcs: 5 }, category: 6, reason: 7, blocked_at: 8 });
  });

  it('re-reads the header our own export writes', () => {
    expect(detectHeader(['customer_id', 'email', 'mobile', 'sms_status', 'category', 'reason', 'blocked_at', 'source', 'actor'])).toEqual({
      customer_id: 0, email: 1, mobile: 2, channels: { sms: 3 }, category: 4, reason: 5, blocked_at: 6,
    });
  });

  it('keeps the first of repeated columns', () => {
    expect(detectHeader(['email', 'mobile', 'Email'])).toEqual({ email: 0, mobile: 1, channels: {} });
  });

  it('is null for a data row, or for a header naming no identifier', () => {
    expect(detectHeader(['a@b.c', '9876543210'])).toBeNull();
    expect(detectHeader(['sms_blocked', 'category', 'reason'])).toBeNull();
    expect(detectHeader([])).toBeNull();
  });
});
