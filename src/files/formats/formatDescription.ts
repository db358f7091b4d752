import type { Category, Channel, IdentifierType } from '../../domain/channels';
import type { DateOrder } from '../../domain/dates';

/**
 * The names a column may carry, as `aliasKey` writes them (`UNSUB_TIME` is `unsubtime`,
 * `Unsubscribed from all email` is `unsubscribedfromallemail`). The first name the
 * header has wins.
 */
export type ColumnNames = readonly string[];

/** Words of a status, channel or category cell, compared as `vocabularyKey` compares them (any case; spaces, `-` and `_` ignored). */
export type CellWords = readonly string[];

/** How an export is told from others by its header (and, in a ZIP or a folder, its file name). */
export interface Recognition {
  /** Each entry is a column the header must have, by any of its names. */
  columns: readonly ColumnNames[];
  /** Columns whose presence means another export (Mailchimp's cleaned file has `CLEAN_TIME`, its subscribed file has not). */
  without?: readonly ColumnNames[];
  /** The header holds these columns and nothing else: for short exports (`email,created`) a file of one's own could share. */
  exact?: boolean;
  /** The file or ZIP member name must match: for exports whose header a sibling export shares (SendGrid's bounces and blocks). */
  fileName?: RegExp;
}

/** Which rows are blocks, read from one column: listmonk's `status`, Mautic's DNC reason, a DND list's preference. */
export interface StatusColumn {
  column: ColumnNames;
  /** A row is a block when its cell is one of these (blank is not)… */
  blockedWhen?: CellWords;
  /** …or, instead, unless its cell is one of these (blank is a block). */
  notBlockedWhen?: CellWords;
}

/** A yes/no column saying the row is blocked on one channel (Brevo's `SMS_BLACKLISTED`, HubSpot's `Portal Unsubscribe`). */
export interface FlagColumn {
  column: ColumnNames;
  channel: Channel;
  /** The block's category when this flag says yes (the first flag saying yes names it). */
  category?: Category;
  /**
   * `flag` (default): yes and no words (`true`, `Yes`, `1`, …; blank is no). `filled`: any
   * text that is not a no word is yes, as HubSpot writes a bounce's reason in its bounce column.
   */
  yes?: 'flag' | 'filled';
}

/** A column naming the row's channel (Mautic's DNC `Channel`: `email`, `sms`). */
export interface ChannelColumn {
  column: ColumnNames;
  /** Cell words → channel. A word not listed is not applied, with a problem line. */
  values: Readonly<Record<string, Channel>>;
}

export interface Blocks {
  /** Which rows are blocks: every row (default), none (people still subscribed), or as a status column says. */
  rows?: 'none' | StatusColumn;
  /**
   * The channels a block asks for: the same for every row (replaced by --channels when
   * given), yes/no flag columns (a row with no yes is not a block), or a channel column.
   */
  channels: readonly Channel[] | { flags: readonly FlagColumn[] } | ChannelColumn;
}

/** A category for every row, or a column read through the vocabulary, this export's own words first. */
export type CategoryRule = Category | { column: ColumnNames; words?: Readonly<Record<string, Category>> };

/** A date column: read by src/domain/dates, in `order` when the export's order is known, times without a zone in `zone` (else the file time zone). */
export interface DateColumn {
  column: ColumnNames;
  order?: DateOrder;
  zone?: 'UTC';
}

/**
 * A vendor's export, described as data: how it is recognised, which columns hold the
 * identifiers, which rows are blocks and on which channels, their category, date and
 * reason. src/files/formats/tableReading.ts turns one into column indexes for a header;
 * nothing else in the code knows a vendor.
 */
export interface FormatDescription {
  /** What `--format` takes: `mailchimp-unsubscribed`. */
  id: string;
  /** What the report says: `Mailchimp — unsubscribed members`. */
  name: string;
  /** The public documentation the layout rests on. */
  documentation: readonly string[];
  /** Any one of these recognises the export. */
  recognise: readonly Recognition[];
  identifiers: Partial<Record<IdentifierType, ColumnNames>>;
  blocks: Blocks;
  /** Absent: the job's --category. */
  category?: CategoryRule;
  date?: DateColumn;
  /** Columns holding the reason, the first non-blank wins; absent or blank: --reason, else the format's name. */
  reason?: ColumnNames;
}
