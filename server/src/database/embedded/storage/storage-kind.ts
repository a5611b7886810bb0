/**
 * Which storage the engine uses: `journal` (documents in the heap, a journal and snapshots: the default)
 * or `lmdb` (documents as BSON in LMDB, see lmdb-store.ts), chosen by the ENGINE_STORAGE environment
 * variable until LMDB storage becomes the default. A dbpath that already holds data keeps its format.
 */
export type StorageKind = 'journal' | 'lmdb';

export function storageKind(env: NodeJS.ProcessEnv = process.env): StorageKind {
  const value = env.ENGINE_STORAGE?.trim().toLowerCase();
  if (!value || value === 'journal') return 'journal';
  if (value === 'lmdb') return 'lmdb';
  throw new Error(`ENGINE_STORAGE must be 'journal' or 'lmdb', not '${env.ENGINE_STORAGE}'`);
}
