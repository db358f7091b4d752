import type { FormatDescription } from './formatDescription';

// Klaviyo's suppressed profiles (Profiles > Suppressed profiles, exported as a CSV) hold
// the email, why it was suppressed and when. Klaviyo's API names the reasons
// HARD_BOUNCE, INVALID_EMAIL, SPAM_COMPLAINT, UNSUBSCRIBE and USER_SUPPRESSED with an ISO
// 8601 timestamp; its older exclusion export wrote unsubscribed, bounced, invalid_email,
// reported_spam and manually_excluded; its help pages say "Unsubscribed", "Marked as
// spam", "Hard bounced", "Soft bounced more than 7 consecutive times", "User suppressed".
// Words the shared vocabulary does not know are this export's own below.
const DOCUMENTATION = [
  'https://help.klaviyo.com/hc/en-us/articles/115005246108-Understanding-suppressed-email-profiles (suppression reasons)',
  'https://schemas.apis.io/schemas/klaviyo/klaviyo-emailmarketingsuppression/ (reason enum and ISO 8601 timestamp, from Klaviyo\'s API)',
];

const EMAIL = ['email', 'emailaddress'];
const REASON = ['suppressionreason', 'suppressedreason', 'reason'];
const WHEN = ['suppressedat', 'suppressedon', 'suppressiondate', 'datesuppressed', 'timestamp', 'date'];

export const KLAVIYO: readonly FormatDescription[] = [
  {
    id: 'klaviyo-suppressed',
    name: 'Klaviyo — suppressed profiles',
    documentation: DOCUMENTATION,
    recognise: [
      { columns: [EMAIL, ['suppressionreason', 'suppressedreason']] },
      // `Email, Reason, Timestamp` is what many files say: Klaviyo's only by its name.
      { columns: [EMAIL, REASON, WHEN], fileName: /klaviyo|suppress|exclu/i },
    ],
    identifiers: { email: EMAIL },
    blocks: { channels: ['email'] },
    category: {
      column: REASON,
      words: {
        'reported spam': 'spam_complaint',
        'spam complaint': 'spam_complaint',
        'manually excluded': 'manual',
        'manually suppressed': 'manual',
        'soft bounce': 'hard_bounce',
        'soft bounced': 'hard_bounce',
        'hard bounced': 'hard_bounce',
      },
    },
    date: { column: WHEN, zone: 'UTC' },
    reason: REASON,
  },
];
