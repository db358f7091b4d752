import type { FormatDescription } from './formatDescription';

// Twilio SendGrid keeps one suppression list per kind and exports each from its page
// (Suppressions > Bounces, … > gear > Export CSV) with the fields its API returns:
// bounces and blocks `created, email, reason, status`; spam reports `created, email, ip`;
// invalid emails `created, email, reason`; global unsubscribes `created, email`; group
// unsubscribes `email, group_id, group_name, created_at`. `created` is Unix seconds.
// Bounces and blocks share their columns, as global and group unsubscribes may: the
// file's name tells them apart (`blocks.csv`, `group_unsubscribes.csv`).
const DOCUMENTATION = [
  'https://www.twilio.com/docs/sendgrid/ui/sending-email/bounces (Suppressions > Bounces > Export CSV)',
  'https://www.twilio.com/docs/sendgrid/api-reference/bounces-api/retrieve-all-bounces (created: Unix timestamp, email, reason, status)',
  'https://twilio.com/docs/sendgrid/api-reference/suppressions-unsubscribe-groups (group unsubscribes)',
];

const EMAIL = ['email', 'emailaddress'];
const CREATED = ['created', 'createdat'];

export const SENDGRID: readonly FormatDescription[] = [
  {
    id: 'sendgrid-bounces',
    name: 'SendGrid — bounces',
    documentation: DOCUMENTATION,
    recognise: [{ columns: [EMAIL, CREATED, ['reason'], ['status']], exact: true }],
    identifiers: { email: EMAIL },
    blocks: { channels: ['email'] },
    category: 'hard_bounce',
    date: { column: CREATED, zone: 'UTC' },
    reason: ['reason'],
  },
  {
    id: 'sendgrid-blocks',
    name: 'SendGrid — blocks',
    documentation: DOCUMENTATION,
    recognise: [{ columns: [EMAIL, CREATED, ['reason'], ['status']], exact: true, fileName: /block/i }],
    identifiers: { email: EMAIL },
    // A block is the receiving server refusing the message; SendGrid stops sending to it
    // as it does after a bounce, the network's verdict rather than the person's wish.
    blocks: { channels: ['email'] },
    category: 'hard_bounce',
    date: { column: CREATED, zone: 'UTC' },
    reason: ['reason'],
  },
  {
    id: 'sendgrid-spam-reports',
    name: 'SendGrid — spam reports',
    documentation: DOCUMENTATION,
    recognise: [{ columns: [EMAIL, CREATED, ['ip']], exact: true }],
    identifiers: { email: EMAIL },
    blocks: { channels: ['email'] },
    category: 'spam_complaint',
    date: { column: CREATED, zone: 'UTC' },
  },
  {
    id: 'sendgrid-invalid-emails',
    name: 'SendGrid — invalid emails',
    documentation: DOCUMENTATION,
    recognise: [{ columns: [EMAIL, CREATED, ['reason']], exact: true }],
    identifiers: { email: EMAIL },
    blocks: { channels: ['email'] },
    category: 'hard_bounce',
    date: { column: CREATED, zone: 'UTC' },
    reason: ['reason'],
  },
  {
    id: 'sendgrid-global-unsubscribes',
    name: 'SendGrid — global unsubscribes',
    documentation: DOCUMENTATION,
    recognise: [{ columns: [EMAIL, CREATED], exact: true }],
    identifiers: { email: EMAIL },
    blocks: { channels: ['email'] },
    category: 'unsubscribe',
    date: { column: CREATED, zone: 'UTC' },
  },
  {
    id: 'sendgrid-group-unsubscribes',
    name: 'SendGrid — group unsubscribes',
    documentation: DOCUMENTATION,
    recognise: [
      { columns: [EMAIL, CREATED, ['groupid', 'groupname']] },
      { columns: [EMAIL, CREATED], exact: true, fileName: /group/i },
    ],
    identifiers: { email: EMAIL },
    // Our blocklist has no groups: an unsubscribe from one group blocks email, with the
    // group named in the reason for the officer to review.
    blocks: { channels: ['email'] },
    category: 'unsubscribe',
    date: { column: CREATED, zone: 'UTC' },
    reason: ['groupname', 'groupid'],
  },
];
