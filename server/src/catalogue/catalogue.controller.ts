import { Controller, Req, Res } from '@nestjs/common';
import {
  CATALOGUE_IMPORT_MAX_BYTES,
  createProduct,
  exportProductImportErrors,
  exportProducts,
  getProduct,
  getProductImport,
  importProducts,
  listProductImports,
  listProducts,
  reactivateProduct,
  retireProduct,
  updateProduct,
  type NewProduct,
  type Product,
  type ProductChanges,
  type ProductImportView,
  type ProductPage,
} from '@memberloop/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Types } from 'mongoose';
import type { AuditActor } from '../audit';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { CatalogueImportService } from './catalogue-import.service';
import { CatalogueService, type ProductListFilter } from './catalogue.service';
import { readOneFile, type MultipartRequest } from './uploaded-file';

/** HQ's product catalogue: products by hand, CSV import and export. */
@Controller()
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly imports: CatalogueImportService,
  ) {}

  @Endpoint(listProducts)
  list(@ContractQuery() query: ProductListFilter): Promise<ProductPage> {
    return this.catalogue.list(query);
  }

  /** A file, not JSON: the contract's response is the CSV text, sent as text/csv for download. */
  @Endpoint(exportProducts)
  async exportCsv(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const csv = await this.catalogue.exportCsv();
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', 'attachment; filename="catalogue.csv"');
    return csv;
  }

  @Endpoint(getProduct)
  get(@ContractParams() params: { sku: string }): Promise<Product> {
    return this.catalogue.get(params.sku);
  }

  @Endpoint(createProduct)
  create(@CurrentPrincipal() principal: Principal, @ContractBody() body: NewProduct): Promise<Product> {
    return this.catalogue.create(actorOf(principal), body);
  }

  @Endpoint(updateProduct)
  update(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { sku: string },
    @ContractBody() body: ProductChanges,
  ): Promise<Product> {
    return this.catalogue.update(actorOf(principal), params.sku, body);
  }

  @Endpoint(retireProduct)
  retire(@CurrentPrincipal() principal: Principal, @ContractParams() params: { sku: string }): Promise<Product> {
    return this.catalogue.setStatus(actorOf(principal), params.sku, 'retired');
  }

  @Endpoint(reactivateProduct)
  reactivate(@CurrentPrincipal() principal: Principal, @ContractParams() params: { sku: string }): Promise<Product> {
    return this.catalogue.setStatus(actorOf(principal), params.sku, 'active');
  }

  @Endpoint(importProducts)
  async import(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest & MultipartRequest,
  ): Promise<ProductImportView> {
    const file = await readOneFile(request, CATALOGUE_IMPORT_MAX_BYTES);
    return this.imports.start(actorOf(principal), file.fileName, file.bytes);
  }

  @Endpoint(listProductImports)
  async latestImports(): Promise<{ imports: ProductImportView[] }> {
    return { imports: await this.imports.latest() };
  }

  @Endpoint(getProductImport)
  importStatus(@ContractParams() params: { importId: string }): Promise<ProductImportView> {
    return this.imports.status(new Types.ObjectId(params.importId));
  }

  @Endpoint(exportProductImportErrors)
  async importErrors(
    @ContractParams() params: { importId: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.imports.errorsCsv(new Types.ObjectId(params.importId));
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="catalogue-import-${params.importId}-errors.csv"`);
    return csv;
  }
}

/** HQ endpoints admit staff only (the access guard): who acts, for the audit log. */
function actorOf(principal: Principal): AuditActor {
  if (principal.kind !== 'staff') throw new Error('unreachable: HQ endpoints admit staff only');
  return { id: principal.memberId, role: principal.role };
}
