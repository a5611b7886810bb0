import mongoose, { type Connection, Schema } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { declaredUniqueIndexes, ensureUniqueIndexes } from './unique-indexes';

describe('unique indexes are created and verified at start-up', () => {
  let database: TestDatabase;
  let connection: Connection;

  beforeAll(async () => {
    database = await startTestDatabase();
  });
  afterAll(async () => {
    await database?.stop();
  });
  beforeEach(async () => {
    // A fresh database each time, with mongoose building nothing by itself (as the server's connection).
    connection = await mongoose
      .createConnection(database.uri, { dbName: `${database.dbName}_${Date.now()}`, autoIndex: false })
      .asPromise();
  });
  afterEach(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const orderSchema = () => {
    const schema = new Schema({ integrationId: String, orderId: String, refundId: { type: String, unique: true, sparse: true } });
    schema.index({ integrationId: 1, orderId: 1 }, { unique: true });
    schema.index({ orderId: 1 });
    return schema;
  };

  it('derives the list from the schemas: path and schema-level unique indexes, not the others', () => {
    connection.model('Order', orderSchema(), 'orders');
    expect(declaredUniqueIndexes(connection)).toEqual([
      { model: 'Order', collection: 'orders', key: { refundId: 1 }, sparse: true },
      { model: 'Order', collection: 'orders', key: { integrationId: 1, orderId: 1 } },
    ]);
  });

  it('creates what is missing, and passes again when everything is there', async () => {
    connection.model('Order', orderSchema(), 'orders');
    await expect(ensureUniqueIndexes(connection)).resolves.toHaveLength(2);
    const indexes = await connection.db!.collection('orders').indexes();
    expect(indexes).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: { integrationId: 1, orderId: 1 }, unique: true })]),
    );
    await expect(ensureUniqueIndexes(connection)).resolves.toHaveLength(2);
  });

  it('refuses to start when a non-unique index of the same key is in the way, naming it', async () => {
    await connection
      .db!.collection('orders')
      .createIndex({ integrationId: 1, orderId: 1 }, { name: 'integrationId_1_orderId_1' });
    connection.model('Order', orderSchema(), 'orders');
    const refusal = ensureUniqueIndexes(connection);
    await expect(refusal).rejects.toThrow(/^Refusing to start: 1 unique index/);
    await expect(refusal).rejects.toThrow(
      'orders { integrationId: 1, orderId: 1 } (model Order): conflicts with the existing index "integrationId_1_orderId_1" on the same key, which is not unique',
    );
  });

  it('refuses to start when duplicates keep the index from being built', async () => {
    await connection.db!.collection('orders').insertMany([
      { integrationId: 'pos', orderId: 'A-1' },
      { integrationId: 'pos', orderId: 'A-1' },
    ]);
    connection.model('Order', orderSchema(), 'orders');
    await expect(ensureUniqueIndexes(connection)).rejects.toThrow(
      /orders \{ integrationId: 1, orderId: 1 \} \(model Order\): missing \(creating it failed: .*(E11000|duplicate)/,
    );
  });
});
