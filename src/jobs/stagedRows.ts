import type { IdentifierType } from '../domain/channels';
import type { StagedShape } from '../store/groupStaged';
import type { StagedRow } from './importRows';

export type { StagedShape };

/** The job's own category and reason: rows that carry exactly these leave them out. */
export interface StagingDefaults {
  category: string;
  reason: string | null;
}

/**
 * Staged rows as flat value lists, ready to bind (see STAGING_DDL in staging.ts):
 * `plain` five values a row (seq, pos, flags, key, display) for rows naming one
 * identifier with the job's own category and reason and no date; `full` eleven values a row
 * (those, then email2, mobile2, category, reason, at, at_alt) for the rest.
 */
export interface PackedRows {
  plain: unknown[];
  full: unknown[];
}

export const PLAIN_WIDTH = 5;
export const FULL_WIDTH = 11;
const LINE_BITS = 2 ** 32;

/**
 * Turns normalised rows into PackedRows, numbering them in the order they are read, and
 * notes what they hold for the merge. Runs on the reading thread: the staging thread only
 * binds what it is handed.
 */
export class StagedRowPacker {
  private plain: unknown[] = [];
  private full: unknown[] = [];
  private count = 0;
  readonly shape = { channelBits: 0, identifiers: new Set<IdentifierType>(), anchors: new Set<number>(), secondary: false };

  constructor(private readonly defaults: StagingDefaults) {}

  add(file: number, line: number, row: StagedRow): void {
    this.count += 1;
    const seq = this.count;
    const pos = file * LINE_BITS + line;
    const flags = row.anchor | (row.channelBits << 2) | (row.dateKind << 6);
    const display = row.email !== null && row.email !== row.emailKey ? row.email : null;
    const email2 = row.anchor === 0 ? row.emailKey : null;
    const mobile2 = row.anchor !== 2 ? row.mobile : null;
    const { shape } = this;
    shape.channelBits |= row.channelBits;
    if (row.customerId !== null) shape.identifiers.add('customer_id');
    if (row.emailKey !== null) shape.identifiers.add('email');
    if (row.mobile !== null) shape.identifiers.add('mobile');
    shape.anchors.add(row.anchor);
    if (email2 !== null || mobile2 !== null) shape.secondary = true;
    if (email2 === null && mobile2 === null && row.at === null && row.category === this.defaults.category && row.reason === this.defaults.reason) {
      this.plain.push(seq, pos, flags, row.key, display);
    } else {
      this.full.push(seq, pos, flags, row.key, display, email2, mobile2, row.category, row.reason, row.at, row.atAlt);
    }
  }

  /** The rows packed since the last call. */
  take(): PackedRows {
    const rows = { plain: this.plain, full: this.full };
    this.plain = [];
    this.full = [];
    return rows;
  }
}
