import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit';
import { JobRegistryModule } from '../jobs/job-registry';
import { CatalogueImportService } from './catalogue-import.service';
import { CatalogueController } from './catalogue.controller';
import { CatalogueService } from './catalogue.service';
import { ProductStore } from './product.store';
import {
  ProductImport,
  ProductImportError,
  ProductImportErrorSchema,
  ProductImportSchema,
} from './schemas/product-import.schema';
import { StoredProduct, StoredProductSchema } from './schemas/product.schema';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: StoredProduct.name, schema: StoredProductSchema },
      { name: ProductImport.name, schema: ProductImportSchema },
      { name: ProductImportError.name, schema: ProductImportErrorSchema },
    ]),
    AuditModule,
    JobRegistryModule,
  ],
  controllers: [CatalogueController],
  providers: [CatalogueService, CatalogueImportService, ProductStore],
  exports: [ProductStore],
})
export class CatalogueModule {}
