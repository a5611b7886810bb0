/** Wire-protocol framing: OP_MSG (with document sequences) and the legacy OP_QUERY / OP_REPLY handshake. */
import { BSON } from 'bson';
import { EncodedDocuments, type Document } from '../contracts';
import { canonicalize } from '../query/values';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MSG_CHECKSUM_PRESENT = 1;
export const MSG_MORE_TO_COME = 2;
export const MSG_EXHAUST_ALLOWED = 1 << 16;

export interface Frame {
  requestId: number;
  opCode: number;
  body: Buffer;
}

export class FrameTooLargeError extends Error {}

/** Splits a TCP byte stream into whole messages, whatever the chunking. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      // Chunks are joined only when the length prefix straddles them, and the message once it is whole:
      // joining them on every chunk made receiving a large message quadratic.
      if (this.chunks[0].length < 4) this.flatten();
      const length = this.chunks[0].readInt32LE(0);
      if (length < 16 || length > this.maxMessageBytes) throw new FrameTooLargeError(`message length ${length} is out of bounds`);
      if (this.buffered < length) break;
      const data = this.chunks.length === 1 ? this.chunks[0] : this.flatten();
      frames.push({ requestId: data.readInt32LE(4), opCode: data.readInt32LE(12), body: data.subarray(16, length) });
      const rest = data.subarray(length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return frames;
  }

  private flatten(): Buffer {
    const whole = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [whole];
    return whole;
  }
}

/** Documents as the engine holds them: BSON types kept (see contracts.ts, canonical form). */
export function decodeDocument(bytes: Buffer): Document {
  return canonicalize(BSON.deserialize(bytes, { promoteValues: false })) as Document;
}

export interface OpMsg {
  flags: number;
  command: Document;
}

export function parseOpMsg(body: Buffer): OpMsg {
  const flags = body.readUInt32LE(0);
  const end = body.length - (flags & MSG_CHECKSUM_PRESENT ? 4 : 0);
  let offset = 4;
  let command: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = body[offset];
    offset += 1;
    const size = body.readInt32LE(offset);
    if (size < 5 || offset + size > end) throw new Error('OP_MSG section overruns the message');
    if (kind === 0) {
      if (command) throw new Error('OP_MSG with two body sections');
      command = decodeDocument(body.subarray(offset, offset + size));
    } else if (kind === 1) {
      const sectionEnd = offset + size;
      const nul = body.indexOf(0, offset + 4);
      if (nul < 0 || nul >= sectionEnd) throw new Error('OP_MSG document sequence without an identifier');
      const identifier = body.toString('utf8', offset + 4, nul);
      const docs: Document[] = [];
      for (let cursor = nul + 1; cursor < sectionEnd;) {
        const docSize = body.readInt32LE(cursor);
        docs.push(decodeDocument(body.subarray(cursor, cursor + docSize)));
        cursor += docSize;
      }
      sequences.push([identifier, docs]);
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
    offset += size;
  }
  if (!command) throw new Error('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) command[identifier] = docs;
  return { flags, command };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

const BSON_DOCUMENT = 0x03;
const BSON_ARRAY = 0x04;

function holdsEncoded(value: unknown): boolean {
  if (value instanceof EncodedDocuments) return true;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (holdsEncoded((value as Document)[key])) return true;
  return false;
}

function elementName(type: number, name: string): Buffer {
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(name) + 2);
  bytes[0] = type;
  bytes.write(name, 1);
  bytes[bytes.length - 1] = 0;
  return bytes;
}

/** A BSON document from its elements' bytes: length, elements, terminating zero. */
function framedDocument(elements: Uint8Array[]): Buffer {
  const length = elements.reduce((sum, part) => sum + part.length, 5);
  const head = Buffer.allocUnsafe(4);
  head.writeInt32LE(length, 0);
  return Buffer.concat([head, ...elements, Buffer.from([0])], length);
}

/** The BSON array of the documents, written into one buffer (element names are the indexes: "0", "1", …). */
function encodedArray(batch: EncodedDocuments): Buffer {
  let length = 5;
  batch.documents.forEach((doc, i) => (length += 2 + String(i).length + doc.length));
  const out = Buffer.allocUnsafe(length);
  out.writeInt32LE(length, 0);
  let offset = 4;
  batch.documents.forEach((doc, i) => {
    out[offset++] = BSON_DOCUMENT;
    offset += out.write(String(i), offset, 'latin1');
    out[offset++] = 0;
    out.set(doc, offset);
    offset += doc.length;
  });
  out[offset] = 0;
  return out;
}

/** BSON of a reply, with any EncodedDocuments inside it spliced in as arrays; field order is kept. */
export function serializeReply(reply: Document): Uint8Array {
  if (!holdsEncoded(reply)) return BSON.serialize(reply);
  const elements: Uint8Array[] = [];
  let plain: Document = {};
  let plainFields = 0;
  const flushPlain = () => {
    if (plainFields === 0) return;
    const bytes = BSON.serialize(plain);
    elements.push(bytes.subarray(4, bytes.length - 1));
    plain = {};
    plainFields = 0;
  };
  for (const key of Object.keys(reply)) {
    const value = reply[key];
    if (value instanceof EncodedDocuments) {
      flushPlain();
      elements.push(elementName(BSON_ARRAY, key), encodedArray(value));
    } else if (holdsEncoded(value)) {
      flushPlain();
      elements.push(elementName(BSON_DOCUMENT, key), serializeReply(value as Document));
    } else {
      plain[key] = value;
      plainFields += 1;
    }
  }
  flushPlain();
  return framedDocument(elements);
}

export function encodeOpMsg(requestId: number, responseTo: number, reply: Document, flags = 0): Buffer {
  const doc = serializeReply(reply);
  const flagsAndKind = Buffer.alloc(5);
  flagsAndKind.writeUInt32LE(flags, 0);
  return Buffer.concat([header(16 + 5 + doc.length, requestId, responseTo, OP_MSG), flagsAndKind, doc]);
}

export function parseOpQuery(body: Buffer): { collection: string; query: Document } {
  const nul = body.indexOf(0, 4);
  const collection = body.toString('utf8', 4, nul);
  const offset = nul + 1 + 8; // numberToSkip, numberToReturn
  const size = body.readInt32LE(offset);
  return { collection, query: decodeDocument(body.subarray(offset, offset + size)) };
}

export function encodeOpReply(requestId: number, responseTo: number, reply: Document): Buffer {
  const doc = serializeReply(reply);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16); // numberReturned
  return Buffer.concat([header(16 + 20 + doc.length, requestId, responseTo, OP_REPLY), fields, doc]);
}
