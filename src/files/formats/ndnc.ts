import type { FormatDescription } from './formatDescription';

// India's National Customer Preference Register (formerly the National Do Not Call
// registry, "DND") lists numbers whose owners chose to block commercial communication:
// fully (preference 0) or all but chosen categories (1–7: banking, real estate, …;
// calls are blocked either way). A scrubbing list gives the number, its preference and
// the date it was registered, day first as written in India. Any registered preference
// blocks SMS; a number de-registered (STOP DND) is not a block.
const DOCUMENTATION = [
  'https://en.wikipedia.org/wiki/Do_Not_Disturb_Registry (NCPR, formerly NDNC)',
  'https://www.pankajbatra.com/india/do-not-call-disturb-ndnc-dnd/ (fully blocked 0, partially blocked 1–7, STOP DND)',
];

export const NDNC: readonly FormatDescription[] = [
  {
    id: 'ndnc',
    name: 'NDNC/DND registry list',
    documentation: DOCUMENTATION,
    recognise: [{ columns: [['mobilenumber', 'mobile', 'mobileno', 'phonenumber', 'msisdn'], ['preference', 'preferences', 'dndpreference', 'ncprpreference'], ['registeredon', 'registrationdate', 'dateofregistration', 'registeredat']] }],
    identifiers: { mobile: ['mobilenumber', 'mobile', 'mobileno', 'phonenumber', 'msisdn'] },
    blocks: {
      rows: { column: ['preference', 'preferences', 'dndpreference', 'ncprpreference'], notBlockedWhen: ['deregistered', 'de-registered', 'not registered', 'inactive', 'deactivated', 'stop dnd'] },
      channels: ['sms'],
    },
    category: 'opt_out',
    date: { column: ['registeredon', 'registrationdate', 'dateofregistration', 'registeredat'], order: 'dmy' },
  },
];
