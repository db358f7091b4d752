import type { Channel, IdentifierType } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { detectHeader } from '../files/columns';

/** Columns named on the command line (`--email-column`): a header name, or a 1-based number. */
export type NamedColumns = Partial<Record<IdentifierType, string>>;

/** Which columns of an audience file hold the identifiers the scrub matches. */
export interface ScrubLayout {
  hasHeader: boolean;
  /** The header's cells (for comparing the tables of a ZIP); [] without a header. */
  header: string[];
  customer_id?: number;
  email?: number;
  mobile?: number;
  /** What the report should say about how rows are matched (a channel matched by customer_id alone). */
  notes: string[];
}

/**
 * Header words that suggest a column of emails or of phone numbers the import's aliases
 * did not recognise ("Contact Email", "WhatsApp"): a scrub must not quietly match such a
 * file by customer_id alone and send to blocked addresses.
 */
const LOOKS_LIKE: Record<'email' | 'mobile', RegExp> = {
  email: /mail/i,
  mobile: /phone|mobile|msisdn|whatsapp|cell|sms|\bwa\b|number|contact_no|mob/i,
};

export const COLUMN_FLAG: Readonly<Record<IdentifierType, string>> = { customer_id: '--customer-id-column', email: '--email-column', mobile: '--mobile-column' };

/** The identifier a channel sends to: email for `email`, the mobile for `sms`, `whatsapp` and `rcs`. */
export function channelIdentifier(channel: Channel): 'email' | 'mobile' {
  return channel === 'email' ? 'email' : 'mobile';
}

function headerKey(cell: string): string {
  return cell.trim().toLowerCase();
}

/**
 * Reads a table's first record. A header is found by the import's aliases (files/columns);
 * a column named with `--email-column` etc. is found by its header text (any case) or its
 * 1-based number. A file without a header (a TXT file, a bare list) holds its identifier
 * in the first column; which identifier follows from the channels (email, or the mobile
 * for SMS/WhatsApp/RCS) unless a column flag says.
 */
export function scrubLayoutFor(file: string, first: string[], channels: readonly Channel[], named: NamedColumns, kind: 'csv' | 'txt' | 'xlsx'): ScrubLayout {
  const byName = Object.entries(named).filter(([, v]) => v !== undefined && !/^\d+$/.test(v.trim())) as [IdentifierType, string][];
  const aliases = kind === 'txt' ? null : detectHeader(first);
  const keys = first.map(headerKey);
  const namesMatch = byName.length > 0 && byName.every(([, name]) => keys.includes(headerKey(name)));
  const hasHeader = kind !== 'txt' && (aliases !== null || namesMatch);
  const layout: ScrubLayout = { hasHeader, header: hasHeader ? first : [], notes: [] };
  const found = first.map((c) => c.trim()).join(', ');

  if (hasHeader && aliases) {
    if (aliases.customer_id !== undefined) layout.customer_id = aliases.customer_id;
    if (aliases.email !== undefined) layout.email = aliases.email;
    if (aliases.mobile !== undefined) layout.mobile = aliases.mobile;
  }
  for (const [type, value] of Object.entries(named) as [IdentifierType, string | undefined][]) {
    if (value === undefined) continue;
    const text = value.trim();
    if (/^\d+$/.test(text)) {
      const index = Number(text) - 1;
      if (index < 0 || (kind === 'txt' && index > 0)) throw new DeskError('usage', `${file}: ${COLUMN_FLAG[type]} ${text} is not a column of this file (columns are numbered from 1${kind === 'txt' ? '; a TXT file has one' : ''})`);
      layout[type] = index;
      continue;
    }
    if (!hasHeader) throw new DeskError('usage', `${file}: ${COLUMN_FLAG[type]} "${text}" names a header column, but the file has no header row naming it (first row: ${found}); give the column's number instead`);
    const index = keys.indexOf(headerKey(text));
    if (index === -1) throw new DeskError('usage', `${file}: ${COLUMN_FLAG[type]} "${text}" is not in the header (found: ${found})`);
    layout[type] = index;
  }

  if (!hasHeader && layout.customer_id === undefined && layout.email === undefined && layout.mobile === undefined) {
    // A bare list (TXT, or one column) holds its identifier in the first column; a wider
    // file without a recognised header is refused, as an import refuses it, rather than
    // scrubbed on whatever its first column happens to hold.
    if (kind !== 'txt' && first.length > 1) {
      throw new DeskError(
        'usage',
        `${file}: no header row naming customer_id, email or mobile (first row: ${found}); name the columns with --email-column, --mobile-column or --customer-id-column (a header name or a number from 1)`,
      );
    }
    const wanted = [...new Set(channels.map(channelIdentifier))];
    if (wanted.length > 1) {
      throw new DeskError('usage', `${file}: no header row naming customer_id, email or mobile; with both email and mobile channels, say which column holds what with --email-column N and --mobile-column N`);
    }
    layout[wanted[0] as 'email' | 'mobile'] = 0;
  }

  for (const channel of channels) {
    const identifier = channelIdentifier(channel);
    if (layout[identifier] === undefined && layout.customer_id === undefined) {
      throw new DeskError('usage', `${file}: the ${channel} channel needs a${identifier === 'email' ? 'n email' : ' mobile'} or a customer_id column, and the file has neither (found: ${found}); name it with ${COLUMN_FLAG[identifier]}`);
    }
    if (layout[identifier] === undefined && hasHeader) {
      const used = new Set([layout.customer_id, layout.email, layout.mobile]);
      const suspect = first.map((cell, i) => ({ cell: cell.trim(), i })).filter(({ cell, i }) => !used.has(i) && LOOKS_LIKE[identifier].test(cell));
      if (suspect.length > 0) {
        throw new DeskError(
          'usage',
          `${file}: the ${channel} channel needs the ${identifier} column, and "${suspect[0]?.cell}" may be it but is not a name the scrub knows; say which column it is with ${COLUMN_FLAG[identifier]} "${suspect[0]?.cell}" (or its number)`,
        );
      }
      const note = `no ${identifier} column: ${channel} is matched by customer_id only (columns: ${found})`;
      if (!layout.notes.includes(note)) layout.notes.push(note);
    }
  }
  return layout;
}

/** Whether a later table of a ZIP can go to the same output as the first: same header (or both without), same delimiter. */
export function sameShape(a: ScrubLayout, b: ScrubLayout): boolean {
  return a.hasHeader === b.hasHeader && a.header.length === b.header.length && a.header.every((cell, i) => cell === b.header[i]);
}
