import type { Channel, IdentifierType } from '../domain/channels';
import { detectHeader } from '../files/columns';
import { wordedError } from '../domain/wording';
import { shownName } from './problems';

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
  // The officer's own file name (a browser upload sits in a folder of ours), ZIP entry kept.
  const shown = shownName(file);

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
      if (index < 0 || (kind === 'txt' && index > 0)) throw wordedError('usage', 'scrub_column_number', { file: shown, identifier: type, text, txt: kind === 'txt' ? 'yes' : 'no' });
      layout[type] = index;
      continue;
    }
    if (!hasHeader) throw wordedError('usage', 'scrub_column_no_header', { file: shown, identifier: type, text, found });
    const index = keys.indexOf(headerKey(text));
    if (index === -1) throw wordedError('usage', 'scrub_column_missing', { file: shown, identifier: type, text, found });
    layout[type] = index;
  }

  if (!hasHeader && layout.customer_id === undefined && layout.email === undefined && layout.mobile === undefined) {
    // A bare list (TXT, or one column) holds its identifier in the first column; a wider
    // file without a recognised header is refused, as an import refuses it, rather than
    // scrubbed on whatever its first column happens to hold.
    if (kind !== 'txt' && first.length > 1) {
      throw wordedError('usage', 'scrub_columns_unknown', { file: shown, found });
    }
    const wanted = [...new Set(channels.map(channelIdentifier))];
    if (wanted.length > 1) {
      throw wordedError('usage', 'scrub_columns_ambiguous', { file: shown });
    }
    layout[wanted[0] as 'email' | 'mobile'] = 0;
  }

  for (const channel of channels) {
    const identifier = channelIdentifier(channel);
    if (layout[identifier] === undefined && layout.customer_id === undefined) {
      throw wordedError('usage', 'scrub_channel_column_missing', { file: shown, channel, identifier, found });
    }
    if (layout[identifier] === undefined && hasHeader) {
      const used = new Set([layout.customer_id, layout.email, layout.mobile]);
      const suspect = first.map((cell, i) => ({ cell: cell.trim(), i })).filter(({ cell, i }) => !used.has(i) && LOOKS_LIKE[identifier].test(cell));
      if (suspect.length > 0) {
        throw wordedError('usage', 'scrub_column_unsure', { file: shown, channel, identifier, suspect: suspect[0]?.cell ?? '' });
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
