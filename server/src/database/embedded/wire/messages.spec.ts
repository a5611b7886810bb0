import { BSON, Long, ObjectId, Timestamp } from 'bson';
import { EncodedDocuments } from '../contracts';
import { FrameReader, FrameTooLargeError, serializeReply } from './messages';

/** A message frame: [length][requestId][responseTo][opCode][body]. */
function frame(requestId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, body]);
}

describe('FrameReader', () => {
  const stream = Buffer.concat([frame(1, Buffer.from('first')), frame(2, Buffer.alloc(9_000, 7)), frame(3, Buffer.alloc(0))]);
  const read = (chunkBytes: number) => {
    const reader = new FrameReader(1 << 20);
    const frames = [];
    for (let at = 0; at < stream.length; at += chunkBytes) frames.push(...reader.push(stream.subarray(at, at + chunkBytes)));
    return frames.map((f) => ({ requestId: f.requestId, opCode: f.opCode, body: Buffer.from(f.body).toString('hex') }));
  };

  it('splits a byte stream into its messages whatever the chunking, a split length prefix included', () => {
    const expected = read(stream.length);
    expect(expected.map((f) => f.requestId)).toEqual([1, 2, 3]);
    expect(expected[1].body).toBe(Buffer.alloc(9_000, 7).toString('hex'));
    for (const chunkBytes of [1, 3, 5, 21, 4096]) expect(read(chunkBytes)).toEqual(expected);
  });

  it('refuses a message longer than the limit as soon as its length arrives', () => {
    const reader = new FrameReader(1024);
    expect(() => reader.push(frame(1, Buffer.alloc(2000)).subarray(0, 6))).toThrow(FrameTooLargeError);
  });
});

function encoded(docs: Array<Record<string, unknown>>): EncodedDocuments {
  return new EncodedDocuments(docs.map((doc) => BSON.serialize(doc)));
}

describe('serializeReply', () => {
  const docs = Array.from({ length: 12 }, (_, i) => ({
    _id: new ObjectId(),
    i,
    name: `成员 ${i}`,
    at: new Date(Date.UTC(2026, 10, i + 1)),
    nested: { list: [1, 'two', { three: 3 }] },
  }));

  it('splices a cursor batch in exactly as serializing the documents inline would', () => {
    const time = new Timestamp({ t: 1_700_000_000, i: 7 });
    const reply = (batch: unknown) => ({
      cursor: { firstBatch: batch, id: Long.fromNumber(42), ns: 'memberloop.members' },
      ok: 1,
      $clusterTime: { clusterTime: time },
      operationTime: time,
    });
    const spliced = Buffer.from(serializeReply(reply(encoded(docs))));
    expect(spliced.equals(Buffer.from(BSON.serialize(reply(docs))))).toBe(true);
    expect(BSON.deserialize(spliced).cursor.firstBatch.map((d: { i: number }) => d.i)).toEqual(docs.map((d) => d.i));
  });

  it('keeps field order around the batch and handles an empty batch', () => {
    const reply = (batch: unknown) => ({ before: 'a', cursor: { id: Long.fromNumber(0), nextBatch: batch, ns: 'x.y' }, ok: 1 });
    for (const batch of [[], docs.slice(0, 1)]) {
      const spliced = Buffer.from(serializeReply(reply(encoded(batch))));
      expect(spliced.equals(Buffer.from(BSON.serialize(reply(batch))))).toBe(true);
    }
  });

  it('serializes replies without a batch as BSON does', () => {
    const reply = { n: 3, writeErrors: [{ index: 1, code: 11000 }], ok: 1 };
    expect(Buffer.from(serializeReply(reply)).equals(Buffer.from(BSON.serialize(reply)))).toBe(true);
  });
});
