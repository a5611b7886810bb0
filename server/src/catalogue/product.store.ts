import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { StoredProduct } from './schemas/product.schema';

/** What a member is shown of a product: its name, category, picture and price. */
export interface CatalogueProduct {
  sku: string;
  name: string;
  category: string;
  imageUrl?: string;
  priceFen: number;
}

/** SKUs a new coupon or deal may not name: not in the catalogue, or retired. */
export interface UnavailableSkus {
  unknown: string[];
  retired: string[];
}

/** The most SKUs one call looks up (a page of recommendations, a coupon's scope). */
const MAX_LOOKUP = 1000;

/**
 * The catalogue's reads for other features (recommendations, coupons, group-buys, the demo seed): every query they
 * run on the products is here, on the unique SKU index.
 */
@Injectable()
export class ProductStore implements OnModuleInit {
  constructor(@InjectModel(StoredProduct.name) private readonly products: Model<StoredProduct>) {}

  /** The collection and its indexes exist before anyone writes there in a transaction. */
  async onModuleInit(): Promise<void> {
    await this.products.init();
  }

  /** The active products among these SKUs, by SKU; unknown and retired SKUs are absent. */
  async activeBySku(skus: Iterable<string>): Promise<Map<string, CatalogueProduct>> {
    const wanted = [...new Set(skus)];
    if (wanted.length > MAX_LOOKUP) throw new RangeError(`at most ${MAX_LOOKUP} SKUs at a time`);
    const found = new Map<string, CatalogueProduct>();
    if (wanted.length === 0) return found;
    const rows = await this.products
      .find({ sku: { $in: wanted }, status: 'active' }, { _id: 0, sku: 1, name: 1, category: 1, imageUrl: 1, priceFen: 1 })
      .lean<CatalogueProduct[]>();
    for (const row of rows) {
      found.set(row.sku, {
        sku: row.sku,
        name: row.name,
        category: row.category,
        ...(row.imageUrl ? { imageUrl: row.imageUrl } : {}),
        priceFen: row.priceFen,
      });
    }
    return found;
  }

  /**
   * The name, category and price of each of these SKUs the catalogue knows, retired ones included (a coupon bought under a
   * scope keeps working on a product retired since; a wallet names what it was for).
   */
  async namesAndCategories(skus: Iterable<string>): Promise<Map<string, { name: string; category: string; priceFen: number }>> {
    const wanted = [...new Set(skus)];
    if (wanted.length > MAX_LOOKUP) throw new RangeError(`at most ${MAX_LOOKUP} SKUs at a time`);
    if (wanted.length === 0) return new Map();
    const rows = await this.products
      .find({ sku: { $in: wanted } }, { _id: 0, sku: 1, name: 1, category: 1, priceFen: 1 })
      .lean<Array<Pick<StoredProduct, 'sku' | 'name' | 'category' | 'priceFen'>>>();
    return new Map(rows.map((r) => [r.sku, { name: r.name, category: r.category, priceFen: r.priceFen }]));
  }

  /** Which of these SKUs are not in the catalogue, and which are retired (both in the order given). */
  async unavailableAmong(skus: Iterable<string>): Promise<UnavailableSkus> {
    const wanted = [...new Set(skus)];
    if (wanted.length > MAX_LOOKUP) throw new RangeError(`at most ${MAX_LOOKUP} SKUs at a time`);
    const rows =
      wanted.length === 0
        ? []
        : await this.products
            .find({ sku: { $in: wanted } }, { _id: 0, sku: 1, status: 1 })
            .lean<Array<Pick<StoredProduct, 'sku' | 'status'>>>();
    const status = new Map(rows.map((r) => [r.sku, r.status]));
    return {
      unknown: wanted.filter((s) => !status.has(s)),
      retired: wanted.filter((s) => status.get(s) === 'retired'),
    };
  }

  /** Whether the catalogue has an active product of this category (a points rule for a category must name one). */
  async hasActiveCategory(category: string): Promise<boolean> {
    return (await this.products.exists({ category, status: 'active' })) !== null;
  }

  /**
   * The active product with this SKU, for a new coupon or deal that names it; an unknown or retired SKU is refused
   * (VALIDATION_FAILED, with `field` as the issue's path, e.g. `body.skuCode`) saying what to do in the catalogue.
   */
  async requireActive(sku: string, field: string): Promise<CatalogueProduct> {
    const product = (await this.activeBySku([sku])).get(sku);
    if (product) return product;
    const { retired } = await this.unavailableAmong([sku]);
    const message =
      retired.length > 0
        ? `SKU ${sku} 已在商品目录中下架：请先恢复这个商品，或换一个在售的商品`
        : `SKU ${sku} 不在商品目录中：请先在商品目录中添加这个商品`;
    throw new AppError('VALIDATION_FAILED', message, {
      issues: [{ path: field, message }],
      sku,
      reason: retired.length > 0 ? 'retired-sku' : 'unknown-sku',
    });
  }

  /**
   * Adds the products whose SKU the catalogue does not have yet, as active (the demo seed); the ones it has are left
   * as HQ keeps them. Running it again adds nothing.
   */
  async addMissing(products: readonly CatalogueProduct[], at: Date): Promise<{ created: number; alreadyPresent: number }> {
    if (products.length === 0) return { created: 0, alreadyPresent: 0 };
    const result = await this.products.bulkWrite(
      products.map((p) => ({
        updateOne: {
          filter: { sku: p.sku },
          update: {
            $setOnInsert: {
              sku: p.sku,
              name: p.name,
              category: p.category,
              ...(p.imageUrl ? { imageUrl: p.imageUrl } : {}),
              priceFen: p.priceFen,
              status: 'active' as const,
              createdAt: at,
              updatedAt: at,
            },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return { created: result.upsertedCount, alreadyPresent: products.length - result.upsertedCount };
  }
}
