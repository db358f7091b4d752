import type { DateOrder } from '../domain/dates';
import type { Db } from '../store/database';
import type { ProblemsFile } from './problems';

/** Per table (its index in the job): blocked_at cells whose parts proved day-first and month-first order. */
export type ProvedOrders = Map<number, { dmy: number; mdy: number }>;

const DMY = 1;
const MDY = 2;

/**
 * Settles the day/month order of each table's dates once all are staged (importRows'
 * DateKind). A table is read in the order its unambiguous dates show: one `25/01/2022`
 * anywhere means day-first, for the rows before it too. A table whose dates show both, or
 * neither, takes `fallback` (the setting); there the dates that contradict it are not
 * used — their blocks are dated at the import, with a problem line each. Ambiguous dates
 * were staged day-first with their month-first reading beside them. Returns the order
 * used, as the report says it.
 */
export function settleDateOrders(db: Db, proved: ProvedOrders, fallback: DateOrder, problems: ProblemsFile): string {
  const used = new Set<DateOrder>();
  const monthFirst = db.prepare('UPDATE temp.staging SET at = at_alt WHERE date_kind = 3 AND file = ?');
  // A date that proved an order keeps its cell in at_alt, for this problem line.
  const contradicting = db.prepare<[number, number], { line: number; raw: string }>('SELECT line, at_alt AS raw FROM temp.staging WHERE file = ? AND date_kind = ? ORDER BY seq');
  const undate = db.prepare('UPDATE temp.staging SET at = NULL WHERE file = ? AND date_kind = ?');
  for (const [file, { dmy, mdy }] of proved) {
    const order: DateOrder = dmy > 0 && mdy === 0 ? 'dmy' : mdy > 0 && dmy === 0 ? 'mdy' : fallback;
    used.add(order);
    if (order === 'mdy') monthFirst.run(file);
    if (dmy > 0 && mdy > 0) {
      const against = order === 'mdy' ? DMY : MDY;
      for (const row of contradicting.iterate(file, against)) {
        problems.add(file, row.line, {
          column: 'blocked_at',
          value: String(row.raw),
          kind: 'date_order_contradiction',
          message: `the file's dates are read ${ORDER_WORDS[order]}, and this one is written ${ORDER_WORDS[against === DMY ? 'dmy' : 'mdy']}: blocked as of the import`,
          action: 'dated at import',
        });
      }
      undate.run(file, against);
    }
  }
  if (used.size === 0) {
    // No table proved an order: ambiguous dates were read in the fallback's.
    if (fallback === 'mdy') db.prepare('UPDATE temp.staging SET at = at_alt WHERE date_kind = 3').run();
    return fallback;
  }
  // Tables that proved nothing still hold ambiguous dates staged day-first.
  if (fallback === 'mdy') {
    const settled = [...proved.keys()];
    db.prepare(`UPDATE temp.staging SET at = at_alt WHERE date_kind = 3 AND file NOT IN (${settled.map(() => '?').join(',')})`).run(...settled);
    used.add(fallback);
  }
  return [...used].join(', ');
}

const ORDER_WORDS: Record<DateOrder, string> = { dmy: 'day first', mdy: 'month first', ymd: 'year first' };
