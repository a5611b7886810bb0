import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/src/database/embedded';

/**
 * The server does not serve a database on which a unique index that idempotency relies on cannot hold: here an
 * older, non-unique index on the key of integration nonces (single use of a signed request).
 */
describe('start-up refuses a database whose unique indexes conflict', () => {
  let engine: EmbeddedMongo;

  beforeAll(async () => {
    engine = await startEmbeddedMongo();
  });
  afterAll(async () => {
    await engine?.stop();
  });

  it('refuses to start, naming the collection, the key and the index in the way', async () => {
    const uri = `${engine.uri.replace(/\/?(\?.*)?$/, '')}/conflicting`;
    const client = await MongoClient.connect(uri);
    try {
      await client
        .db()
        .collection('integration_nonces')
        .createIndex({ integrationId: 1, nonce: 1 }, { name: 'integrationId_1_nonce_1' });
    } finally {
      await client.close();
    }
    Object.assign(process.env, { NODE_ENV: 'test', MONGODB_URI: uri, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
    // Imported after the environment is set: the config namespace reads process.env when the module loads.
    const { createApp } = await import('../../server/src/app.factory');
    const app = await createApp();
    try {
      await expect(app.init()).rejects.toThrow(
        'integration_nonces { integrationId: 1, nonce: 1 } (model IntegrationNonce): conflicts with the existing index ' +
          '"integrationId_1_nonce_1" on the same key, which is not unique',
      );
    } finally {
      await app.close();
    }
  });
});
