import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { fen } from './purchases';

/**
 * The product catalogue: what a SKU is called, its category, picture and price, so members see names and pictures
 * instead of codes (recommendations, coupons, group-buys refer to it). HQ keeps it by hand or imports it from CSV.
 * The messages of the field checks are the words HQ reads (the import's per-row report uses the same checks).
 */

export const PRODUCT_SKU_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const PRODUCT_NAME_MAX = 60;
export const PRODUCT_CATEGORY_MAX = 30;
export const PRODUCT_IMAGE_URL_MAX = 500;

export const ProductSku = z.string().trim().regex(PRODUCT_SKU_PATTERN, 'SKU 只能包含字母、数字、- 和 _，1 到 32 个字符');
export const ProductName = z.string().trim().min(1, '名称不能为空').max(PRODUCT_NAME_MAX, `名称最多 ${PRODUCT_NAME_MAX} 个字`);
export const ProductCategory = z
  .string()
  .trim()
  .min(1, '品类不能为空')
  .max(PRODUCT_CATEGORY_MAX, `品类最多 ${PRODUCT_CATEGORY_MAX} 个字`);
/** A picture on the brand's CDN: https only (the mini-program loads nothing else). */
export const ProductImageUrl = z
  .string()
  .trim()
  .max(PRODUCT_IMAGE_URL_MAX, `图片地址最多 ${PRODUCT_IMAGE_URL_MAX} 个字符`)
  .regex(/^[^\s"'<>]+$/, '图片地址必须是 https:// 开头的网址')
  .pipe(z.url({ protocol: /^https$/, hostname: z.regexes.domain, message: '图片地址必须是 https:// 开头的网址' }));
export const ProductPriceFen = fen;

export const PRODUCT_STATUSES = ['active', 'retired'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const Product = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  imageUrl: z.string().optional(),
  /** The price in fen (¥12.50 = 1250). */
  priceFen: z.number().int().nonnegative(),
  /** Retired products stay for history but are shown to no member and refused for new coupons and deals. */
  status: z.enum(PRODUCT_STATUSES),
  updatedAt: z.iso.datetime(),
});
export type Product = z.infer<typeof Product>;

export const NewProduct = z
  .object({
    sku: ProductSku,
    name: ProductName,
    category: ProductCategory,
    imageUrl: ProductImageUrl.optional(),
    priceFen: ProductPriceFen,
  })
  .strict();
export type NewProduct = z.input<typeof NewProduct>;

/** What HQ changes of a product; `imageUrl: null` removes the picture. */
export const ProductChanges = z
  .object({
    name: ProductName.optional(),
    category: ProductCategory.optional(),
    imageUrl: ProductImageUrl.nullable().optional(),
    priceFen: ProductPriceFen.optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: '请至少修改一项' });
export type ProductChanges = z.input<typeof ProductChanges>;

export const ProductParams = z.object({ sku: ProductSku }).strict();

/** A page cursor: `n:<id>` for newest first, `s:<sku>` by SKU (the `nextCursor` of the previous page). */
const CURSOR_PATTERN = /^(n:[0-9a-f]{24}|s:[A-Za-z0-9_-]{1,32})$/;
const ProductCursor = z.string().regex(CURSOR_PATTERN, 'a cursor from the previous page');

export const ProductListQuery = z
  .object({
    /** Part of the SKU or the name, any case. */
    q: z.string().trim().min(1).max(60).optional(),
    category: z.string().trim().min(1).max(PRODUCT_CATEGORY_MAX).optional(),
    status: z.enum(PRODUCT_STATUSES).optional(),
    /** `newest`: the latest added first; `sku`: by SKU. */
    sort: z.enum(['newest', 'sku']).default('newest'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: ProductCursor.optional(),
  })
  .strict()
  .refine((q) => !q.cursor || !CURSOR_PATTERN.test(q.cursor) || q.cursor.startsWith(q.sort === 'sku' ? 's:' : 'n:'), {
    message: 'the cursor belongs to another sort order',
    path: ['cursor'],
  });
export type ProductListQuery = z.input<typeof ProductListQuery>;

export const ProductPage = z.object({ products: z.array(Product), nextCursor: z.string().optional() });
export type ProductPage = z.infer<typeof ProductPage>;

export const listProducts = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/catalogue/products',
  summary: 'The product catalogue, newest first or by SKU, searched by SKU or name, by category and status, a page at a time',
  tag: 'hq',
  auth: 'hq',
  query: ProductListQuery,
  response: ProductPage,
});

export const getProduct = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/catalogue/products/:sku',
  summary: 'One product of the catalogue, retired or not',
  tag: 'hq',
  auth: 'hq',
  params: ProductParams,
  response: Product,
});

export const createProduct = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/catalogue/products',
  summary: 'HQ adds a product (a SKU already in the catalogue is refused with CONFLICT)',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  body: NewProduct,
  successStatus: 201,
  response: Product,
});

export const updateProduct = defineEndpoint({
  method: 'PATCH',
  path: '/api/v1/hq/catalogue/products/:sku',
  summary: 'HQ changes a product’s name, category, picture or price',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: ProductParams,
  body: ProductChanges,
  response: Product,
});

export const retireProduct = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/catalogue/products/:sku/retire',
  summary: 'HQ retires a product: members no longer see it, new coupons and deals may not name it (history keeps it)',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: ProductParams,
  successStatus: 200,
  response: Product,
});

export const reactivateProduct = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/catalogue/products/:sku/reactivate',
  summary: 'HQ brings a retired product back',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: ProductParams,
  successStatus: 200,
  response: Product,
});

/** The columns of a catalogue CSV (import and export); `status` is optional on import. */
export const CATALOGUE_CSV_COLUMNS = ['sku', 'name', 'category', 'imageUrl', 'price'] as const;
export const CATALOGUE_CSV_OPTIONAL_COLUMNS = ['status'] as const;
/** The largest catalogue file HQ may import, and its most data rows. */
export const CATALOGUE_IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const CATALOGUE_IMPORT_MAX_ROWS = 20_000;

export const exportProducts = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/catalogue/products.csv',
  summary:
    'The whole catalogue as a CSV file (text/csv, UTF-8 with BOM; columns sku,name,category,imageUrl,price in yuan,status): it imports back as it is',
  tag: 'hq',
  auth: 'hq',
  response: z.string(),
});

/** Why a row of an import was not taken: stable codes (HQ's tools branch on them), with the words HQ reads. */
export const CATALOGUE_ROW_ERROR_CODES = [
  /** A required cell (sku, name, category, price) is empty. */
  'REQUIRED',
  'INVALID_SKU',
  'TOO_LONG',
  'INVALID_IMAGE_URL',
  'INVALID_PRICE',
  'INVALID_STATUS',
  /** The SKU appears on an earlier row of the same file: only the first is taken. */
  'DUPLICATE_SKU',
  /** The row has more or fewer cells than the header. */
  'COLUMN_COUNT',
  /** The row is not well-formed CSV (text after a closing quote). */
  'MALFORMED_ROW',
] as const;
export type CatalogueRowErrorCode = (typeof CATALOGUE_ROW_ERROR_CODES)[number];

export const CatalogueRowError = z.object({
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: z.number().int(),
  sku: z.string().optional(),
  /** The column at fault, or `row` for the row as a whole. */
  field: z.enum([...CATALOGUE_CSV_COLUMNS, ...CATALOGUE_CSV_OPTIONAL_COLUMNS, 'row']),
  code: z.enum(CATALOGUE_ROW_ERROR_CODES),
  message: z.string(),
});
export type CatalogueRowError = z.infer<typeof CatalogueRowError>;

/** The first errors an import status shows; the whole report is its errors CSV. */
export const CATALOGUE_IMPORT_ERRORS_SHOWN = 200;

export const ProductImportView = z.object({
  id: z.string(),
  /** `running` until every row is processed (a crashed server's import is picked up again by another). */
  status: z.enum(['running', 'done']),
  fileName: z.string(),
  /** Data rows in the file (the header and blank lines apart). */
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows equal to the product already in the catalogue: importing the same file again changes nothing. */
  unchanged: z.number().int(),
  /** Rows refused: each has at least one entry in the error report. */
  failed: z.number().int(),
  /** The first errors, by row; `errorCount` says how many there are in all. */
  errors: z.array(CatalogueRowError),
  errorCount: z.number().int(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
});
export type ProductImportView = z.infer<typeof ProductImportView>;

export const importProducts = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/catalogue/imports',
  summary:
    'HQ imports the catalogue from a CSV file (multipart/form-data, field "file"; header sku,name,category,imageUrl,price with the price in yuan; UTF-8; up to 2 MB and 20,000 rows): answers at once with the import, which runs in the background; a wrong header is refused at once',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  successStatus: 202,
  response: ProductImportView,
});

export const ImportParams = z.object({ importId: z.string().regex(/^[0-9a-f]{24}$/, 'an import id') }).strict();

export const getProductImport = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/catalogue/imports/:importId',
  summary: 'An import’s progress (processed of total; created, updated, unchanged, failed) and its first row errors',
  tag: 'hq',
  auth: 'hq',
  params: ImportParams,
  response: ProductImportView,
});

export const listProductImports = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/catalogue/imports',
  summary: 'The latest catalogue imports, newest first (without their error lists)',
  tag: 'hq',
  auth: 'hq',
  response: z.object({ imports: z.array(ProductImportView) }),
});

export const exportProductImportErrors = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/catalogue/imports/:importId/errors.csv',
  summary: 'An import’s whole error report as a CSV file (row, sku, field, code, message)',
  tag: 'hq',
  auth: 'hq',
  params: ImportParams,
  response: z.string(),
});
