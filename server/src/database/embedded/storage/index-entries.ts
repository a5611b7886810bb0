/**
 * Index entries as LMDB keys (stage 2 of LMDB storage, see docs/engine-storage.md): one LMDB entry per
 * in-memory index entry `[v1, …, vn, recordId]`, so that a restart loads the indexes from their entries
 * instead of decoding every document and deriving its keys again.
 *
 * Key: the collection's UUID (16 bytes) + the index id (4 bytes, big-endian; `_id_` is 0, the others get
 * ids from the catalog record's counter) + each key value's order-preserving encoding (`encodeKey`, its
 * bytes inverted for a descending field) + the record id (8 bytes). One collection's entries are one key
 * range, one index's a sub-range, in the index's order for indexes without a collation (a collated index's
 * strings are encoded as they are, not as collation sort keys: its range is complete but in binary order).
 * Keys longer than LMDB allows are cut and ended by a SHA-256 of the whole key, as `_id` keys are.
 *
 * Value: the exact key values as BSON (`{ "0": v1, … }`, a missing position being `undefined`, which the
 * encoding keeps apart from null), so the loaded tuples are the values the engine derived, with their
 * BSON types, even where the key bytes cannot be decoded (cut keys, numbers of equal value).
 */
import { createHash } from 'node:crypto';
import { BSON, Double } from 'bson';
import type { Document } from '../contracts';
import { serializeDocument } from '../persistence/records';
import { canonicalize } from '../query/values';
import { encodeKey } from './key-encoding';

export const INDEX_ID_BYTES = 4;
const RECORD_ID_BYTES = 8;
/** LMDB's key limit (lmdb-js builds it with 1978 bytes). */
const MAX_KEY_BYTES = 1978;
/** The `_id_` index's id; the others are numbered from 1 per collection. */
export const ID_INDEX_ID = 0;

/** The prefix of one index's entries: collection prefix (16 bytes) + index id. */
export function indexPrefix(collection: Buffer, indexId: number): Buffer {
  const prefix = Buffer.allocUnsafe(collection.length + INDEX_ID_BYTES);
  collection.copy(prefix, 0);
  prefix.writeUInt32BE(indexId, collection.length);
  return prefix;
}

/** The LMDB key of the entry `[...values, recordId]` under `prefix` (see the file comment). */
export function indexEntryKey(
  prefix: Buffer,
  values: readonly unknown[],
  directions: readonly number[],
  recordId: number,
): Buffer {
  const parts: Buffer[] = [prefix];
  values.forEach((value, i) => {
    const encoded = encodeKey(value);
    if (directions[i] < 0) for (let b = 0; b < encoded.length; b++) encoded[b] ^= 0xff;
    parts.push(encoded);
  });
  let body = Buffer.concat(parts);
  const room = MAX_KEY_BYTES - RECORD_ID_BYTES;
  if (body.length > room) {
    const digest = createHash('sha256').update(body).digest();
    body = Buffer.concat([body.subarray(0, room - digest.length), digest]);
  }
  const key = Buffer.allocUnsafe(body.length + RECORD_ID_BYTES);
  body.copy(key, 0);
  // Record ids are positive integers: their big-endian doubles order as they do.
  key.writeDoubleBE(recordId, body.length);
  return key;
}

/** The record id at the end of an entry key. */
export function entryRecordId(key: Buffer): number {
  return key.readDoubleBE(key.length - RECORD_ID_BYTES);
}

/**
 * An entry's value: its key values as BSON, and for an `_id_` entry (`size` given) the document's BSON size,
 * so that start-up finds each document's key, record id and size in the `_id_` entries alone. Throws
 * RecordEncodingError for a value BSON cannot hold.
 */
export function encodeEntryValues(values: readonly unknown[], size?: number): Buffer {
  const doc: Document = {};
  values.forEach((value, i) => {
    if (value !== undefined) doc[i] = value;
  });
  if (size !== undefined) doc.s = size;
  return serializeDocument(doc);
}

/** The document key (collection prefix + `encodeKey(_id)`) of an `_id_` entry's key, as a latin1 string. */
export function entryDocumentKey(key: Buffer): string {
  // An `_id_` entry key is never cut: encodeKey keeps an _id within 1,900 bytes, 28 fewer than the limit.
  const out = Buffer.allocUnsafe(key.length - INDEX_ID_BYTES - RECORD_ID_BYTES);
  key.copy(out, 0, 0, 16);
  key.copy(out, 16, 16 + INDEX_ID_BYTES, key.length - RECORD_ID_BYTES);
  // One flat string (a concatenation would keep a rope of two per document).
  return out.toString('latin1');
}

/**
 * The key values of a stored entry, `length` of them and a free slot after them, and the document size of an
 * `_id_` entry. `computed` lists the positions the engine derives as
 * JS numbers (geo cells, text terms' scores, hashes): BSON gives an integral double back as a Double, the
 * engine's own keys there are plain numbers.
 */
export function decodeEntry(
  bytes: Uint8Array,
  length: number,
  computed: readonly number[],
): { values: unknown[]; size: number | undefined } {
  const doc = BSON.deserialize(bytes, { promoteValues: false }) as Document;
  // One slot more: the caller puts the record id there (the in-memory entry is `[...values, recordId]`).
  const values = new Array<unknown>(length + 1);
  for (let i = 0; i < length; i++) values[i] = canonicalize(doc[i]);
  for (const i of computed) if (values[i] instanceof Double) values[i] = (values[i] as Double).value;
  const size = canonicalize(doc.s);
  return { values, size: typeof size === 'number' ? size : undefined };
}
