/** The catalogue feature's public API: other features import it from here only (see docs/architecture.md). */
export { CatalogueModule } from './catalogue.module';
export { CatalogueStoreModule } from './catalogue-store.module';
export { ProductStore } from './product.store';
export type { CatalogueProduct, UnavailableSkus } from './product.store';
