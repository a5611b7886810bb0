import { NewProduct, ProductChanges, formatFen, yuanToFen, type Product } from '@memberloop/shared';

/** The product form's fields, as typed. */
export interface ProductDraft {
  sku: string;
  name: string;
  category: string;
  price: string;
  imageUrl: string;
}

export type ProductField = keyof ProductDraft;

export const EMPTY_PRODUCT: ProductDraft = { sku: '', name: '', category: '', price: '', imageUrl: '' };

/** A product in the form, to change it. */
export function draftOfProduct(product: Product): ProductDraft {
  return {
    sku: product.sku,
    name: product.name,
    category: product.category,
    price: formatFen(product.priceFen).replace('¥', '').replace(/,/g, ''),
    imageUrl: product.imageUrl ?? '',
  };
}

const PRICE_PROBLEM = '价格为不小于 0 的金额，最多两位小数，如 12.50';

function priceOf(text: string): number | undefined {
  try {
    const fen = yuanToFen(text);
    return fen >= 0 ? fen : undefined;
  } catch {
    return undefined;
  }
}

/** The Chinese message of the contract's first problem with each field. */
function problemsOf(issues: Array<{ path: PropertyKey[]; message: string }>): Partial<Record<ProductField, string>> {
  const problems: Partial<Record<ProductField, string>> = {};
  for (const issue of issues) {
    const field = (issue.path[0] === 'priceFen' ? 'price' : issue.path[0]) as ProductField;
    problems[field] ??= field === 'imageUrl' ? '图片须为 https:// 开头的网址' : issue.message;
  }
  return problems;
}

/** A new product from the form, checked by the server's contract, or each field at fault. */
export function newProductOf(draft: ProductDraft): { product: NewProduct } | { problems: Partial<Record<ProductField, string>> } {
  const priceFen = priceOf(draft.price);
  const parsed = NewProduct.safeParse({
    sku: draft.sku.trim(),
    name: draft.name,
    category: draft.category,
    priceFen: priceFen ?? 0,
    ...(draft.imageUrl.trim() ? { imageUrl: draft.imageUrl.trim() } : {}),
  });
  const problems = parsed.success ? {} : problemsOf(parsed.error.issues);
  if (priceFen === undefined) problems.price = PRICE_PROBLEM;
  return Object.keys(problems).length > 0 || !parsed.success ? { problems } : { product: parsed.data };
}

/** What the form changes of `product` (only what differs), or each field at fault; null when nothing changed. */
export function productChangesOf(
  product: Product,
  draft: ProductDraft,
): { changes: ProductChanges } | { problems: Partial<Record<ProductField, string>> } | null {
  const priceFen = priceOf(draft.price);
  if (priceFen === undefined) return { problems: { price: PRICE_PROBLEM } };
  const imageUrl = draft.imageUrl.trim();
  const changes: ProductChanges = {
    ...(draft.name.trim() !== product.name ? { name: draft.name } : {}),
    ...(draft.category.trim() !== product.category ? { category: draft.category } : {}),
    ...(priceFen !== product.priceFen ? { priceFen } : {}),
    ...(imageUrl !== (product.imageUrl ?? '') ? { imageUrl: imageUrl || null } : {}),
  };
  if (Object.keys(changes).length === 0) return null;
  const parsed = ProductChanges.safeParse(changes);
  return parsed.success ? { changes } : { problems: problemsOf(parsed.error.issues) };
}

/** "已处理 1,200 / 5,000 行" and the bar's width, for an import in progress. */
export function importProgress(processed: number, total: number): { percent: number; text: string } {
  const percent = total === 0 ? 100 : Math.min(100, Math.floor((processed / total) * 100));
  const n = (value: number) => value.toLocaleString('en-US');
  return { percent, text: `已处理 ${n(processed)} / ${n(total)} 行` };
}
