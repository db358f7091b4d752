import type { Db } from './database';

/**
 * The `detail` lines of `EXPLAIN QUERY PLAN` for a statement, bound with the parameters
 * the code would bind. Tests use it to prove the statements the code runs use the
 * intended index.
 */
export function explainQueryPlan(db: Db, sql: string, params: Record<string, unknown> | readonly unknown[] = []): string[] {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (Array.isArray(params) ? statement.all(...params) : statement.all(params)) as { detail: string }[];
  return rows.map((row) => row.detail);
}
