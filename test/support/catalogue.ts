import type { authorized } from './sessions';

/** A product for the catalogue; category and price have defaults. */
export interface TestProduct {
  sku: string;
  name: string;
  category?: string;
  imageUrl?: string;
  priceFen?: number;
}

/** Adds products to the catalogue as HQ does: group-buy deals and gift coupons name products of the catalogue. */
export async function addProducts(hq: ReturnType<typeof authorized>, products: TestProduct[]): Promise<void> {
  for (const product of products) {
    const response = await hq('/api/v1/hq/catalogue/products', { body: { category: '测试', priceFen: 10_000, ...product } });
    if (response.status !== 201)
      throw new Error(`adding ${product.sku} to the catalogue: ${response.status} ${await response.text()}`);
  }
}
