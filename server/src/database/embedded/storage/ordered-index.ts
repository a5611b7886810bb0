/**
 * One index of a collection (the `_id_` index included): a B-tree of `[key values…, recordId]` tuples.
 * Instances are copy-on-write snapshots: once a collection version is published nobody mutates its
 * indexes; writers `clone()` (O(1): the B-tree shares its nodes until one side changes them).
 */
import BTree from 'sorted-btree';
import type { Document, IndexSpec } from '../contracts';
import { type Collation, parseCollation } from '../query/collation';
import { compileFilter, type CompiledFilter } from '../query/filter';
import { flatDomain, flatIndexKeys, type GeoIndexType, sphereIndexKeys } from '../query/geo';
import { type Domain, SPHERE_DOMAIN } from '../query/geo/cells';
import { getPath, indexKeys, splitPath, visitQueryPath } from '../query/paths';
import { documentTermScores, textIndexSpec, type TextIndexSpec } from '../query/text';
import { MongoCommandError } from '../errors';
import { hashedValue } from './hashed';
import { isDocument, toJsNumber } from '../query/values';
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
  /** The 2dsphere / 2d fields (their keys are cell ids, see query/geo/cells.ts); empty for other indexes. */
  geo: GeoField[];
  /** A text index: its weights and languages; the key holds `_fts` (the term) and `_ftsx` (its score). */
  text: TextIndexSpec | undefined;
  /** The position of the hashed field (its key is a hash of the value), or -1. */
  hashed: number;
}

export interface GeoField {
  path: string;
  parts: string[];
  /** Position in the key pattern. */
  position: number;
  type: GeoIndexType;
  /** The 2d index's coordinate domain (2dsphere: longitude × latitude). */
  domain: Domain;
}

function geoFields(spec: IndexSpec): GeoField[] {
  const out: GeoField[] = [];
  Object.entries(spec.key).forEach(([path, direction], position) => {
    if (direction === '2dsphere' || direction === '2d') {
      out.push({
        path,
        parts: splitPath(path),
        position,
        type: direction,
        domain: direction === '2d' ? flatDomain(spec) : SPHERE_DOMAIN,
      });
    }
  });
  return out;
}

/** Every value a geo field's path reaches (arrays on the way traversed, the leaf value whole). */
export function geoValues(doc: Document, parts: string[]): unknown[] {
  const values: unknown[] = [];
  visitQueryPath(
    doc,
    parts,
    (value) => {
      if (value !== undefined) values.push(value);
      return false;
    },
    false,
  );
  return values;
}

export class OrderedIndex {
  private constructor(
    private readonly definition: IndexDefinition,
    readonly tree: BTree<IndexKey, undefined>,
    /** Some document produced several keys (arrays): bounds of one field cannot be intersected, nor order used for sorts. */
    public multikey: boolean,
    /**
     * Some geometry was keyed by a cell coarser than a leaf (a line or polygon): queries must then also
     * look up the ancestors of their cells. An index of points only never needs those lookups.
     */
    public geoCoarse = false,
  ) {}

  static create(spec: IndexSpec): OrderedIndex {
    const fields = Object.keys(spec.key);
    const directions = fields.map((f) => (typeof spec.key[f] !== 'string' && toJsNumber(spec.key[f]) < 0 ? -1 : 1));
    const collation = parseCollation(spec.collation);
    const compare = keyComparator(directions, collation ? collatedKeyValues(collation.compare) : undefined);
    const text = spec.key._fts === 'text' ? textIndexSpec(spec) : undefined;
    const definition: IndexDefinition = {
      text,
      hashed: fields.findIndex((f) => spec.key[f] === 'hashed'),
      collation,
      same: collation ? (a, b) => collation.compare(a, b) === 0 : (a, b) => compareIds(a, b) === 0,
      spec,
      fields,
      topFields: text
        ? [...fields.filter((f) => f !== '_fts' && f !== '_ftsx'), ...text.weights.keys(), text.languageOverride].map(
            (f) => f.split('.')[0],
          )
        : fields.map((f) => f.split('.')[0]),
      directions,
      compare,
      partial: spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression, { restricted: true }) : null,
      geo: geoFields(spec),
    };
    return new OrderedIndex(definition, new BTree<IndexKey, undefined>(undefined, compare), false);
  }

  clone(): OrderedIndex {
    return new OrderedIndex(this.definition, this.tree.clone(), this.multikey, this.geoCoarse);
  }

  /** The same index with a changed spec (collMod), sharing the entries. */
  withSpec(spec: IndexSpec): OrderedIndex {
    return new OrderedIndex({ ...this.definition, spec }, this.tree.clone(), this.multikey, this.geoCoarse);
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
  /** The index's 2dsphere / 2d fields (empty for an ordinary index). */
  get geo(): readonly GeoField[] {
    return this.definition.geo;
  }
  /** The text index's spec (undefined for other indexes). */
  get text(): TextIndexSpec | undefined {
    return this.definition.text;
  }
  /** Position of the hashed field in the key, -1 when none. */
  get hashed(): number {
    return this.definition.hashed;
  }

  /** The key value tuples `doc` puts into this index (none when sparse/partial exclude it). */
  keysOf(doc: Document): unknown[][] {
    const { partial, spec, geo } = this.definition;
    if (partial && !partial.matches(doc)) return [];
    if (geo.length > 0) return this.geoKeysOf(doc);
    if (this.definition.text) return this.textKeysOf(doc, this.definition.text);
    if (this.definition.hashed >= 0) return this.hashedKeysOf(doc);
    return indexKeys(doc, spec.key, { sparse: this.sparse }) ?? [];
  }

  /**
   * A text index's keys: one per term of the document, `[…prefix, term, score, …suffix]` with mongod's
   * per-term score; a document without any term is not in the index. Prefix fields may not be arrays (16675).
   */
  private textKeysOf(doc: Document, text: TextIndexSpec): unknown[][] {
    const { spec, fields } = this.definition;
    const scores = documentTermScores(doc, text);
    if (scores.size === 0) return [];
    const ftsAt = fields.indexOf('_fts');
    const others = fields.filter((f) => f !== '_fts' && f !== '_ftsx');
    const otherPattern = Object.fromEntries(others.map((f) => [f, spec.key[f]]));
    const otherTuples = others.length > 0 ? (indexKeys(doc, otherPattern) ?? [[]]) : [[]];
    if (otherTuples.length > 1) throw new MongoCommandError(16675, 'cannot have a multi-key as a prefix to a text index');
    const other = otherTuples[0] ?? [];
    const out: unknown[][] = [];
    for (const [term, score] of scores) out.push([...other.slice(0, ftsAt), term, score, ...other.slice(ftsAt)]);
    return out;
  }

  /** A hashed index's keys: the hashed field's value as its hash; arrays are refused (16766). */
  private hashedKeysOf(doc: Document): unknown[][] {
    const { spec, hashed, fields } = this.definition;
    const path = fields[hashed];
    const value = getPath(doc, path);
    if (Array.isArray(value) || pathCrossesArray(doc, path))
      throw new MongoCommandError(
        16766,
        'Error: hashed indexes do not currently support array values. Found array at path: ' + path,
      );
    const plain = Object.fromEntries(fields.map((f, i) => [f, i === hashed ? 1 : spec.key[f]]));
    const tuples = indexKeys(doc, plain, { sparse: this.sparse }) ?? [];
    return tuples.map((t) => t.map((v, i) => (i === hashed ? hashedValue(v) : v)));
  }

  /**
   * A geo index's keys: the cells of each geo field's geometries crossed with the other fields' keys.
   * A document with no geometry in any geo field is not indexed (2dsphere indexes are sparse, version 2
   * on; a 2d index skips it too). Invalid geometries throw mongod's errors (16755 for 2dsphere).
   */
  private geoKeysOf(doc: Document): unknown[][] {
    const { spec, geo, fields } = this.definition;
    const perGeo = geo.map((g) => {
      const cells = new Set<number>();
      for (const value of geoValues(doc, g.parts)) {
        const keys = g.type === '2dsphere' ? sphereIndexKeys(value, doc) : flatIndexKeys(value, doc, g.domain);
        for (const k of keys) cells.add(k);
      }
      return [...cells];
    });
    if (perGeo.every((cells) => cells.length === 0)) return [];
    const others = fields.filter((_, i) => !geo.some((g) => g.position === i));
    const otherPattern = Object.fromEntries(others.map((f) => [f, spec.key[f]]));
    const otherTuples = others.length > 0 ? (indexKeys(doc, otherPattern) ?? [[]]) : [[]];
    let tuples: unknown[][] = [[]];
    for (let i = 0; i < fields.length; i++) {
      const g = geo.find((x) => x.position === i);
      const next: unknown[][] = [];
      if (g) {
        const cells = perGeo[geo.indexOf(g)];
        const values = cells.length > 0 ? cells : [null];
        for (const t of tuples) for (const v of values) next.push([...t, v]);
      } else {
        const k = others.indexOf(fields[i]);
        for (const t of tuples) for (const o of otherTuples) next.push([...t, o[k]]);
      }
      tuples = next;
    }
    // Other fields' values came from the same tuple of otherTuples only when taken together.
    return others.length > 1 ? consistent(tuples, fields, others, otherTuples) : tuples;
  }

  /** True when `after` certainly has the same keys as `before` (its indexed top-level values are the same objects). */
  keysUnchanged(before: Document, after: Document): boolean {
    // A partial index's membership, and a wildcard text index's strings, may depend on any field.
    if (this.definition.partial || this.definition.text?.wildcard !== undefined) return false;
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
    if (!this.geoCoarse) {
      // Leaf cell ids are odd; a coarser cell's id is even (see query/geo/cells.ts).
      for (const g of this.definition.geo) {
        for (const v of values)
          if (typeof v[g.position] === 'number' && (v[g.position] as number) % 2 === 0) this.geoCoarse = true;
      }
    }
    for (const v of values) this.tree.set([...v, rid], undefined);
  }

  remove(values: unknown[][], rid: number): void {
    for (const v of values) this.tree.delete([...v, rid]);
  }

  /**
   * The key positions whose values the engine computes as JS numbers rather than takes from the document
   * (geo cells, a text index's score, a hash): see decodeEntry.
   */
  get computedPositions(): number[] {
    const { geo, text, hashed, fields } = this.definition;
    const out = geo.map((g) => g.position);
    if (text) out.push(fields.indexOf('_ftsx'));
    if (hashed >= 0) out.push(hashed);
    return out;
  }

  /**
   * Start-up from stored index entries (an empty index): the entries `[...values, recordId]` as they were
   * derived when written, without deriving them again. Multikey when some record has several entries, as `add` would have found.
   */
  load(entries: Iterable<unknown[]>): number {
    const seen = new Set<number>();
    const { geo } = this.definition;
    let count = 0;
    for (const key of entries) {
      const rid = key[key.length - 1] as number;
      if (!this.multikey) {
        if (seen.has(rid)) this.multikey = true;
        else seen.add(rid);
      }
      // Leaf cell ids are odd; a coarser cell's id is even (see query/geo/cells.ts).
      for (const g of geo)
        if (typeof key[g.position] === 'number' && (key[g.position] as number) % 2 === 0) this.geoCoarse = true;
      this.tree.set(key, undefined);
      count++;
    }
    return count;
  }
}

/** Keeps the tuples whose non-geo values form one tuple of `otherTuples` (cross products mixed them). */
function consistent(tuples: unknown[][], fields: readonly string[], others: string[], otherTuples: unknown[][]): unknown[][] {
  const positions = others.map((f) => fields.indexOf(f));
  return tuples.filter((t) => otherTuples.some((o) => positions.every((p, k) => t[p] === o[k])));
}

/** Whether an array lies on the way to `path` (a hashed field must hold one value). */
function pathCrossesArray(doc: Document, path: string): boolean {
  let current: unknown = doc;
  for (const part of splitPath(path)) {
    if (Array.isArray(current)) return true;
    if (!isDocument(current)) return false;
    current = current[part];
  }
  return Array.isArray(current);
}
