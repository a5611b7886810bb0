import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit';
import { JobRegistryModule } from '../jobs/job-registry';
import { CatalogueImportService } from './catalogue-import.service';
import { CatalogueController } from './catalogue.controller';
import { CatalogueService } from './catalogue.service';
import { CatalogueStoreModule } from './catalogue-store.module';
import {
  ProductImport,
  ProductImportError,
  ProductImportErrorSchema,
  ProductImportSchema,
} from './schemas/product-import.schema';
import { StoredProduct, StoredProductSchema } from './schemas/product.schema';

/** HQ's product catalogue: its endpoints, CSV imports and the job that finishes an import a stopped server left. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: StoredProduct.name, schema: StoredProductSchema },
      { name: ProductImport.name, schema: ProductImportSchema },
      { name: ProductImportError.name, schema: ProductImportErrorSchema },
    ]),
    CatalogueStoreModule,
    AuditModule,
    JobRegistryModule,
  ],
  controllers: [CatalogueController],
  providers: [CatalogueService, CatalogueImportService],
  exports: [CatalogueStoreModule],
})
export class CatalogueModule {}
