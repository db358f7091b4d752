import type { FormatDescription, Recognition } from './formatDescription';

// Mailchimp's "Export Audience" is a ZIP of three CSVs: subscribed, unsubscribed and
// cleaned members, all with `Email Address`, the merge fields and Mailchimp's own columns
// (MEMBER_RATING, OPTIN_TIME, …, LEID, EUID); the unsubscribed file adds UNSUB_TIME,
// UNSUB_CAMPAIGN_TITLE, UNSUB_CAMPAIGN_ID, UNSUB_REASON, UNSUB_REASON_OTHER and the
// cleaned file CLEAN_TIME, CLEAN_CAMPAIGN_TITLE, CLEAN_CAMPAIGN_ID. Times are written
// `2024-03-14 10:22:05` without a zone, in UTC as the API gives them.
const DOCUMENTATION = [
  'http://kb.mailchimp.com/lists/managing-subscribers/view-unsubscribed-and-cleaned-addresses (a list keeps subscribed, unsubscribed and cleaned sections)',
  'https://mailchimp.com/help/about-cleaned-contacts (cleaned = hard bounced or repeatedly soft bounced; view and export them)',
  'https://mailchimp.com/help/view-unsubscribed-contacts/ (unsubscribed contacts)',
  'column names (UNSUB_TIME, UNSUB_REASON, CLEAN_TIME, MEMBER_RATING, OPTIN_TIME, LEID, EUID) as exported files show them in public repositories that read them',
];

const MAILCHIMP_COLUMNS = [['emailaddress'], ['memberrating'], ['optintime'], ['leid', 'euid']];

const recognise = (extra: string[][], without: string[][]): Recognition[] => [{ columns: [...MAILCHIMP_COLUMNS, ...extra], without }];

export const MAILCHIMP: readonly FormatDescription[] = [
  {
    id: 'mailchimp-subscribed',
    name: 'Mailchimp — subscribed members',
    documentation: DOCUMENTATION,
    recognise: recognise([], [['unsubtime'], ['cleantime']]),
    identifiers: { email: ['emailaddress'] },
    // People who are still subscribed: nothing to block.
    blocks: { rows: 'none', channels: ['email'] },
  },
  {
    id: 'mailchimp-unsubscribed',
    name: 'Mailchimp — unsubscribed members',
    documentation: DOCUMENTATION,
    recognise: recognise([['unsubtime']], [['cleantime']]),
    identifiers: { email: ['emailaddress'] },
    blocks: { channels: ['email'] },
    category: 'unsubscribe',
    date: { column: ['unsubtime'], zone: 'UTC' },
    reason: ['unsubreason', 'unsubreasonother'],
  },
  {
    id: 'mailchimp-cleaned',
    name: 'Mailchimp — cleaned members',
    documentation: DOCUMENTATION,
    recognise: recognise([['cleantime']], [['unsubtime']]),
    identifiers: { email: ['emailaddress'] },
    blocks: { channels: ['email'] },
    category: 'hard_bounce',
    date: { column: ['cleantime'], zone: 'UTC' },
  },
];
