/**
 * The TTL monitor: periodically deletes documents whose TTL-indexed date (the earliest, for an array of
 * dates) lies more than `expireAfterSeconds` in the past. It finds them through the TTL index itself and
 * deletes them through ordinary autocommit units, so deletions are journaled like any other write.
 */
import type { Document, StorageEngine } from '../contracts';
import { toJsNumber } from '../query/values';
import type { Catalog } from './catalog';

interface Expiry {
  db: string;
  coll: string;
  index: string;
  filter: Document;
}

function expiries(catalog: Catalog, now: Date): Expiry[] {
  const out: Expiry[] = [];
  for (const state of catalog.all()) {
    for (const index of state.indexes) {
      const seconds = index.spec.expireAfterSeconds;
      if (seconds === undefined || index.fields.length !== 1) continue;
      const cutoff = new Date(now.getTime() - toJsNumber(seconds) * 1000);
      const expired: Document = { [index.fields[0]]: { $lt: cutoff } };
      // A partial TTL index only holds documents matching its filter, and the planner must see that.
      const filter = index.partialFilter ? { $and: [index.partialFilter, expired] } : expired;
      out.push({ db: state.db, coll: state.name, index: index.name, filter });
    }
  }
  return out;
}

/**
 * One pass over every TTL index, as one autocommit unit (the TTL indexes are read inside it, so an index
 * dropped meanwhile cannot be hinted); resolves with the number of documents deleted.
 */
export function removeExpired(engine: StorageEngine, catalog: () => Catalog, now: Date): Promise<number> {
  return engine.autocommit((txn) => {
    let removed = 0;
    for (const { db, coll, index, filter } of expiries(catalog(), now)) {
      const ids = [...txn.find(db, coll, filter, { hint: index })].map((doc) => doc._id);
      for (const id of ids) if (txn.remove(db, coll, id)) removed++;
    }
    return removed;
  });
}
