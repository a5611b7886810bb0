import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import {
  CATALOGUE_CSV_COLUMNS,
  CATALOGUE_CSV_OPTIONAL_COLUMNS,
  type NewProduct,
  type Product,
  type ProductChanges,
  ProductListQuery,
  type ProductPage,
  type ProductStatus,
} from '@memberloop/shared';
import { Connection, Model, Types, type ClientSession } from 'mongoose';
import type { z } from 'zod';
import { AuditLogService, type AuditActor } from '../audit';
import { Clock } from '../common/clock/clock';
import { toCsv } from '../common/csv/csv';
import { AppError } from '../common/errors/app-error';
import { runInTransaction } from '../database/transactions';
import { StoredProduct } from './schemas/product.schema';

export type LeanProduct = StoredProduct & { _id: Types.ObjectId };

export function productView(product: LeanProduct): Product {
  return {
    sku: product.sku,
    name: product.name,
    category: product.category,
    ...(product.imageUrl ? { imageUrl: product.imageUrl } : {}),
    priceFen: product.priceFen,
    status: product.status,
    updatedAt: product.updatedAt.toISOString(),
  };
}

/** 1250 → "12.50": the price column of the catalogue CSV (yuan, two decimals, no currency sign). */
export function yuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** The list's query as the contract parsed it. */
export type ProductListFilter = z.output<typeof ProductListQuery>;

/** HQ's catalogue: list, read, add, change, retire and bring back products; each change audited with it. */
@Injectable()
export class CatalogueService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(StoredProduct.name) private readonly products: Model<StoredProduct>,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async list(query: ProductListFilter): Promise<ProductPage> {
    const filter: Record<string, unknown> = {};
    if (query.q) {
      const pattern = new RegExp(escapeRegExp(query.q), 'i');
      filter.$or = [{ sku: pattern }, { name: pattern }];
    }
    if (query.category) filter.category = query.category;
    if (query.status) filter.status = query.status;
    const bySku = query.sort === 'sku';
    if (query.cursor) {
      const after = query.cursor.slice(2);
      if (bySku) filter.sku = { $gt: after };
      else filter._id = { $lt: new Types.ObjectId(after) };
    }
    const rows = await this.products
      .find(filter)
      .sort(bySku ? { sku: 1 } : { _id: -1 })
      .limit(query.limit + 1)
      .lean<LeanProduct[]>();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      products: page.map(productView),
      ...(rows.length > query.limit ? { nextCursor: bySku ? `s:${last.sku}` : `n:${last._id.toHexString()}` } : {}),
    };
  }

  async get(sku: string): Promise<Product> {
    return productView(await this.find(sku));
  }

  async create(actor: AuditActor, input: NewProduct): Promise<Product> {
    const now = this.clock.now();
    try {
      const created = await runInTransaction(this.connection, async (session) => {
        const [doc] = await this.products.create(
          [
            {
              sku: input.sku,
              name: input.name,
              category: input.category,
              ...(input.imageUrl ? { imageUrl: input.imageUrl } : {}),
              priceFen: input.priceFen,
              status: 'active',
              createdAt: now,
              updatedAt: now,
            },
          ],
          { session },
        );
        const product = doc.toObject() as LeanProduct;
        await this.record(actor, 'catalogue.product-create', product.sku, { product: productView(product) }, session);
        return product;
      });
      return productView(created);
    } catch (error) {
      if ((error as { code?: number }).code === 11000)
        throw new AppError('CONFLICT', `SKU ${input.sku} 已在商品目录中`, { sku: input.sku });
      throw error;
    }
  }

  async update(actor: AuditActor, sku: string, changes: ProductChanges): Promise<Product> {
    const updated = await runInTransaction(this.connection, async (session) => {
      const current = await this.find(sku, session);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const $set: Record<string, unknown> = {};
      const $unset: Record<string, 1> = {};
      for (const field of ['name', 'category', 'priceFen'] as const) {
        const value = changes[field];
        if (value !== undefined && value !== current[field]) {
          before[field] = current[field];
          after[field] = value;
          $set[field] = value;
        }
      }
      if (changes.imageUrl !== undefined && (changes.imageUrl ?? undefined) !== current.imageUrl) {
        before.imageUrl = current.imageUrl ?? null;
        after.imageUrl = changes.imageUrl;
        if (changes.imageUrl === null) $unset.imageUrl = 1;
        else $set.imageUrl = changes.imageUrl;
      }
      // The same values again change nothing and leave no entry.
      if (Object.keys(after).length === 0) return current;
      $set.updatedAt = this.clock.now();
      const doc = await this.products
        .findOneAndUpdate(
          { _id: current._id },
          { $set, ...(Object.keys($unset).length > 0 ? { $unset } : {}) },
          { session, returnDocument: 'after' },
        )
        .lean<LeanProduct>();
      await this.record(actor, 'catalogue.product-update', sku, { before, after }, session);
      return doc as LeanProduct;
    });
    return productView(updated);
  }

  /** Retires or brings back a product; asking for the status it has already changes nothing. */
  async setStatus(actor: AuditActor, sku: string, status: ProductStatus): Promise<Product> {
    const result = await runInTransaction(this.connection, async (session) => {
      const current = await this.find(sku, session);
      if (current.status === status) return current;
      const doc = await this.products
        .findOneAndUpdate(
          { _id: current._id },
          { $set: { status, updatedAt: this.clock.now() } },
          { session, returnDocument: 'after' },
        )
        .lean<LeanProduct>();
      const action = status === 'retired' ? 'catalogue.product-retire' : 'catalogue.product-reactivate';
      await this.record(actor, action, sku, { name: current.name }, session);
      return doc as LeanProduct;
    });
    return productView(result);
  }

  /** The whole catalogue by SKU, in the import's format (price in yuan), with each product's status. */
  async exportCsv(): Promise<string> {
    const products = await this.products.find().sort({ sku: 1 }).lean<LeanProduct[]>();
    const rows = products.map((p) => [p.sku, p.name, p.category, p.imageUrl ?? '', yuanText(p.priceFen), p.status]);
    return toCsv([...CATALOGUE_CSV_COLUMNS, ...CATALOGUE_CSV_OPTIONAL_COLUMNS], rows);
  }

  private async find(sku: string, session?: ClientSession): Promise<LeanProduct> {
    const product = await this.products.findOne({ sku }, null, { session }).lean<LeanProduct>();
    if (!product) throw new AppError('NOT_FOUND', `商品目录中没有 SKU ${sku}`, { sku });
    return product;
  }

  private record(actor: AuditActor, action: string, sku: string, details: Record<string, unknown>, session: ClientSession) {
    return this.audit.record({ actor, action, target: { type: 'product', id: sku }, details }, session);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
