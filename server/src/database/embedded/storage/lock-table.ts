/**
 * Document locks of open multi-document transactions: namespace → `_id` → owner. A lock is never waited
 * for: taking one that another transaction holds is a WriteConflict on the spot.
 */
import BTree from 'sorted-btree';
import { writeConflict } from '../errors';
import { compareIds } from './key-order';
import type { Transaction } from './transaction';

export class LockTable {
  private readonly byNamespace = new Map<string, BTree<unknown, Transaction>>();
  private readonly held = new Map<Transaction, Array<{ ns: string; id: unknown }>>();

  /** True when newly taken, false when `txn` already held it. */
  acquire(txn: Transaction, ns: string, id: unknown): boolean {
    let locks = this.byNamespace.get(ns);
    if (!locks) {
      locks = new BTree<unknown, Transaction>(undefined, compareIds);
      this.byNamespace.set(ns, locks);
    }
    const owner = locks.get(id);
    if (owner === txn) return false;
    if (owner) throw writeConflict();
    locks.set(id, txn);
    let list = this.held.get(txn);
    if (!list) {
      list = [];
      this.held.set(txn, list);
    }
    list.push({ ns, id });
    return true;
  }

  ownerOf(ns: string, id: unknown): Transaction | undefined {
    return this.byNamespace.get(ns)?.get(id);
  }

  releaseAll(txn: Transaction): void {
    const list = this.held.get(txn);
    if (!list) return;
    this.held.delete(txn);
    for (const { ns, id } of list) {
      const locks = this.byNamespace.get(ns);
      if (locks?.get(id) !== txn) continue;
      locks.delete(id);
      if (locks.size === 0) this.byNamespace.delete(ns);
    }
  }
}
