import { randomBytes } from 'node:crypto';

export interface TestDatabase {
  uri: string;
  /** A database name of its own, so suites never see each other's data. */
  dbName: string;
  stop(): Promise<void>;
}

/**
 * The database a suite runs against: a real MongoDB replica set when MONGODB_TEST_URI is set,
 * otherwise a fresh in-memory embedded engine.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  const external = process.env.MONGODB_TEST_URI;
  if (external) return { uri: external, dbName, stop: async () => undefined };
  const { startEmbeddedMongo } = await import('../../src/database/embedded');
  const engine = await startEmbeddedMongo({});
  return { uri: engine.uri, dbName, stop: () => engine.stop() };
}
