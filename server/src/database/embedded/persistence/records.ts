/**
 * Framing of journal and snapshot records: [payload length u32][crc32 u32][BSON payload]. A record whose
 * length runs past the end or whose checksum fails marks where intact data stops.
 */
import { crc32 } from 'node:zlib';
import { BSON } from 'bson';
import type { Document } from '../contracts';
import { canonicalize } from '../query/values';

const HEADER_BYTES = 8;

export function encodeRecord(payload: Document): Buffer {
  const body = BSON.serialize(payload);
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
