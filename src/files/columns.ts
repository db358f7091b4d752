import { CHANNELS, type Channel, type IdentifierType } from '../domain/channels';

/** Which column (0-based index) holds what; columns not named here are ignored. */
export interface ColumnMap {
  customer_id?: number;
  email?: number;
  mobile?: number;
  /** Per-channel flag columns (`sms_blocked`, `sms_status`, …). */
  channels: Partial<Record<Channel, number>>;
  category?: number;
  reason?: number;
  blocked_at?: number;
}

type Field = 'customer_id' | 'email' | 'mobile' | 'category' | 'reason' | 'blocked_at';

/**
 * The one table of header aliases, after `aliasKey` (lower case, letters and digits only).
 * Import, scrub and the keyword log's sender column read identifiers through it, so a
 * header one of them understands the others understand too. It holds what people type
 * and what the tools they send with write: Mailchimp `Email Address`, `Phone Number`;
 * HubSpot `Email`, `Mobile Phone Number`, `Record ID`; Brevo `EMAIL`, `SMS`, `CONTACT
 * ID`, `EXT_ID`; Mautic `Contact ID`, `Mobile`; DND lists `Mobile Number`. Names that
 * only suggest an identifier (`Contact Email`, `WhatsApp`) stay out: the scrub asks
 * which column they are rather than guess.
 */
const FIELD_ALIASES: Record<Field, readonly string[]> = {
  customer_id: [
    'customerid', 'clientid', 'custid', 'customerno', 'customernumber', 'customercode', 'custno', 'clientno', 'clientnumber', 'clientcode',
    'contactid', 'recordid', 'externalid', 'extid',
  ],
  email: ['email', 'emailid', 'emailaddress', 'emailaddr', 'mail', 'mailid', 'mailaddress', 'emails', 'emailaddresses', 'useremail', 'subscriberemail', 'recipientemail'],
  mobile: [
    'mobile', 'mobileno', 'mobilenumber', 'mobilenum', 'mobilephone', 'mobilephonenumber', 'mobilephoneno', 'mob', 'mobno',
    'phone', 'phoneno', 'phonenumber', 'phonenum', 'msisdn', 'sms', 'smsnumber', 'telephone', 'telephonenumber', 'tel',
    'cell', 'cellno', 'cellnumber', 'cellphone', 'cellphonenumber', 'contactno', 'contactnumber', 'whatsappno', 'whatsappnumber',
  ],
  category: ['category', 'blockcategory'],
  reason: ['reason', 'blockreason'],
  blocked_at: ['blockedat', 'blockedon', 'blockeddate'],
};

/** The aliases of an identifier's column (aliasKey form), for other readers of headers (the keyword log's sender). */
export function identifierAliases(type: IdentifierType): readonly string[] {
  return FIELD_ALIASES[type];
}

const IDENTIFIER_FIELDS: readonly Field[] = ['customer_id', 'email', 'mobile'];

const ALIAS_TO_FIELD = new Map<string, Field>(
  (Object.entries(FIELD_ALIASES) as [Field, readonly string[]][]).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field] as const)),
);

const ALIAS_TO_CHANNEL = new Map<string, Channel>(CHANNELS.flatMap((channel) => [[`${channel}blocked`, channel] as const, [`${channel}status`, channel] as const]));

/** `E-mail Address`, `email_address`, `EMAIL ADDRESS` and `Mobile No.` compare as `emailaddress` and `mobileno`. */
export function aliasKey(cell: string): string {
  return cell.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Reads a first record as a header: null unless at least one cell names an identifier
 * (customer_id, email or mobile, by any alias). When a name repeats, the first column wins.
 */
export function detectHeader(record: string[]): ColumnMap | null {
  const columns: ColumnMap = { channels: {} };
  let identifiers = 0;
  record.forEach((cell, index) => {
    const key = aliasKey(cell);
    const field = ALIAS_TO_FIELD.get(key);
    if (field !== undefined) {
      if (columns[field] === undefined) {
        columns[field] = index;
        if (IDENTIFIER_FIELDS.includes(field)) identifiers++;
      }
      return;
    }
    const channel = ALIAS_TO_CHANNEL.get(key);
    if (channel !== undefined && columns.channels[channel] === undefined) columns.channels[channel] = index;
  });
  return identifiers > 0 ? columns : null;
}
