import mongoose, { type Connection, type Model, Schema, Types } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { type QuotaSlots, takeQuotaSlot } from './quota-slots';

describe('quota slots', () => {
  let database: TestDatabase;
  let connection: Connection;
  let quotas: Model<QuotaSlots>;

  beforeAll(async () => {
    database = await startTestDatabase();
    connection = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
    quotas = connection.model<QuotaSlots>(
      'QuotaSlots',
      new Schema<QuotaSlots>({ _id: String, holders: [Schema.Types.ObjectId] }, { versionKey: false }),
      'quota_slots_spec',
    );
    await quotas.init();
  });
  afterAll(async () => {
    await connection?.close();
    await database?.stop();
  });

  it('gives a slot to the loser of the race that created the quota document (its upsert failed on E11000)', async () => {
    const winner = new Types.ObjectId();
    const loser = new Types.ObjectId();
    // The quota does not exist when the loser's upsert looks, so it inserts, and the winner's insert lands first.
    const raced = jest.spyOn(quotas, 'updateOne').mockImplementationOnce((async () => {
      await quotas.collection.insertOne({ _id: 'raced:day', holders: [winner] } as never);
      throw Object.assign(new Error('E11000 duplicate key error collection: quota_slots_spec index: _id_'), { code: 11000 });
    }) as unknown as typeof quotas.updateOne);
    try {
      expect(await takeQuotaSlot(quotas, 'raced:day', loser, 5)).toBe(true);
    } finally {
      raced.mockRestore();
    }
    const quota = await quotas.findById('raced:day').lean();
    expect(quota?.holders.map(String)).toEqual([String(winner), String(loser)]);
  });

  it('never gives more than the limit, and gives every free slot, to 50 takers at once on a new quota', async () => {
    const takers = Array.from({ length: 50 }, () => new Types.ObjectId());
    const results = await Promise.all(takers.map((holder) => takeQuotaSlot(quotas, 'storm:day', holder, 7)));
    expect(results.filter(Boolean)).toHaveLength(7);
    const quota = await quotas.findById('storm:day').lean();
    expect(quota?.holders).toHaveLength(7);
  });

  it('answers true again for a holder (taking twice is safe), false when full', async () => {
    const [a, b, c] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    expect(await takeQuotaSlot(quotas, 'small:day', a, 2)).toBe(true);
    expect(await takeQuotaSlot(quotas, 'small:day', a, 2)).toBe(true);
    expect(await takeQuotaSlot(quotas, 'small:day', b, 2)).toBe(true);
    expect(await takeQuotaSlot(quotas, 'small:day', c, 2)).toBe(false);
  });
});
