/**
 * Conformance: the mongoose features the product relies on behave on the engine as on mongod.
 */
import mongoose, { type Connection, Schema, Types } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let connection: Connection;

interface Store {
  code: string;
  name: string;
}
interface Member {
  phone?: string;
  name: string;
  store?: Types.ObjectId;
  balance: number;
  lifetime: bigint;
  spent: Types.Decimal128;
  tags: string[];
}

const StoreSchema = new Schema<Store>({ code: { type: String, required: true, unique: true }, name: String });
const MemberSchema = new Schema<Member>(
  {
    phone: { type: String },
    name: { type: String, required: true },
    store: { type: Schema.Types.ObjectId, ref: 'Store' },
    balance: { type: Number, default: 0, min: 0 },
    lifetime: { type: BigInt, default: 0n },
    spent: { type: Schema.Types.Decimal128, default: () => Types.Decimal128.fromString('0') },
    tags: [String],
  },
  { timestamps: true },
);
MemberSchema.index({ phone: 1 }, { unique: true, partialFilterExpression: { phone: { $type: 'string' } } });

beforeAll(async () => {
  database = await startTestDatabase();
  connection = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
  connection.model('Store', StoreSchema);
  connection.model('Member', MemberSchema);
  await Promise.all(Object.values(connection.models).map((m) => m.init()));
});

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
  await database?.stop();
});

const Stores = () => connection.model<Store>('Store');
const Members = () => connection.model<Member>('Member');

it('builds the schema indexes and enforces them', async () => {
  const indexes = await Members().listIndexes();
  expect(indexes.find((i) => i.name === 'phone_1')).toMatchObject({
    unique: true,
    partialFilterExpression: { phone: { $type: 'string' } },
  });
  await Members().create({ name: 'Ann', phone: '13800000001' });
  await Members().create([{ name: 'No phone 1' }, { name: 'No phone 2' }]);
  await expect(Members().create({ name: 'Ann again', phone: '13800000001' })).rejects.toMatchObject({
    code: 11000,
    keyValue: { phone: '13800000001' },
  });
});

it('keeps BigInt (int64) and Decimal128 values exact', async () => {
  const member = await Members().create({
    name: 'Exact',
    lifetime: 9007199254740993n,
    spent: Types.Decimal128.fromString('1234567.89'),
  });
  // Hydrated documents cast int64 back to bigint; lean ones keep the driver's Long beyond 2^53, as on mongod.
  const found = await Members().findById(member._id);
  expect(found?.lifetime).toBe(9007199254740993n);
  expect(found?.spent.toString()).toBe('1234567.89');
  const raw = await connection.db!.collection('members').findOne({ _id: member._id }, { promoteLongs: false });
  expect(raw?.lifetime?._bsontype).toBe('Long');
});

it('validates before writing and sets timestamps', async () => {
  await expect(Members().create({ name: 'Negative', balance: -1 })).rejects.toThrow(/balance/);
  const member = await Members().create({ name: 'Stamped' });
  expect(member.get('createdAt')).toBeInstanceOf(Date);
  await Members().updateOne({ _id: member._id }, { $set: { name: 'Stamped 2' } });
  const updated = await Members().findById(member._id).lean<{ createdAt: Date; updatedAt: Date }>();
  expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(updated!.createdAt.getTime());
});

it('applies a guarded findOneAndUpdate only while the guard holds', async () => {
  const member = await Members().create({ name: 'Guarded', balance: 30 });
  const debit = () =>
    Members()
      .findOneAndUpdate({ _id: member._id, balance: { $gte: 20 } }, { $inc: { balance: -20 } }, { new: true })
      .lean();
  expect((await debit())?.balance).toBe(10);
  expect(await debit()).toBeNull();
  const concurrent = await Promise.all(
    Array.from({ length: 20 }, () => Members().updateOne({ _id: member._id, balance: { $gte: 1 } }, { $inc: { balance: -1 } })),
  );
  expect(concurrent.filter((r) => r.modifiedCount === 1)).toHaveLength(10);
  expect((await Members().findById(member._id).lean())?.balance).toBe(0);
});

it('populates references and aggregates', async () => {
  const store = await Stores().create({ code: 'HZ-01', name: 'West Lake' });
  await Members().create([
    { name: 'P1', store: store._id, tags: ['vip'] },
    { name: 'P2', store: store._id, tags: ['vip', 'new'] },
  ]);
  const populated = await Members().findOne({ name: 'P1' }).populate<{ store: Store }>('store').lean();
  expect(populated?.store.name).toBe('West Lake');
  const byTag = await Members().aggregate<{ _id: string; n: number }>([
    { $match: { store: store._id } },
    { $unwind: '$tags' },
    { $group: { _id: '$tags', n: { $sum: 1 } } },
    { $sort: { n: -1, _id: 1 } },
  ]);
  expect(byTag).toEqual([
    { _id: 'vip', n: 2 },
    { _id: 'new', n: 1 },
  ]);
});

it('commits a transaction, and rolls it back when the callback throws', async () => {
  const store = await Stores().create({ code: 'SH-01', name: 'Bund' });
  await connection.transaction(async (session) => {
    await Members().create([{ name: 'In txn', store: store._id }], { session });
    await Stores().updateOne({ _id: store._id }, { $set: { name: 'Bund 2' } }, { session });
  });
  expect(await Members().countDocuments({ name: 'In txn' })).toBe(1);
  await expect(
    connection.transaction(async (session) => {
      await Members().create([{ name: 'Rolled back' }], { session });
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  expect(await Members().countDocuments({ name: 'Rolled back' })).toBe(0);
});

it('runs bulk writes and reports their counts', async () => {
  const result = await Members().bulkWrite([
    { insertOne: { document: { name: 'Bulk 1' } } },
    { updateOne: { filter: { name: 'Bulk 1' }, update: { $set: { balance: 5 } } } },
    { updateOne: { filter: { name: 'Bulk 2' }, update: { $set: { balance: 7 } }, upsert: true } },
    { deleteMany: { filter: { name: 'nobody' } } },
  ]);
  expect(result).toMatchObject({ insertedCount: 1, modifiedCount: 1, upsertedCount: 1, deletedCount: 0 });
});
