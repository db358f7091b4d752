import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src/store/database';
import { repairCounters } from '../src/store/counters';

/**
 * A blocklist of `count` contacts for the query and export figures, built in SQL (fast,
 * deterministic) and kept under bench/.data between runs. 80% identified (customer_id and
 * email, half with a mobile), 20% anonymous; every email blocked, half the SMS.
 */
export function buildLargeStore(folder: string, count: number, log: (m: string) => void): void {
  const marker = path.join(folder, `built-${count}`);
  if (fs.existsSync(marker)) return;
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  log(`building a ${count.toLocaleString()}-contact blocklist (once; cached in ${folder})…`);
  const db = openDatabase(path.join(folder, 'blocklist.db'));
  db.pragma('synchronous = OFF');
  const base = Date.parse('2025-01-01T00:00:00Z');
  const step = 1_000_000;
  for (let from = 1; from <= count; from += step) {
    const to = Math.min(count, from + step - 1);
    db.transaction(() => {
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT CAST(:from AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < :to)
         INSERT INTO contacts(id, customer_id, email, email_key, mobile, created_at, changed_at,
           email_status, email_category, email_source, email_at, email_actor,
           sms_status, sms_category, sms_source, sms_at, sms_actor)
         SELECT i,
           CASE WHEN i % 5 <> 0 THEN 'CID' || i END,
           CASE WHEN i % 5 <> 0 THEN 'User.' || i || '@Example.com' END,
           CASE WHEN i % 5 <> 0 THEN 'user.' || i || '@example.com' END,
           CASE WHEN i % 5 = 0 OR i % 2 = 0 THEN '+91' || (9000000000 + i) END,
           :base + i * 100, :base + (i / 3) * 300,
           CASE WHEN i % 5 <> 0 THEN 1 ELSE 0 END, CASE WHEN i % 5 <> 0 THEN 'manual' END, CASE WHEN i % 5 <> 0 THEN 'import:bench' END,
           CASE WHEN i % 5 <> 0 THEN :base + i * 100 END, CASE WHEN i % 5 <> 0 THEN 'bench' END,
           CASE WHEN (i % 5 = 0 OR i % 2 = 0) AND i % 3 <> 0 THEN 1 ELSE 0 END, CASE WHEN (i % 5 = 0 OR i % 2 = 0) AND i % 3 <> 0 THEN 'opt_out' END,
           CASE WHEN (i % 5 = 0 OR i % 2 = 0) AND i % 3 <> 0 THEN 'import:bench' END,
           CASE WHEN (i % 5 = 0 OR i % 2 = 0) AND i % 3 <> 0 THEN :base + i * 100 END, CASE WHEN (i % 5 = 0 OR i % 2 = 0) AND i % 3 <> 0 THEN 'bench' END
         FROM n`,
      ).run({ from, to, base });
    })();
    log(`  ${to.toLocaleString()} contacts`);
  }
  repairCounters(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  fs.writeFileSync(marker, new Date().toISOString());
}
