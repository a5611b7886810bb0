/** Wire-protocol framing: OP_MSG (with document sequences) and the legacy OP_QUERY / OP_REPLY handshake. */
import { BSON } from 'bson';
import type { Document } from '../contracts';
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
      const head = this.chunks.length === 1 ? this.chunks[0] : this.flatten();
      const length = head.readInt32LE(0);
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

export function encodeOpMsg(requestId: number, responseTo: number, reply: Document, flags = 0): Buffer {
  const doc = BSON.serialize(reply);
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
  const doc = BSON.serialize(reply);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16); // numberReturned
  return Buffer.concat([header(16 + 20 + doc.length, requestId, responseTo, OP_REPLY), fields, doc]);
}
