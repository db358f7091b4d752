import type { FormatDescription } from './formatDescription';

// Brevo (formerly Sendinblue) exports contacts as a semicolon-separated CSV of their
// attributes: EMAIL, SMS (the mobile, with its country code), FIRSTNAME, … and
// EMAIL_BLACKLISTED / SMS_BLACKLISTED, true for a contact blocklisted on that channel
// by any means (unsubscribe, spam complaint, hard bounce, by hand). The export does not
// say which: the job's --category applies.
const DOCUMENTATION = [
  'https://help.brevo.com/hc/fr/articles/5310065850642-Exporter-vos-contacts-%C3%A0-partir-de-Brevo (export contacts as CSV)',
  'https://help.brevo.com/hc/en-us/articles/208729849-Format-your-contact-import-file (EMAIL and SMS attributes; ; , or tab)',
  'https://developers.brevo.com/reference/request-contact-export (blacklisted via any means)',
  'https://ifttt.com/brevo/triggers/contact_added (email_blacklisted / sms_blacklisted as true/false)',
];

export const BREVO: readonly FormatDescription[] = [
  {
    id: 'brevo-contacts',
    name: 'Brevo — contacts',
    documentation: DOCUMENTATION,
    recognise: [{ columns: [['email', 'sms'], ['emailblacklisted', 'smsblacklisted']] }],
    identifiers: { email: ['email'], mobile: ['sms'] },
    blocks: {
      channels: {
        flags: [
          { column: ['emailblacklisted'], channel: 'email' },
          { column: ['smsblacklisted'], channel: 'sms' },
        ],
      },
    },
  },
];
