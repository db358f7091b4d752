import { describe, expect, it } from 'vitest';
import { measureStoreQueries } from '../../../bench/storeQueries';
import { readCounts, recountFromTables, repairCounters } from '../../../src/store/counters';
import { T0, tempDb } from './tempStore';

describe('measureStoreQueries', () => {
  // Only that it runs and measures: how fast the queries are is the benchmark's to say (npm run bench).
  it('runs on a populated list (one changed_at shared by thousands, as after an import) and reports times', () => {
    const db = tempDb();
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
       INSERT INTO contacts(customer_id, email, email_key, mobile, created_at, changed_at, email_status, email_category, email_source, email_at, email_actor)
       SELECT CASE WHEN i % 5 <> 0 THEN 'CID' || i END,
              CASE WHEN i % 5 <> 0 THEN 'User.' || i || '@Example.com' END,
              CASE WHEN i % 5 <> 0 THEN 'user.' || i || '@example.com' END,
              CASE WHEN i % 5 = 0 OR i % 2 = 0 THEN '+91' || (9000000000 + i) END,
              :t, :t + CASE WHEN i < 15000 THEN 0 ELSE i END,
              1, 'manual', 'import:bench', :t, 'bench'
       FROM n`,
    ).run({ t: T0 });
    repairCounters(db);
    expect(readCounts(db)).toEqual(recountFromTables(db));
    const times = measureStoreQueries(db);
    for (const value of Object.values(times)) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
  });
});
