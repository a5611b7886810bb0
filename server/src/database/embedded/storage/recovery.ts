/**
 * Both directions between the in-memory catalog and ChangeOps for persistence:
 *  - `applyRecoveredBatch`: replays a snapshot or journal batch. Idempotent (a put is the whole document,
 *    creating what exists or dropping what is gone changes nothing), and journals nothing.
 *  - `stateAsChanges`: a point-in-time state as catalog ops followed by puts, for checkpoints.
 */
import { UUID } from 'bson';
import type { ChangeOp } from '../contracts';
import type { Catalog } from './catalog';
import { CollectionState } from './collection-state';
import { withCollMod, withIndexes } from './collection-changes';

/** Version of recovered documents: older than any commit of this process, so they never conflict. */
const RECOVERED_VERSION = 0;

export function applyRecoveredBatch(catalog: Catalog, batch: ChangeOp[]): void {
  // Puts and deletes go to working clones (one per collection per batch, not one per document).
  const working = new Map<string, CollectionState>();
  const publish = () => {
    for (const state of working.values()) catalog.set(state);
    working.clear();
  };
  const writable = (db: string, coll: string): CollectionState => {
    const ns = `${db}.${coll}`;
    let state = working.get(ns);
    if (!state) {
      state = catalog.get(db, coll)?.clone() ?? CollectionState.create(db, coll, new UUID(), {});
      working.set(ns, state);
    }
    return state;
  };
  for (const op of batch) {
    if (op.op === 'put') {
      // No size limit: what the journal holds must load, even a document an older version let grow too large.
      writable(op.db, op.coll).put(op.doc, RECOVERED_VERSION);
      continue;
    }
    if (op.op === 'del') {
      writable(op.db, op.coll).remove(op.id);
      continue;
    }
    publish();
    applyCatalogChange(catalog, op);
  }
  publish();
}

function applyCatalogChange(catalog: Catalog, op: Exclude<ChangeOp, { op: 'put' | 'del' }>): void {
  switch (op.op) {
    case 'createCollection':
      if (!catalog.get(op.db, op.coll)) catalog.set(CollectionState.create(op.db, op.coll, new UUID(), op.options));
      return;
    case 'dropCollection':
      catalog.delete(op.db, op.coll);
      return;
    case 'dropDatabase':
      catalog.dropDatabase(op.db);
      return;
    case 'createIndex': {
      const state = catalog.get(op.db, op.coll) ?? CollectionState.create(op.db, op.coll, new UUID(), {});
      if (!state.findIndex(op.spec.name)) catalog.set(withIndexes(state, [op.spec]));
      else catalog.set(state);
      return;
    }
    case 'dropIndex': {
      const state = catalog.get(op.db, op.coll);
      if (state?.findIndex(op.name)) catalog.set(state.withoutIndex(op.name));
      return;
    }
    case 'collMod': {
      const state = catalog.get(op.db, op.coll);
      if (state) catalog.set(withCollMod(state, op.options).state);
      return;
    }
  }
}

export function* stateAsChanges(catalog: Catalog): Generator<ChangeOp> {
  const collections = catalog.all();
  for (const state of collections) {
    const { db, name: coll } = state;
    yield { op: 'createCollection', db, coll, options: state.options };
    for (const index of state.indexes.slice(1)) yield { op: 'createIndex', db, coll, spec: index.spec };
  }
  for (const state of collections) {
    for (const entry of state.records.values()) yield { op: 'put', db: state.db, coll: state.name, doc: entry.doc };
  }
}
