import type { FormatDescription } from './formatDescription';

// HubSpot: Marketing > Email > More tools > "Export unsubscribes and bounces" writes the
// email with one TRUE/FALSE column per kind: Portal Bounce (or the bounce's reason),
// Portal Unsubscribe (opted out of all email), Portal Spam Report, Global Bounce, then
// one column per subscription type (Marketing Information, …). Opting out of one type
// leaves the contact eligible for the others: those columns are not blocks.
// A contacts export carries the contact properties asked for: "Unsubscribed from all
// email" (true/false), "Email hard bounce reason", "Invalid email address".
const UNSUBSCRIBES_AND_BOUNCES = [
  'https://knowledge.hubspot.com/articles/kcs_article/contacts/what-do-the-columns-mean-in-csv-i-receive-when-i-export-unsubscribes-and-bounces',
  'https://knowledge.hubspot.com/articles/kcs_article/contacts/how-can-i-delete-contacts-who-have-unsubscribed-or-hard-bounce',
];
const CONTACTS = [
  'https://www.coastalconsulting.co/blog/managing-unsubscribes-in-hubspot ("Unsubscribed from all email" contact property)',
  'https://community.hubspot.com/t5/CRM/Handling-Marketing-Contact-Status-and-Opt-Outs-when-importing/m-p/623337 ("Unsubscribed from all email" decides)',
];

const EMAIL = ['email', 'emailaddress'];

export const HUBSPOT: readonly FormatDescription[] = [
  {
    id: 'hubspot-unsubscribes-bounces',
    name: 'HubSpot — unsubscribes and bounces',
    documentation: UNSUBSCRIBES_AND_BOUNCES,
    recognise: [{ columns: [EMAIL, ['portalunsubscribe'], ['portalbounce']] }],
    identifiers: { email: EMAIL },
    blocks: {
      channels: {
        flags: [
          { column: ['portalunsubscribe'], channel: 'email', category: 'unsubscribe' },
          { column: ['portalspamreport'], channel: 'email', category: 'spam_complaint' },
          { column: ['portalbounce'], channel: 'email', category: 'hard_bounce', yes: 'filled' },
          { column: ['globalbounce'], channel: 'email', category: 'hard_bounce', yes: 'filled' },
        ],
      },
    },
    reason: ['portalbounce', 'globalbounce'],
  },
  {
    id: 'hubspot-contacts',
    name: 'HubSpot — contacts',
    documentation: CONTACTS,
    recognise: [{ columns: [EMAIL, ['unsubscribedfromallemail']] }],
    identifiers: { email: EMAIL },
    blocks: {
      channels: {
        flags: [
          { column: ['unsubscribedfromallemail'], channel: 'email', category: 'unsubscribe' },
          { column: ['emailhardbouncereason'], channel: 'email', category: 'hard_bounce', yes: 'filled' },
          { column: ['invalidemailaddress'], channel: 'email', category: 'hard_bounce' },
        ],
      },
    },
    reason: ['emailhardbouncereason'],
  },
];
