/**
 * Turning a transaction's writes into new published collection versions and the journal batch.
 *
 * A multi-document transaction is replayed onto the LATEST committed versions (others may have committed
 * other documents, built or dropped indexes since its snapshot): every written document must still be at
 * the version the snapshot saw, and unique indexes are checked against the latest state. The replay first
 * takes out every document the transaction touched and then puts the final ones back (at their record ids),
 * so a swap of unique values between two documents never collides with itself.
 */
import type { ChangeOp, Document } from '../contracts';
import { writeConflict } from '../errors';
import type { Catalog } from './catalog';
import { CollectionState } from './collection-state';
import type { Transaction, WriteSet } from './transaction';

export interface CommitResult {
  states: CollectionState[];
  batch: ChangeOp[];
}

function replayWriteSet(
  latest: CollectionState | undefined,
  txn: Transaction,
  ns: string,
  set: WriteSet,
  version: number,
  batch: ChangeOp[],
): CollectionState {
  const { db, coll } = set;
  let target: CollectionState;
  if (latest) {
    target = latest.clone();
  } else {
    // Dropped after the snapshot: the drop doomed the transaction, so only its own creation gets here.
    if (!txn.created.has(ns)) throw writeConflict();
    target = CollectionState.create(db, coll, txn.working.get(ns)?.uuid, {});
    batch.push({ op: 'createCollection', db, coll, options: {} });
  }
  const seen = txn.snapshot.get(db, coll);
  const puts: Array<{ doc: Document; rid: number | undefined }> = [];
  for (const [id, doc] of set.docs.entries()) {
    if (seen?.entryOf(id)?.version !== latest?.entryOf(id)?.version) throw writeConflict();
    const rid = target.recordOf(id);
    if (rid !== undefined) target.remove(id);
    if (doc) puts.push({ doc, rid });
    else if (rid !== undefined) batch.push({ op: 'del', db, coll, id });
  }
  const conflictIfNewer = (holder: { version: number }) => {
    // A key committed after the snapshot: the transaction could not see it, so mongod reports a conflict.
    if (holder.version > txn.snapshotVersion) throw writeConflict();
  };
  for (const { doc, rid } of puts) {
    target.put(doc, version, { onDuplicate: conflictIfNewer, recordId: rid });
    batch.push({ op: 'put', db, coll, doc });
  }
  return target;
}

export function replayTransaction(committed: Catalog, txn: Transaction, version: number): CommitResult {
  const states: CollectionState[] = [];
  const batch: ChangeOp[] = [];
  for (const [ns, set] of txn.writes) {
    states.push(replayWriteSet(committed.get(set.db, set.coll), txn, ns, set, version, batch));
  }
  return { states, batch };
}

/** An autocommit unit ran on the latest state: its working copies are the new versions as they are. */
export function autocommitResult(txn: Transaction): CommitResult {
  const states: CollectionState[] = [];
  const batch: ChangeOp[] = [];
  for (const [ns, set] of txn.writes) {
    const { db, coll } = set;
    if (txn.created.has(ns)) batch.push({ op: 'createCollection', db, coll, options: {} });
    states.push(txn.working.get(ns) as CollectionState);
    for (const [id, doc] of set.docs.entries()) batch.push(doc ? { op: 'put', db, coll, doc } : { op: 'del', db, coll, id });
  }
  return { states, batch };
}
