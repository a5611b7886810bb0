import type { Product } from '@memberloop/shared';
import { draftOfProduct, EMPTY_PRODUCT, importProgress, newProductOf, productChangesOf } from './product-form';

const ROSE: Product = {
  sku: 'FR-001',
  name: '玫瑰精华水',
  category: '护肤',
  priceFen: 12_800,
  status: 'active',
  updatedAt: '2026-12-03T00:00:00.000Z',
};

describe('the product form', () => {
  it('makes a new product, the price typed in yuan kept to the fen', () => {
    const result = newProductOf({ ...EMPTY_PRODUCT, sku: ' FR-002 ', name: '山茶花面霜', category: '护肤', price: '12.5' });
    expect(result).toEqual({ product: { sku: 'FR-002', name: '山茶花面霜', category: '护肤', priceFen: 1250 } });
  });

  it('names every field at fault in Chinese', () => {
    const result = newProductOf({ sku: 'FR 1', name: '', category: '护肤', price: '1.234', imageUrl: 'http://x' });
    expect(result).toEqual({
      problems: {
        sku: 'SKU 只能包含字母、数字、- 和 _，1 到 32 个字符',
        name: '名称不能为空',
        price: '价格为不小于 0 的金额，最多两位小数，如 12.50',
        imageUrl: '图片须为 https:// 开头的网址',
      },
    });
  });

  it('sends only what changed, removes a picture, and says when nothing did', () => {
    const draft = draftOfProduct(ROSE);
    expect(draft.price).toBe('128.00');
    expect(productChangesOf(ROSE, draft)).toBeNull();
    expect(productChangesOf(ROSE, { ...draft, price: '99', name: '玫瑰精华水 200ml' })).toEqual({
      changes: { name: '玫瑰精华水 200ml', priceFen: 9900 },
    });
    const pictured = { ...ROSE, imageUrl: 'https://cdn.example.com/rose.jpg' };
    expect(productChangesOf(pictured, { ...draftOfProduct(pictured), imageUrl: '' })).toEqual({ changes: { imageUrl: null } });
    expect(productChangesOf(ROSE, { ...draft, price: '-1' })).toEqual({
      problems: { price: '价格为不小于 0 的金额，最多两位小数，如 12.50' },
    });
  });

  it('shows an import’s progress', () => {
    expect(importProgress(1200, 5000)).toEqual({ percent: 24, text: '已处理 1,200 / 5,000 行' });
    expect(importProgress(0, 0)).toEqual({ percent: 100, text: '已处理 0 / 0 行' });
  });
});
