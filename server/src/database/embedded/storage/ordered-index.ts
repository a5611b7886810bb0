/**
 * One index of a collection (the `_id_` index included): a B-tree of `[key values…, recordId]` tuples.
 * Instances are copy-on-write snapshots: once a collection version is published nobody mutates its
 * indexes; writers `clone()` (O(1): the B-tree shares its nodes until one side changes them).
 */
import BTree from 'sorted-btree';
import type { Document, IndexSpec } from '../contracts';
import { type Collation, parseCollation } from '../query/collation';
import { compileFilter, type CompiledFilter } from '../query/filter';
import { indexKeys } from '../query/paths';
import { toJsNumber } from '../query/values';
import { collatedKeyValues, compareIds, type IndexKey, keyComparator, type KeyComparator, LOW } from './key-order';

interface IndexDefinition {
  spec: IndexSpec;
  fields: string[];
  /** First path component of each field: a document whose values there are unchanged keeps its keys. */
  topFields: string[];
  directions: number[];
  compare: KeyComparator;
  /** The index's collation (undefined: simple); its keys are ordered and unique under it. */
  collation: Collation | undefined;
  /** Key value equality under that collation. */
  same: (a: unknown, b: unknown) => boolean;
  partial: CompiledFilter | null;
}

export class OrderedIndex {
  private constructor(
    private readonly definition: IndexDefinition,
    readonly tree: BTree<IndexKey, undefined>,
    /** Some document produced several keys (arrays): bounds of one field cannot be intersected, nor order used for sorts. */
    public multikey: boolean,
  ) {}

  static create(spec: IndexSpec): OrderedIndex {
    const fields = Object.keys(spec.key);
    const directions = fields.map((f) => (toJsNumber(spec.key[f]) < 0 ? -1 : 1));
    const collation = parseCollation(spec.collation);
    const compare = keyComparator(directions, collation ? collatedKeyValues(collation.compare) : undefined);
    const definition: IndexDefinition = {
      collation,
      same: collation ? (a, b) => collation.compare(a, b) === 0 : (a, b) => compareIds(a, b) === 0,
      spec,
      fields,
      topFields: fields.map((f) => f.split('.')[0]),
      directions,
      compare,
      partial: spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression, { restricted: true }) : null,
    };
    return new OrderedIndex(definition, new BTree<IndexKey, undefined>(undefined, compare), false);
  }

  clone(): OrderedIndex {
    return new OrderedIndex(this.definition, this.tree.clone(), this.multikey);
  }

  /** The same index with a changed spec (collMod), sharing the entries. */
  withSpec(spec: IndexSpec): OrderedIndex {
    return new OrderedIndex({ ...this.definition, spec }, this.tree.clone(), this.multikey);
  }

  get spec(): IndexSpec {
    return this.definition.spec;
  }
  get name(): string {
    return this.definition.spec.name;
  }
  get fields(): readonly string[] {
    return this.definition.fields;
  }
  get directions(): readonly number[] {
    return this.definition.directions;
  }
  get compare(): KeyComparator {
    return this.definition.compare;
  }
  get collation(): Collation | undefined {
    return this.definition.collation;
  }
  get unique(): boolean {
    return this.definition.spec.unique === true;
  }
  get sparse(): boolean {
    return this.definition.spec.sparse === true;
  }
  get partialFilter(): Document | undefined {
    return this.definition.spec.partialFilterExpression;
  }
  get hidden(): boolean {
    return this.definition.spec.hidden === true;
  }

  /** The key value tuples `doc` puts into this index (none when sparse/partial exclude it). */
  keysOf(doc: Document): unknown[][] {
    const { partial, spec } = this.definition;
    if (partial && !partial.matches(doc)) return [];
    return indexKeys(doc, spec.key, { sparse: this.sparse }) ?? [];
  }

  /** True when `after` certainly has the same keys as `before` (its indexed top-level values are the same objects). */
  keysUnchanged(before: Document, after: Document): boolean {
    if (this.definition.partial) return false;
    for (const f of this.definition.topFields) if (before[f] !== after[f]) return false;
    return true;
  }

  /** The record of another document holding `values`, if any (unique checks). */
  holderOf(values: unknown[], except: number): number | undefined {
    const probe = [...values, LOW];
    const { same } = this.definition;
    for (const [key] of this.tree.entries(probe)) {
      for (let i = 0; i < values.length; i++) if (!same(key[i], values[i])) return undefined;
      const rid = key[values.length] as number;
      if (rid !== except) return rid;
    }
    return undefined;
  }

  /** The record id of the `_id_` entry for `id` (this index must be `_id_`). */
  recordOf(id: unknown): number | undefined {
    const pair = this.tree.getPairOrNextHigher([id, LOW]);
    return pair && compareIds(pair[0][0], id) === 0 ? (pair[0][1] as number) : undefined;
  }

  add(values: unknown[][], rid: number): void {
    if (values.length > 1) this.multikey = true;
    for (const v of values) this.tree.set([...v, rid], undefined);
  }

  remove(values: unknown[][], rid: number): void {
    for (const v of values) this.tree.delete([...v, rid]);
  }
}
