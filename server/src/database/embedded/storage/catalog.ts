/**
 * Databases → collections, each a published `CollectionState` version. A transaction's snapshot is a
 * `copy()` of the maps (O(number of collections)): the versions themselves are immutable.
 */
import { type CollectionState } from './collection-state';

export class Catalog {
  private readonly dbs = new Map<string, Map<string, CollectionState>>();

  get(db: string, coll: string): CollectionState | undefined {
    return this.dbs.get(db)?.get(coll);
  }

  set(state: CollectionState): void {
    let colls = this.dbs.get(state.db);
    if (!colls) {
      colls = new Map();
      this.dbs.set(state.db, colls);
    }
    colls.set(state.name, state);
  }

  delete(db: string, coll: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.delete(coll)) return false;
    if (colls.size === 0) this.dbs.delete(db);
    return true;
  }

  dropDatabase(db: string): boolean {
    return this.dbs.delete(db);
  }

  hasDatabase(db: string): boolean {
    return this.dbs.has(db);
  }

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): CollectionState[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  all(): CollectionState[] {
    const out: CollectionState[] = [];
    for (const colls of this.dbs.values()) out.push(...colls.values());
    return out;
  }

  copy(): Catalog {
    const copy = new Catalog();
    for (const [db, colls] of this.dbs) copy.dbs.set(db, new Map(colls));
    return copy;
  }
}
