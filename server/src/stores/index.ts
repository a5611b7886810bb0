/** The store directory's public API: other features import it from here only (see docs/architecture.md). */
export { StoresModule } from './stores.module';
export { StoreDirectory } from './store-directory.store';
export type { StoreEntry } from './store-directory.store';
