import { BREVO } from './brevo';
import type { FormatDescription } from './formatDescription';
import { HUBSPOT } from './hubspot';
import { KLAVIYO } from './klaviyo';
import { LISTMONK } from './listmonk';
import { MAILCHIMP } from './mailchimp';
import { MAUTIC } from './mautic';
import { NDNC } from './ndnc';
import { SENDGRID } from './sendgrid';

/** Every export the import recognises (README, Recognised formats). */
export const FORMATS: readonly FormatDescription[] = [...MAILCHIMP, ...SENDGRID, ...KLAVIYO, ...HUBSPOT, ...BREVO, ...MAUTIC, ...LISTMONK, ...NDNC];

export type { FormatDescription } from './formatDescription';
