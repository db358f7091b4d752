import type { Db } from './database';

/**
 * Prepares a module's statements once per connection. The cache is keyed by the
 * connection itself (a WeakMap), so a closed and dropped connection takes its statements
 * with it and a worker's connection never sees the main thread's.
 */
export function statementsFor<T>(prepare: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (statements === undefined) {
      statements = prepare(db);
      cache.set(db, statements);
    }
    return statements;
  };
}
