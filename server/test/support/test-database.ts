import { randomBytes } from 'node:crypto';
import type { EmbeddedMongo } from '../../src/database/embedded';

export interface TestDatabase {
  uri: string;
  /** A database name of its own, so suites never see each other's data. */
  dbName: string;
  /** The in-process engine, or undefined when the suite runs against a real MongoDB (MONGODB_TEST_URI). */
  engine: EmbeddedMongo | undefined;
  stop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** How often the embedded engine's TTL monitor runs (mongod: every 60 s). */
  ttlMonitorIntervalMs?: number;
}

/**
 * The database a suite runs against: a real MongoDB replica set when MONGODB_TEST_URI is set,
 * otherwise a fresh in-memory embedded engine.
 */
export async function startTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  const external = process.env.MONGODB_TEST_URI;
  if (external) return { uri: external, dbName, engine: undefined, stop: async () => undefined };
  const { startEmbeddedMongo } = await import('../../src/database/embedded');
  const engine = await startEmbeddedMongo({ ttlMonitorIntervalMs: options.ttlMonitorIntervalMs });
  return { uri: engine.uri, dbName, engine, stop: () => engine.stop() };
}

/** `describe` for what only the embedded engine can show (its files, its process): skipped against a real MongoDB. */
export const describeEmbeddedOnly = process.env.MONGODB_TEST_URI ? describe.skip : describe;
