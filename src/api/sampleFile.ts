/**
 * The sample import file the Blocklist Contact page offers (CE offers one too): every
 * column the importer understands, one row per way of identifying a contact. Generated
 * rather than shipped so it always matches the column aliases in src/files/columns.ts.
 */
export const SAMPLE_FILE_NAME = 'blocklist-sample.csv';
export const SAMPLE_FILE_REF = `sample:${SAMPLE_FILE_NAME}`;

export const SAMPLE_FILE_CONTENTS = [
  'customer_id,email,mobile,email_blocked,sms_blocked,whatsapp_blocked,rcs_blocked,category,reason,blocked_at',
  'CUST-1001,asha.rao@example.com,+919876543210,yes,yes,no,no,unsubscribe,Replied STOP to the March campaign,2025-03-01T10:00:00Z',
  ',ravi.k@example.org,,yes,,,,hard_bounce,Mailbox does not exist,',
  ',,98765 43211,,yes,yes,yes,opt_out,Asked not to be contacted on any mobile channel,',
  'CUST-1004,,,yes,yes,yes,yes,manual,Legal hold,',
  '',
].join('\r\n');
