import type { Connection, Model } from 'mongoose';

/** A unique index a schema declares: what makes a retried write (an order, a refund, a ledger key) apply once. */
export interface DeclaredUniqueIndex {
  model: string;
  collection: string;
  key: Record<string, unknown>;
  partialFilterExpression?: unknown;
  sparse?: boolean;
}

interface ExistingIndex {
  name: string;
  key: Record<string, unknown>;
  unique?: boolean;
  partialFilterExpression?: unknown;
  sparse?: boolean;
}

const describeKey = (key: Record<string, unknown>) =>
  `{ ${Object.entries(key)
    .map(([field, direction]) => `${field}: ${JSON.stringify(direction)}`)
    .join(', ')} }`;

const sameKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(Object.entries(a).map(([f, d]) => [f, Number.isNaN(Number(d)) ? d : Number(d)])) ===
  JSON.stringify(Object.entries(b).map(([f, d]) => [f, Number.isNaN(Number(d)) ? d : Number(d)]));

/** Every unique index the connection's models declare (path `unique: true` or `schema.index(…, { unique })`). */
export function declaredUniqueIndexes(connection: Connection): DeclaredUniqueIndex[] {
  const found = new Map<string, DeclaredUniqueIndex>();
  for (const model of Object.values(connection.models) as Model<unknown>[]) {
    for (const [key, options] of model.schema.indexes()) {
      if (!options?.unique) continue;
      const index: DeclaredUniqueIndex = {
        model: model.modelName,
        collection: model.collection.collectionName,
        key: key as Record<string, unknown>,
        ...(options.partialFilterExpression ? { partialFilterExpression: options.partialFilterExpression } : {}),
        ...(options.sparse ? { sparse: true } : {}),
      };
      // Two models on one collection (the same schema registered by several features) declare it once.
      found.set(`${index.collection} ${JSON.stringify(key)}`, index);
    }
  }
  return [...found.values()];
}

/** What is wrong with one declared unique index on the database, or null when an index enforces it exactly. */
export function uniqueIndexProblem(declared: DeclaredUniqueIndex, existing: ExistingIndex[]): string | null {
  const sameKeyed = existing.filter((index) => sameKey(index.key, declared.key));
  const enforcing = sameKeyed.find(
    (index) =>
      index.unique === true &&
      JSON.stringify(index.partialFilterExpression ?? null) === JSON.stringify(declared.partialFilterExpression ?? null) &&
      Boolean(index.sparse) === Boolean(declared.sparse),
  );
  if (enforcing) return null;
  const where = `${declared.collection} ${describeKey(declared.key)} (model ${declared.model})`;
  const other = sameKeyed[0];
  if (!other) return `${where}: missing`;
  const differs = !other.unique
    ? 'is not unique'
    : `has other options (partialFilterExpression ${JSON.stringify(other.partialFilterExpression ?? null)}, sparse ${Boolean(other.sparse)})`;
  return `${where}: conflicts with the existing index "${other.name}" on the same key, which ${differs}`;
}

/**
 * Creates every unique index the models declare and then checks on the database that each exists exactly as
 * declared (unique, same key, same partial filter). Idempotency (orders, refunds, ledger keys, quota slots, nonces)
 * rests on these indexes, so a database where one is missing or conflicts (an older non-unique index of the same
 * key, duplicates that keep it from being built) must not be served: this throws one message naming them all.
 */
export async function ensureUniqueIndexes(connection: Connection): Promise<DeclaredUniqueIndex[]> {
  const creationErrors = new Map<string, string>();
  for (const model of Object.values(connection.models) as Model<unknown>[]) {
    try {
      await model.createCollection().catch((error: { codeName?: string }) => {
        if (error.codeName !== 'NamespaceExists') throw error;
      });
      await model.createIndexes();
    } catch (error) {
      creationErrors.set(model.collection.collectionName, error instanceof Error ? error.message : String(error));
    }
  }
  const declared = declaredUniqueIndexes(connection);
  const problems: string[] = [];
  for (const index of declared) {
    const existing = (await connection.db!.collection(index.collection).listIndexes().toArray()) as ExistingIndex[];
    const problem = uniqueIndexProblem(index, existing);
    if (!problem) continue;
    const cause = creationErrors.get(index.collection);
    problems.push(cause ? `${problem} (creating it failed: ${cause})` : problem);
  }
  if (problems.length > 0) {
    throw new Error(
      `Refusing to start: ${problems.length} unique ${problems.length === 1 ? 'index' : 'indexes'} that retried writes ` +
        `rely on to apply once ${problems.length === 1 ? 'is' : 'are'} missing or conflicting:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nRemove duplicate documents and drop the conflicting index (db.<collection>.dropIndex("<name>")), then start ' +
        'again: the server creates the index as declared.',
    );
  }
  return declared;
}
