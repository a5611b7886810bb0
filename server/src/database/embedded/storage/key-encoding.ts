/**
 * Order-preserving bytes for a value (the LMDB key of a document is its collection's prefix followed by
 * `encodeKey(_id)`): two values compare with `compareIds` as their encodings compare byte by byte, and
 * values `compareIds` calls equal (int32 1, long 1, double 1.0, decimal 1.0) get the same bytes, so the
 * `_id` that identifies a document in memory identifies its key on disk.
 *
 * Layout, KeyString-like: a type byte (mongod's canonical type bracket + 2, so MinKey 0x01 … MaxKey 0x81)
 * then the value's body:
 *  - numbers: 0x00 for NaN (below every number), else 0x01, the value rounded to a double (8 bytes, sign
 *    flipped so that bytes order as numbers) and a tail: 0x80 when that double is the exact value, else for
 *    a long the signed difference to it (8 bytes, biased), for a decimal 0x81 and its string (decimals that
 *    round to the same double are ordered by that string, not by value: the one place order is approximate);
 *  - strings and symbols: UTF-8 (code point order, mongod's binary order) with 0x00 escaped as 0x00 0xFF and
 *    ended by 0x00 0x00;
 *  - objects: each field as type byte, name (as a string), body; then 0x00 (mongod compares an element's
 *    type, then its name, then its value); arrays: each element as type byte and body, then 0x00;
 *  - binData: length (4 bytes), subtype, bytes; ObjectId: its 12 bytes; bool: 0 / 1; Date: milliseconds
 *    biased (8 bytes); Timestamp: t then i (4 bytes each); regex: pattern then flags as strings.
 * Keys longer than LMDB allows are cut and ended by a SHA-256 of the whole encoding (order among such
 * long keys is then by their first bytes only).
 */
import { createHash } from 'node:crypto';
import { BSON } from 'bson';
import { compareNumbers, typeBracket } from '../query/values';

/** LMDB's key limit (lmdb-js builds it with 1978 bytes), less room for the collection prefix. */
const MAX_ENCODED_BYTES = 1900;

class KeyWriter {
  private buffer = Buffer.allocUnsafe(64);
  private length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + extra));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buffer[this.length++] = b;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  uint32(n: number): void {
    this.ensure(4);
    this.buffer.writeUInt32BE(n >>> 0, this.length);
    this.length += 4;
  }

  /** A double whose bytes order as the numbers do (-0 as 0). */
  double(n: number): void {
    this.ensure(8);
    this.buffer.writeDoubleBE(n === 0 ? 0 : n, this.length);
    if (this.buffer[this.length] & 0x80) {
      for (let i = 0; i < 8; i++) this.buffer[this.length + i] ^= 0xff;
    } else {
      this.buffer[this.length] |= 0x80;
    }
    this.length += 8;
  }

  /** A signed 64-bit integer, biased so that bytes order as the numbers do. */
  int64(n: bigint): void {
    this.ensure(8);
    this.buffer.writeBigUInt64BE(BigInt.asUintN(64, n + (1n << 63n)), this.length);
    this.length += 8;
  }

  string(s: string): void {
    const utf8 = Buffer.from(s, 'utf8');
    let start = 0;
    for (let i = 0; i < utf8.length; i++) {
      if (utf8[i] !== 0) continue;
      this.bytes(utf8.subarray(start, i + 1));
      this.byte(0xff);
      start = i + 1;
    }
    this.bytes(utf8.subarray(start));
    this.byte(0);
    this.byte(0);
  }

  result(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

function tagOf(bsontype: unknown): string | undefined {
  return typeof bsontype === 'string' ? bsontype : undefined;
}

function typeByte(value: unknown): number {
  return typeBracket(value) + 2;
}

function writeNumber(out: KeyWriter, value: unknown): void {
  const tag = typeof value === 'number' ? 'number' : tagOf((value as { _bsontype?: unknown })._bsontype);
  let approx: number;
  if (tag === 'number') approx = value as number;
  else if (tag === 'Int32' || tag === 'Double') approx = (value as { value: number }).value;
  else if (tag === 'Long') approx = Number((value as { toBigInt(): bigint }).toBigInt());
  else approx = Number(String(value));
  if (Number.isNaN(approx)) {
    out.byte(0);
    return;
  }
  out.byte(1);
  out.double(approx);
  if (tag === 'Long') {
    const exact = (value as { toBigInt(): bigint }).toBigInt();
    const delta = Number.isFinite(approx) ? exact - BigInt(approx) : 0n;
    if (delta === 0n) out.byte(0x80);
    else {
      out.byte(delta < 0n ? 0x7f : 0x82);
      out.int64(delta);
    }
    return;
  }
  if (tag === 'Decimal128' && compareNumbers(value, approx) !== 0) {
    out.byte(0x81);
    out.string(String(value));
    return;
  }
  out.byte(0x80);
}

function writeBody(out: KeyWriter, value: unknown): void {
  const bracket = typeBracket(value);
  switch (bracket) {
    case -1:
    case 0:
    case 5:
    case 127:
      return;
    case 10:
      writeNumber(out, value);
      return;
    case 15:
      out.string(typeof value === 'string' ? value : String((value as { value: unknown }).value));
      return;
    case 25:
      for (const element of value as unknown[]) {
        out.byte(typeByte(element));
        writeBody(out, element);
      }
      out.byte(0);
      return;
    case 40:
      out.byte(value ? 1 : 0);
      return;
    case 45:
      out.int64(BigInt((value as Date).getTime()));
      return;
  }
  const tag = tagOf((value as { _bsontype?: unknown })?._bsontype);
  if (bracket === 20 && tag === undefined) {
    for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
      if (field === undefined) continue;
      out.byte(typeByte(field));
      out.string(name);
      writeBody(out, field);
    }
    out.byte(0);
    return;
  }
  if (tag === 'ObjectId') {
    out.bytes((value as { id: Uint8Array }).id);
    return;
  }
  if (tag === 'Binary') {
    const binary = value as { buffer: Uint8Array; position?: number; sub_type: number };
    const data = binary.buffer.subarray(0, binary.position ?? binary.buffer.length);
    out.uint32(data.length);
    out.byte(binary.sub_type);
    out.bytes(data);
    return;
  }
  if (tag === 'Timestamp') {
    const ts = value as { t: number; i: number };
    out.uint32(ts.t);
    out.uint32(ts.i);
    return;
  }
  if (value instanceof RegExp) {
    out.string(value.source);
    out.string(value.flags);
    return;
  }
  if (tag === 'BSONRegExp') {
    const regex = value as { pattern: string; options: string };
    out.string(regex.pattern);
    out.string(regex.options);
    return;
  }
  // Anything else (code, DBRef, …): its BSON, which at least identifies it.
  out.bytes(BSON.serialize({ v: value }));
}

/** The order-preserving bytes of `value` (see the file comment). */
export function encodeKey(value: unknown): Buffer {
  const out = new KeyWriter();
  out.byte(typeByte(value));
  writeBody(out, value);
  const encoded = out.result();
  if (encoded.length <= MAX_ENCODED_BYTES) return encoded;
  const digest = createHash('sha256').update(encoded).digest();
  return Buffer.concat([encoded.subarray(0, MAX_ENCODED_BYTES - digest.length), digest]);
}
