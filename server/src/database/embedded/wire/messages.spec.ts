import { BSON, Long, ObjectId, Timestamp } from 'bson';
import { EncodedDocuments } from '../contracts';
import { serializeReply } from './messages';

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
