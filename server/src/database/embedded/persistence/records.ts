/**
 * Framing of journal and snapshot records: [payload length u32][crc32 u32][BSON payload]. A record whose
 * length runs past the end or whose checksum fails marks where intact data stops.
 *
 * Encoding never hands out a record it could not read back. bson serializes into one shared 17 MiB buffer
 * and, past its end, either throws or silently returns damaged bytes, which recovery would take for a torn
 * tail, dropping that record and every one after it. So a payload is serialized whole only when it fits
 * that buffer; a larger one (a batch of many documents) is assembled from its changes serialized one by
 * one; and a single change that cannot be serialized intact is refused with RecordEncodingError.
 */
import { crc32 } from 'node:zlib';
import { BSON } from 'bson';
import type { Document } from '../contracts';
import { canonicalize } from '../query/values';

const HEADER_BYTES = 8;
/** bson's serialization buffer (MAXSIZE in js-bson): what `BSON.serialize` can produce intact. */
const BSON_BUFFER_BYTES = 17 * 1024 * 1024;
const EMBEDDED_DOCUMENT = 0x03;
const ARRAY = 0x04;

/** A payload or change that cannot be encoded; nothing was written for it. */
export class RecordEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordEncodingError';
  }
}

/** One document's BSON, proven intact; throws RecordEncodingError otherwise. */
export function serializeDocument(doc: Document): Buffer {
  let bytes: Uint8Array;
  try {
    bytes = BSON.serialize(doc);
  } catch (error) {
    throw new RecordEncodingError(`cannot encode as BSON: ${(error as Error).message}`);
  }
  // Bytes past the end of bson's buffer are lost without an error, but the length it returns still counts
  // them: a length within the buffer proves that nothing was lost.
  if (bytes.length > BSON_BUFFER_BYTES) {
    throw new RecordEncodingError(
      `${bytes.length} bytes of BSON exceed the ${BSON_BUFFER_BYTES} bytes the encoder can produce intact`,
    );
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** A record for `payload`; a payload with an `ops` array too large to serialize at once is assembled op by op. */
export function encodeRecord(payload: Document): Buffer {
  if (!Array.isArray(payload.ops)) return frame(serializeDocument(payload));
  try {
    return frame(serializeDocument(payload));
  } catch (error) {
    if (!(error instanceof RecordEncodingError)) throw error;
  }
  const { ops, ...header } = payload;
  return encodeRecordFromParts(header, (ops as Document[]).map(serializeDocument));
}

/** The record `{ ...header, ops: [...] }` from changes already serialized with `serializeDocument`. */
export function encodeRecordFromParts(header: Document, ops: Buffer[]): Buffer {
  const headerBytes = serializeDocument(header);
  // A BSON document is [int32 length][elements][0x00]: the header's elements are reused as they are.
  const headerElements = headerBytes.subarray(4, headerBytes.length - 1);
  const array = bsonDocument(ops.flatMap((bytes, i) => bsonElement(EMBEDDED_DOCUMENT, String(i), bytes)));
  return frame(bsonDocument([headerElements, ...bsonElement(ARRAY, 'ops', array)]));
}

function bsonElement(type: number, name: string, value: Buffer): Buffer[] {
  return [Buffer.from([type]), Buffer.from(`${name}\0`, 'utf8'), value];
}

function bsonDocument(elements: Buffer[]): Buffer {
  const length = 4 + elements.reduce((sum, part) => sum + part.length, 0) + 1;
  const prefix = Buffer.allocUnsafe(4);
  prefix.writeInt32LE(length, 0);
  return Buffer.concat([prefix, ...elements, Buffer.from([0])], length);
}

function frame(body: Buffer): Buffer {
  const record = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  record.writeUInt32LE(body.length, 0);
  record.writeUInt32LE(crc32(body), 4);
  record.set(body, HEADER_BYTES);
  return record;
}

export interface DecodedRecords {
  records: Document[];
  /** Bytes of intact records from the start; anything after is torn or corrupt. */
  intactBytes: number;
}

export function decodeRecords(data: Buffer): DecodedRecords {
  const records: Document[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= data.length) {
    const length = data.readUInt32LE(offset);
    const end = offset + HEADER_BYTES + length;
    if (length < 5 || end > data.length) break;
    const body = data.subarray(offset + HEADER_BYTES, end);
    if (crc32(body) !== data.readUInt32LE(offset + 4)) break;
    try {
      records.push(canonicalize(BSON.deserialize(body, { promoteValues: false })) as Document);
    } catch {
      break;
    }
    offset = end;
  }
  return { records, intactBytes: offset };
}
