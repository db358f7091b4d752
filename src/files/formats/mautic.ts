import type { FormatDescription } from './formatDescription';

// A Mautic report on the "Do Not Contact" data source lists one row per DNC entry: the
// contact's fields asked for (Email, Mobile, …) with the entry's channel (email, sms),
// reason (Unsubscribed, Bounced, Manual; Contactable is no DNC), comment and date added.
// Acquia Campaign Studio, built on Mautic, heads them "DNC Channel", "DNC Reason", "DNC
// Comment", "DNC Date".
const DOCUMENTATION = [
  'https://github.com/mautic/mautic app/bundles/LeadBundle/EventListener/ReportDNCSubscriber.php (dnc.reason, dnc.comments, dnc.date_added, dnc.channel; reasons 0 contactable, 1 unsubscribed, 2 bounced, 3 manual)',
  'https://docs.acquia.com/campaign-studio/reports/do-not-contact (DNC Channel, DNC Comment, DNC Date, DNC Reason)',
];

const CHANNEL = ['channel', 'dncchannel'];
const REASON = ['reason', 'dncreason'];

export const MAUTIC: readonly FormatDescription[] = [
  {
    id: 'mautic-dnc',
    name: 'Mautic — Do Not Contact report',
    documentation: DOCUMENTATION,
    recognise: [{ columns: [['email', 'mobile', 'phone'], CHANNEL, REASON, ['dateadded', 'dncdateadded', 'dncdate']] }],
    identifiers: { email: ['email'], mobile: ['mobile', 'phone'] },
    blocks: {
      rows: { column: REASON, notBlockedWhen: ['contactable', '0'] },
      channels: { column: CHANNEL, values: { email: 'email', 'e-mail': 'email', sms: 'sms', 'text message': 'sms', text: 'sms' } },
    },
    category: { column: REASON, words: { '1': 'unsubscribe', '2': 'hard_bounce', '3': 'manual', manually: 'manual' } },
    date: { column: ['dateadded', 'dncdateadded', 'dncdate'] },
    reason: ['comments', 'comment', 'dnccomment'],
  },
];
