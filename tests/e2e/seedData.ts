/** Deterministic seed files for the end-to-end tests, written as the importer reads them. */

const FIRST = ['asha', 'ravi', 'meera', 'arjun', 'kavya', 'vikram', 'neha', 'rohan', 'priya', 'sanjay', 'divya', 'amit', 'pooja', 'rahul', 'sneha'];
const LAST = ['rao', 'kumar', 'nair', 'shah', 'iyer', 'menon', 'gupta', 'das', 'reddy', 'joshi'];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example.in'];
const CATEGORIES = ['manual', 'unsubscribe', 'hard_bounce', 'spam_complaint', 'opt_out', 'legacy'];
const REASONS = ['Vendor DNC list', 'Replied STOP', 'Mailbox does not exist', 'Complaint via ISP feedback loop', 'Asked on the phone', 'Old blacklist'];

function yes(n: number, bit: number): string {
  return (n >> bit) % 2 === 1 ? 'yes' : 'no';
}

/**
 * `count` identified contacts with customer IDs C-0001…, emails and (every other one) an
 * Indian mobile, channels and categories varying by row, in a CSV with per-row columns.
 */
export function identifiedCsv(count: number): string {
  const lines = ['customer_id,email,mobile,email_blocked,sms_blocked,whatsapp_blocked,rcs_blocked,category,reason'];
  for (let i = 1; i <= count; i += 1) {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
    const email = `${first}.${last}${i}@${DOMAINS[i % DOMAINS.length]}`;
    const mobile = i % 2 === 0 ? `+9198${String(76500000 + i).padStart(8, '0')}` : '';
    // Every row blocks at least one channel: the low bits pick them, email always on odd rows.
    const mask = (i % 15) + 1;
    const channels = [i % 2 === 1 || (mask & 1) ? 'yes' : 'no', mobile ? yes(mask, 1) : 'no', mobile ? yes(mask, 2) : 'no', mobile ? yes(mask, 3) : 'no'];
    if (!mobile) channels[0] = 'yes';
    lines.push([`C-${String(i).padStart(4, '0')}`, email, mobile, ...channels, CATEGORIES[i % CATEGORIES.length], REASONS[i % REASONS.length]].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** `count` anonymous contacts: mobiles only, blocked on SMS and WhatsApp. */
export function anonymousCsv(count: number): string {
  const lines = ['mobile'];
  for (let i = 1; i <= count; i += 1) lines.push(`+9197${String(10000000 + i).padStart(8, '0')}`);
  return `${lines.join('\n')}\n`;
}
