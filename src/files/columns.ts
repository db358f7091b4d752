import { CHANNELS, type Channel } from '../domain/channels';

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

/** Header aliases after `aliasKey` (lower case, letters and digits only). */
const FIELD_ALIASES: Record<Field, readonly string[]> = {
  customer_id: ['customerid', 'clientid', 'custid', 'customerno', 'customernumber', 'customercode', 'custno', 'clientno', 'clientnumber', 'clientcode'],
  email: ['email', 'emailid', 'emailaddress', 'emailaddr', 'mail', 'mailid', 'mailaddress'],
  mobile: [
    'mobile', 'mobileno', 'mobilenumber', 'mobilenum', 'mobilephone', 'mob', 'mobno',
    'phone', 'phoneno', 'phonenumber', 'phonenum', 'msisdn',
    'cell', 'cellno', 'cellnumber', 'cellphone', 'contactno', 'contactnumber', 'whatsappno', 'whatsappnumber',
  ],
  category: ['category', 'blockcategory'],
  reason: ['reason', 'blockreason'],
  blocked_at: ['blockedat', 'blockedon', 'blockeddate'],
};

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
