import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../../src/files/formats/index';
import { formatById, readingFor, recogniseFormat, tableFileName } from '../../../src/files/formats/tableReading';

const FIXTURES = path.resolve(__dirname, '../../fixtures/formats');

function headerOf(name: string): string[] {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  return (Papa.parse<string[]>(text.split(/\r?\n/)[0] as string, { delimiter: name.startsWith('brevo') ? ';' : ',' }).data[0] ?? []) as string[];
}

// Each sample, built from its vendor's documentation, and the export it must be read as.
const SAMPLES: [file: string, id: string][] = [
  ['subscribed_members_export_9a8b7c.csv', 'mailchimp-subscribed'],
  ['unsubscribed_members_export_9a8b7c.csv', 'mailchimp-unsubscribed'],
  ['cleaned_members_export_9a8b7c.csv', 'mailchimp-cleaned'],
  ['sendgrid_bounces.csv', 'sendgrid-bounces'],
  ['sendgrid_blocks.csv', 'sendgrid-blocks'],
  ['sendgrid_spam_reports.csv', 'sendgrid-spam-reports'],
  ['sendgrid_invalid_emails.csv', 'sendgrid-invalid-emails'],
  ['sendgrid_global_unsubscribes.csv', 'sendgrid-global-unsubscribes'],
  ['sendgrid_group_unsubscribes.csv', 'sendgrid-group-unsubscribes'],
  ['klaviyo_suppressed_profiles.csv', 'klaviyo-suppressed'],
  ['hubspot_unsubscribes_and_bounces.csv', 'hubspot-unsubscribes-bounces'],
  ['hubspot_contacts.csv', 'hubspot-contacts'],
  ['brevo_contacts.csv', 'brevo-contacts'],
  ['mautic_dnc_report.csv', 'mautic-dnc'],
  ['listmonk_subscribers.csv', 'listmonk-subscribers'],
  ['ndnc_dnd_list.csv', 'ndnc'],
];

describe('recognised formats', () => {
  it('are described as data, each with a unique id and the documentation it rests on', () => {
    const ids = FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const format of FORMATS) {
      expect(format.documentation.length, format.id).toBeGreaterThan(0);
      expect(format.recognise.length, format.id).toBeGreaterThan(0);
      expect(Object.keys(format.identifiers).length, format.id).toBeGreaterThan(0);
    }
    expect(SAMPLES.map(([, id]) => id).sort()).toEqual([...ids].sort());
  });

  it.each(SAMPLES)('%s is read as %s, and resolves against its own header', (file, id) => {
    const header = headerOf(file);
    expect(recogniseFormat(header, file)?.id).toBe(id);
    expect(recogniseFormat(header, `audience.zip!exports/${file}`)?.id).toBe(id);
    const read = readingFor(formatById(id)!, header);
    expect(read.ok).toBe(true);
  });

  it('tells exports with the same columns apart by the file name, and leaves other files generic', () => {
    const bounces = headerOf('sendgrid_bounces.csv');
    expect(recogniseFormat(bounces, 'suppression_blocks.csv')?.id).toBe('sendgrid-blocks');
    expect(recogniseFormat(bounces, 'export.csv')?.id).toBe('sendgrid-bounces');
    expect(recogniseFormat(['email', 'created'], 'group_unsubscribes.csv')?.id).toBe('sendgrid-group-unsubscribes');
    expect(recogniseFormat(['email', 'created'], 'unsubscribes.csv')?.id).toBe('sendgrid-global-unsubscribes');
    // A short header with one more column is somebody's own file, not SendGrid's.
    expect(recogniseFormat(['email', 'created', 'source'], 'x.csv')).toBeNull();
    // Klaviyo's plain Email, Reason, Timestamp only by its name.
    expect(recogniseFormat(['Email', 'Reason', 'Timestamp'], 'list.csv')).toBeNull();
    expect(recogniseFormat(['Email', 'Suppression Reason', 'Date'], 'list.csv')?.id).toBe('klaviyo-suppressed');
    expect(recogniseFormat(['customer_id', 'email', 'mobile', 'sms_blocked'], 'ours.csv')).toBeNull();
    expect(recogniseFormat(['email'], 'x.csv')).toBeNull();
  });

  it('reads Acquia Campaign Studio DNC headers as Mautic', () => {
    expect(recogniseFormat(['Email', 'Mobile', 'DNC Channel', 'DNC Reason', 'DNC Comment', 'DNC Date'], 'dnc.csv')?.id).toBe('mautic-dnc');
  });

  it('says which columns a named format misses', () => {
    const read = readingFor(formatById('mailchimp-unsubscribed')!, ['Email', 'Status']);
    expect(read).toEqual({ ok: false, missing: ['emailaddress', 'memberrating', 'optintime', 'leid', 'unsubtime'] });
    // A renamed export is still the export: its name is not asked for.
    expect(readingFor(formatById('sendgrid-blocks')!, ['created', 'email', 'reason', 'status']).ok).toBe(true);
    expect(readingFor(formatById('brevo-contacts')!, ['EMAIL', 'FIRSTNAME'])).toMatchObject({ ok: false, missing: ['emailblacklisted'] });
  });

  it('names a ZIP member by its own file name', () => {
    expect(tableFileName('/tmp/a.zip!dir/sub/cleaned.csv')).toBe('cleaned.csv');
    expect(tableFileName('C:\\files\\list.csv')).toBe('list.csv');
  });
});
