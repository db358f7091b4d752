import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, cliJson, makeWorkspace } from './harness';

// Faithful samples of the exports the import recognises (tests/fixtures/formats, built
// from each vendor's documentation: see src/files/formats/*.ts), imported with no
// --channels and no --category: the file says which rows are blocks, on which channel,
// with which category, date and reason; every other row must stay unblocked.

type Channel = 'email' | 'sms' | 'whatsapp' | 'rcs';
const FIXTURES = path.resolve(__dirname, '../fixtures/formats');

interface Block {
  /** email (any case), E.164 mobile or customer_id */
  id: string;
  channel: Channel;
  category: string;
  /** ISO date, or 'import' for the import's time. */
  at: string;
  reason?: string;
}

interface Sample {
  file: string;
  format: string;
  blocks: Block[];
  /** Identifiers that must hold no block at all (or only the blocks listed above, on their other channels). */
  notBlocked: string[];
  notBlocks: number;
  problems?: Record<string, number>;
}

const SAMPLES: Sample[] = [
  {
    file: 'subscribed_members_export_9a8b7c.csv',
    format: 'Mailchimp — subscribed members',
    blocks: [],
    notBlocked: ['asha.rao@example.com', 'ben.cole@example.com', 'chen.li@example.com', 'dev.patel@example.com', '+919845011111', '+14155550142'],
    notBlocks: 4,
  },
  {
    file: 'unsubscribed_members_export_9a8b7c.csv',
    format: 'Mailchimp — unsubscribed members',
    blocks: [
      { id: 'eva.gomez@example.com', channel: 'email', category: 'unsubscribe', at: '2024-03-14T10:22:05.000Z', reason: 'I no longer want to receive these emails' },
      { id: 'farid.khan@example.com', channel: 'email', category: 'unsubscribe', at: '2024-01-31T23:59:59.000Z', reason: 'Other' },
      { id: 'gita.iyer@example.com', channel: 'email', category: 'unsubscribe', at: '2023-12-25T07:30:00.000Z', reason: 'N/A (Unsubscribed by an admin)' },
    ],
    notBlocked: ['+919900022222'],
    notBlocks: 0,
  },
  {
    file: 'cleaned_members_export_9a8b7c.csv',
    format: 'Mailchimp — cleaned members',
    blocks: [
      { id: 'hari.nair@exmaple.com', channel: 'email', category: 'hard_bounce', at: '2024-02-10T11:45:00.000Z', reason: 'Mailchimp — cleaned members' },
      { id: 'ivy.chan@example.org', channel: 'email', category: 'hard_bounce', at: '2023-08-08T08:08:08.000Z' },
    ],
    notBlocked: [],
    notBlocks: 0,
  },
  {
    file: 'sendgrid_bounces.csv',
    format: 'SendGrid — bounces',
    blocks: [
      { id: 'noone@example.com', channel: 'email', category: 'hard_bounce', at: '2024-03-14T16:00:00.000Z', reason: '550 5.1.1 The email account that you tried to reach does not exist.' },
      { id: 'old.box@example.net', channel: 'email', category: 'hard_bounce', at: '2024-03-01T00:00:00.000Z' },
    ],
    notBlocked: [],
    notBlocks: 0,
  },
  {
    file: 'sendgrid_blocks.csv',
    format: 'SendGrid — blocks',
    blocks: [{ id: 'blocked@example.org', channel: 'email', category: 'hard_bounce', at: '2024-03-09T16:00:00.000Z', reason: '554 5.7.1 Service unavailable; Client host blocked using a DNSBL' }],
    notBlocked: [],
    notBlocks: 0,
  },
  {
    file: 'sendgrid_spam_reports.csv',
    format: 'SendGrid — spam reports',
    blocks: [{ id: 'angry@example.com', channel: 'email', category: 'spam_complaint', at: '2024-02-01T00:00:00.000Z', reason: 'SendGrid — spam reports' }],
    notBlocked: [],
    notBlocks: 0,
  },
  {
    file: 'sendgrid_invalid_emails.csv',
    format: 'SendGrid — invalid emails',
    blocks: [{ id: 'typo@gmial.com', channel: 'email', category: 'hard_bounce', at: '2024-01-01T00:00:00.000Z', reason: 'Mail domain mentioned in email address is unknown' }],
    notBlocked: [],
    notBlocks: 0,
  },
  {
    file: 'sendgrid_global_unsubscribes.csv',
    format: 'SendGrid — global unsubscribes',
    blocks: [{ id: 'leaver@example.com', channel: 'email', category: 'unsubscribe', at: '2024-04-01T00:00:00.000Z' }],
    notBlocked: [],
    notBlocks: 0,
    problems: { invalid_email: 1 },
  },
  {
    file: 'sendgrid_group_unsubscribes.csv',
    format: 'SendGrid — group unsubscribes',
    blocks: [{ id: 'weekly-off@example.com', channel: 'email', category: 'unsubscribe', at: '2024-04-02T00:00:00.000Z', reason: 'Weekly digest' }],
    notBlocked: [],
    notBlocks: 0,
  },
  {
    file: 'klaviyo_suppressed_profiles.csv',
    format: 'Klaviyo — suppressed profiles',
    blocks: [
      { id: 'bounce.k@example.com', channel: 'email', category: 'hard_bounce', at: '2024-02-21T20:07:38.000Z', reason: 'HARD_BOUNCE' },
      { id: 'unsub.k@example.com', channel: 'email', category: 'unsubscribe', at: '2024-03-01T09:00:00.000Z' },
      { id: 'spam.k@example.com', channel: 'email', category: 'spam_complaint', at: '2024-03-02T10:30:00.000Z' },
      { id: 'manual.k@example.com', channel: 'email', category: 'manual', at: '2024-03-03T11:00:00.000Z' },
      { id: 'invalid.k@example.com', channel: 'email', category: 'hard_bounce', at: '2024-03-04T12:00:00.000Z' },
      { id: 'legacy.k@example.com', channel: 'email', category: 'spam_complaint', at: '2024-03-05T13:00:00.000Z', reason: 'reported_spam' },
      // A reason Klaviyo may add later: blocked all the same, as the job's category, with a problem line.
      { id: 'odd.k@example.com', channel: 'email', category: 'manual', at: '2024-03-06T14:00:00.000Z', reason: 'PARTNER_LIST' },
    ],
    notBlocked: [],
    notBlocks: 0,
    problems: { unknown_category: 1 },
  },
  {
    file: 'hubspot_unsubscribes_and_bounces.csv',
    format: 'HubSpot — unsubscribes and bounces',
    blocks: [
      { id: 'optout.h@example.com', channel: 'email', category: 'unsubscribe', at: 'import', reason: 'HubSpot — unsubscribes and bounces' },
      { id: 'bounced.h@example.com', channel: 'email', category: 'hard_bounce', at: 'import', reason: '550 5.1.1 mailbox unavailable' },
      { id: 'spam.h@example.com', channel: 'email', category: 'spam_complaint', at: 'import' },
      { id: 'global.h@example.com', channel: 'email', category: 'hard_bounce', at: 'import' },
    ],
    // Opted out of one subscription type only: still eligible for the others.
    notBlocked: ['typeonly.h@example.com'],
    notBlocks: 1,
  },
  {
    file: 'hubspot_contacts.csv',
    format: 'HubSpot — contacts',
    blocks: [
      { id: 'ana.s@example.com', channel: 'email', category: 'unsubscribe', at: 'import' },
      { id: 'cy.r@example.com', channel: 'email', category: 'hard_bounce', at: 'import', reason: 'Mailbox does not exist' },
      { id: 'ed.f@exampel.com', channel: 'email', category: 'hard_bounce', at: 'import' },
    ],
    notBlocked: ['bo.k@example.com', 'di.l@example.com', '+5511912345678', '51', '52'],
    notBlocks: 2,
  },
  {
    file: 'brevo_contacts.csv',
    format: 'Brevo — contacts',
    blocks: [
      { id: 'both.b@example.com', channel: 'email', category: 'manual', at: 'import', reason: 'Brevo — contacts' },
      { id: '+919845022222', channel: 'sms', category: 'manual', at: 'import' },
      { id: 'email.b@example.com', channel: 'email', category: 'manual', at: 'import' },
      // The SMS-only contact: its SMS column is its mobile.
      { id: '+919845033333', channel: 'sms', category: 'manual', at: 'import' },
    ],
    notBlocked: ['fine.b@example.com', '+919845044444'],
    notBlocks: 1,
  },
  {
    file: 'mautic_dnc_report.csv',
    format: 'Mautic — Do Not Contact report',
    blocks: [
      { id: 'unsub.m@example.com', channel: 'email', category: 'unsubscribe', at: '2024-03-14T10:22:05.000Z', reason: 'User unsubscribed' },
      { id: 'bounce.m@example.com', channel: 'email', category: 'hard_bounce', at: '2024-03-15T08:00:00.000Z', reason: '550 5.1.1 No such user' },
      // The SMS entry lands on SMS, not on Email.
      { id: '+919845055555', channel: 'sms', category: 'unsubscribe', at: '2024-03-16T09:15:00.000Z', reason: 'STOP' },
      { id: 'manual.m@example.com', channel: 'email', category: 'manual', at: '2024-03-17T17:45:00.000Z', reason: 'Asked on the phone' },
    ],
    notBlocked: ['back.m@example.com'],
    notBlocks: 1,
  },
  {
    file: 'listmonk_subscribers.csv',
    format: 'listmonk — subscribers',
    blocks: ['two', 'four', 'seven'].map((n) => ({ id: `${n}.l@example.com`, channel: 'email' as const, category: 'manual', at: 'import', reason: 'listmonk — subscribers' })),
    notBlocked: ['one', 'three', 'five', 'six'].map((n) => `${n}.l@example.com`),
    notBlocks: 4,
  },
  {
    file: 'ndnc_dnd_list.csv',
    format: 'NDNC/DND registry list',
    blocks: [
      { id: '+919845077777', channel: 'sms', category: 'opt_out', at: '2024-03-14T00:00:00.000Z', reason: 'NDNC/DND registry list' },
      { id: '+919845088888', channel: 'sms', category: 'opt_out', at: '2023-05-02T00:00:00.000Z' },
      // Day first, as the registry writes it.
      { id: '+919845099999', channel: 'sms', category: 'opt_out', at: '2022-04-05T00:00:00.000Z' },
    ],
    notBlocked: ['+919845000000'],
    notBlocks: 1,
  },
];

const CHANNELS: Channel[] = ['email', 'sms', 'whatsapp', 'rcs'];

interface ContactRow {
  customer_id: string | null;
  email_key: string | null;
  mobile: string | null;
  [column: string]: string | number | null;
}

function contactsOf(data: string): (id: string) => ContactRow | undefined {
  const db = new Database(path.join(data, 'blocklist.db'), { readonly: true });
  const rows = db.prepare('SELECT * FROM contacts').all() as ContactRow[];
  db.close();
  return (id) => rows.find((c) => c.customer_id === id || c.email_key === id.toLowerCase() || c.mobile === id);
}

interface Report {
  status: string;
  rows_read: number;
  rejected: number;
  not_blocks: number;
  format: string | null;
  formats: Record<string, string>;
  problems_by_kind: Record<string, number>;
  warnings: string[];
  error: { code: string; message: string } | null;
}

function importFile(data: string, file: string, extra: string[] = []) {
  return cliJson<Report>(data, ['import', file, '--timezone', 'UTC', '--country', 'IN', ...extra]);
}

describe('recognised exports', () => {
  it.each(SAMPLES.map((s) => [s.format, s] as const))('%s: blocks what the export says, and nothing else', (_name, sample) => {
    const ws = makeWorkspace();
    const before = Date.now();
    const { code, json } = importFile(ws.data, path.join(FIXTURES, sample.file));
    const after = Date.now();
    expect(json.error).toBeNull();
    expect(code).toBe(sample.problems ? 3 : 0);
    expect(json).toMatchObject({ format: sample.format, formats: { [sample.file]: sample.format }, not_blocks: sample.notBlocks, problems_by_kind: sample.problems ?? {} });

    const holding = contactsOf(ws.data);
    for (const block of sample.blocks) {
      const contact = holding(block.id);
      expect(contact, `${block.id} is in the blocklist`).toBeDefined();
      expect(contact?.[`${block.channel}_status`], `${block.id} blocked on ${block.channel}`).toBe(1);
      expect(contact?.[`${block.channel}_category`], `${block.id}: category`).toBe(block.category);
      const at = contact?.[`${block.channel}_at`] as number;
      if (block.at === 'import') {
        expect(at).toBeGreaterThanOrEqual(before);
        expect(at).toBeLessThanOrEqual(after);
      } else expect(new Date(at).toISOString(), `${block.id}: date`).toBe(block.at);
      if (block.reason !== undefined) expect(contact?.[`${block.channel}_reason`], `${block.id}: reason`).toBe(block.reason);
      // Only the channel the export names.
      for (const other of CHANNELS) {
        if (sample.blocks.some((b) => b.channel === other && holding(b.id) === contact)) continue;
        expect(contact?.[`${other}_status`], `${block.id} not blocked on ${other}`).toBe(0);
      }
    }
    for (const id of sample.notBlocked) {
      const contact = holding(id);
      for (const channel of CHANNELS) {
        const blockedHere = sample.blocks.some((b) => b.channel === channel && holding(b.id) === contact && contact !== undefined);
        if (!blockedHere) expect(contact?.[`${channel}_status`] ?? 0, `${id} not blocked on ${channel}`).toBe(0);
      }
    }
  });

  it("Mailchimp's audience ZIP: only the unsubscribed and cleaned members are blocked, each with its category and date", () => {
    const ws = makeWorkspace();
    const zip = new AdmZip();
    for (const name of ['subscribed_members_export_9a8b7c.csv', 'unsubscribed_members_export_9a8b7c.csv', 'cleaned_members_export_9a8b7c.csv']) {
      zip.addFile(`members_export_9a8b7c/${name}`, fs.readFileSync(path.join(FIXTURES, name)));
    }
    const file = ws.file('members_export_9a8b7c.zip', zip.toBuffer());
    const { code, json } = importFile(ws.data, file);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      status: 'succeeded',
      rows_read: 9,
      not_blocks: 4,
      formats: {
        'members_export_9a8b7c.zip!members_export_9a8b7c/subscribed_members_export_9a8b7c.csv': 'Mailchimp — subscribed members',
        'members_export_9a8b7c.zip!members_export_9a8b7c/unsubscribed_members_export_9a8b7c.csv': 'Mailchimp — unsubscribed members',
        'members_export_9a8b7c.zip!members_export_9a8b7c/cleaned_members_export_9a8b7c.csv': 'Mailchimp — cleaned members',
      },
    });
    // Several layouts: each named once, in the order the archive holds them.
    expect(json.format?.split('; ').sort()).toEqual(['Mailchimp — cleaned members', 'Mailchimp — subscribed members', 'Mailchimp — unsubscribed members']);
    const holding = contactsOf(ws.data);
    for (const email of ['asha.rao@example.com', 'ben.cole@example.com', 'chen.li@example.com', 'dev.patel@example.com']) expect(holding(email), email).toBeUndefined();
    expect(holding('eva.gomez@example.com')).toMatchObject({ email_status: 1, email_category: 'unsubscribe', email_at: Date.parse('2024-03-14T10:22:05Z') });
    expect(holding('gita.iyer@example.com')).toMatchObject({ email_status: 1, email_category: 'unsubscribe', email_at: Date.parse('2023-12-25T07:30:00Z') });
    expect(holding('ivy.chan@example.org')).toMatchObject({ email_status: 1, email_category: 'hard_bounce', email_at: Date.parse('2023-08-08T08:08:08Z') });
    const db = new Database(path.join(ws.data, 'blocklist.db'), { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM contacts').get() as { n: number }).n).toBe(5);
    db.close();
  });

  it('--format generic reads a recognised export by the aliases alone; --format NAME reads any table as that export', () => {
    const ws = makeWorkspace();
    const file = path.join(FIXTURES, 'unsubscribed_members_export_9a8b7c.csv');
    const generic = importFile(ws.data, file, ['--format', 'generic', '--channels', 'email']);
    expect(generic.json).toMatchObject({ status: 'succeeded', format: null, formats: { 'unsubscribed_members_export_9a8b7c.csv': 'generic' }, not_blocks: 0 });
    expect(contactsOf(ws.data)('eva.gomez@example.com')).toMatchObject({ email_category: 'manual' });

    const other = makeWorkspace();
    const renamed = other.file('export (3).csv', 'created,email,reason,status\n1710432000,x@example.com,"550 blocked",5.7.1\n');
    expect(importFile(other.data, renamed).json).toMatchObject({ format: 'SendGrid — bounces' });
    const forced = importFile(other.data, renamed, ['--format', 'sendgrid-blocks']);
    expect(forced.json).toMatchObject({ status: 'succeeded', format: 'SendGrid — blocks' });

    const wrong = cli(other.data, ['import', renamed, '--format', 'listmonk-subscribers']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--format listmonk-subscribers \(listmonk — subscribers\) but the header has no uuid, attributes column/);
    const unknown = cli(other.data, ['import', renamed, '--format', 'constant-contact']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown --format "constant-contact" \(use generic or mailchimp-subscribed, /);
  });

  it('--channels stays required, with the usual usage error, for a file that names no channels', () => {
    const ws = makeWorkspace();
    const plain = ws.file('plain.csv', 'email,name\na@x.com,A\n');
    const refused = cli(ws.data, ['import', plain, '--using', 'email']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--channels is required \(a comma list of email,sms,whatsapp,rcs\): .*plain\.csv is no export the import recognises and has no channel columns/);
    // A file whose channel columns name the channels needs none.
    const flagged = ws.file('flags.csv', 'email,mobile,sms_blocked\na@x.com,9876500001,yes\n');
    expect(importFile(ws.data, flagged).json).toMatchObject({ status: 'succeeded', format: null });
    expect(contactsOf(ws.data)('+919876500001')).toMatchObject({ sms_status: 1, email_status: 0 });
    // A later table of a ZIP that names none fails the job, saying so; nothing lands.
    const zip = new AdmZip();
    zip.addFile('a.csv', Buffer.from('email,sms_blocked\nz1@x.com,no\n'));
    zip.addFile('b.csv', Buffer.from('email\nz2@x.com\n'));
    const mixed = importFile(ws.data, ws.file('mixed.zip', zip.toBuffer()));
    expect(mixed.code).toBe(1);
    expect(mixed.json.error?.message).toMatch(/--channels is required .*mixed\.zip!b\.csv/);
  });

  it('--channels replaces the channels an export gives every row, and is named when an export\'s columns cannot take it', () => {
    const ws = makeWorkspace();
    const ndnc = importFile(ws.data, path.join(FIXTURES, 'ndnc_dnd_list.csv'), ['--channels', 'sms,whatsapp']);
    expect(ndnc.json).toMatchObject({ status: 'succeeded', not_blocks: 1 });
    expect(contactsOf(ws.data)('+919845077777')).toMatchObject({ sms_status: 1, whatsapp_status: 1, rcs_status: 0 });

    const hubspot = importFile(ws.data, path.join(FIXTURES, 'hubspot_unsubscribes_and_bounces.csv'), ['--channels', 'email,sms']);
    expect(hubspot.json.warnings).toContain("the channels chosen (sms) were not applied to hubspot_unsubscribes_and_bounces.csv (HubSpot — unsubscribes and bounces): its columns name each row's channels (email)");
  });
});
