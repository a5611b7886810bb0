import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProductStore } from './product.store';
import { StoredProduct, StoredProductSchema } from './schemas/product.schema';

/**
 * The catalogue's reads (and the seed's write) for other features, without HQ's endpoints, imports or jobs: what
 * recommendations, coupons, group-buys and the demo seed import, in the application as in the command-line tools.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: StoredProduct.name, schema: StoredProductSchema }])],
  providers: [ProductStore],
  exports: [ProductStore],
})
export class CatalogueStoreModule {}
