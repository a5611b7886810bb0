import {
  CATALOGUE_CSV_COLUMNS,
  CATALOGUE_CSV_OPTIONAL_COLUMNS,
  CATALOGUE_IMPORT_MAX_ROWS,
  PRODUCT_SKU_PATTERN,
  ProductCategory,
  ProductImageUrl,
  ProductName,
  ProductSku,
  yuanToFen,
  type CatalogueRowError,
  type CatalogueRowErrorCode,
  type ProductStatus,
} from '@memberloop/shared';
import type { z } from 'zod';
import { readCsv, CsvSyntaxError, type CsvRecord } from './csv-reader';

export type CatalogueColumn = (typeof CATALOGUE_CSV_COLUMNS)[number] | (typeof CATALOGUE_CSV_OPTIONAL_COLUMNS)[number];

/** A catalogue row that passed every check: what the import writes. */
export interface CatalogueRow {
  row: number;
  sku: string;
  name: string;
  category: string;
  /** Absent: the product has no picture (an empty cell removes one). */
  imageUrl?: string;
  priceFen: number;
  /** Absent when the file has no status column or the cell is empty: a new product is active, others keep theirs. */
  status?: ProductStatus;
}

/** One data row of the file after the checks: the product to write, or why not. */
export type CheckedRow =
  { row: number; product: CatalogueRow; errors?: undefined } | { row: number; product?: undefined; errors: CatalogueRowError[] };

/** A file refused as a whole (not UTF-8, broken quoting, wrong header, too many rows): nothing of it is imported. */
export class CatalogueFileError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CatalogueFileError';
  }
}

export const EXPECTED_HEADER = CATALOGUE_CSV_COLUMNS.join(',');

/**
 * Reads a catalogue CSV file (UTF-8, with or without BOM) and checks every data row: blank lines are skipped, a
 * bad row is reported with its row number, field, code and message, and never stops the others. The file as a whole
 * is refused (CatalogueFileError) only when it cannot be read as a catalogue at all.
 */
export function checkCatalogueFile(bytes: Uint8Array, maxRows = CATALOGUE_IMPORT_MAX_ROWS): CheckedRow[] {
  const text = decodeUtf8(bytes);
  let records: CsvRecord[];
  try {
    records = readCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new CatalogueFileError(`${error.message}，文件无法读取`, { row: error.row });
    throw error;
  }
  const headerAt = records.findIndex((r) => !isBlank(r.cells));
  if (headerAt < 0) throw new CatalogueFileError('文件是空的：第一行应为表头 ' + EXPECTED_HEADER);
  const columns = readHeader(records[headerAt].cells);
  const data = records.slice(headerAt + 1).filter((r) => !isBlank(r.cells));
  if (data.length === 0) throw new CatalogueFileError('文件里只有表头，没有商品行');
  if (data.length > maxRows)
    throw new CatalogueFileError(`文件有 ${data.length} 行商品，一次最多导入 ${maxRows} 行：请拆成几个文件`, {
      rows: data.length,
      maxRows,
    });
  const firstRowOf = new Map<string, number>();
  return data.map((record) => {
    const checked = checkRow(record, columns);
    const sku = checked.errors ? skuOf(record, columns) : checked.product.sku;
    if (sku !== undefined && PRODUCT_SKU_PATTERN.test(sku)) {
      const first = firstRowOf.get(sku);
      if (first === undefined) firstRowOf.set(sku, record.row);
      else {
        const duplicate = rowError(record.row, sku, 'sku', 'DUPLICATE_SKU', `SKU 与第 ${first} 行重复，只导入第一次出现的那一行`);
        return { row: record.row, errors: [...(checked.errors ?? []), duplicate] };
      }
    }
    return checked;
  });
}

/** The bytes as UTF-8 text; anything else (a spreadsheet's GBK "CSV") is refused with how to save it right. */
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CatalogueFileError('文件不是 UTF-8 编码：请在 Excel 中“另存为”并选择“CSV UTF-8（逗号分隔）”后再导入');
  }
}

/** The header's columns by position (null: an empty trailing cell), or the file is refused saying what is wrong. */
export function readHeader(cells: string[]): Array<CatalogueColumn | null> {
  const known = new Map<string, CatalogueColumn>(
    [...CATALOGUE_CSV_COLUMNS, ...CATALOGUE_CSV_OPTIONAL_COLUMNS].map((c) => [c.toLowerCase(), c]),
  );
  const names = cells.map((c) => c.trim());
  // Spreadsheets sometimes leave empty cells at the end of a line.
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const columns: Array<CatalogueColumn | null> = [];
  const unknown: string[] = [];
  const repeated: string[] = [];
  for (const name of names) {
    const column = known.get(name.toLowerCase());
    if (!column) unknown.push(name === '' ? '（空白）' : name);
    else if (columns.includes(column)) repeated.push(column);
    columns.push(column ?? null);
  }
  const missing = CATALOGUE_CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`缺少 ${missing.join('、')}`] : []),
      ...(unknown.length > 0 ? [`不认识的列 ${unknown.join('、')}`] : []),
      ...(repeated.length > 0 ? [`重复的列 ${repeated.join('、')}`] : []),
    ];
    throw new CatalogueFileError(`表头应为 ${EXPECTED_HEADER}（可再加 status 列）：${problems.join('；')}`, {
      header: names,
      missing,
      unknown,
      repeated,
    });
  }
  return columns;
}

/** Checks one data row against the header: every field's problem is reported, not only the first. */
export function checkRow(record: CsvRecord, columns: Array<CatalogueColumn | null>): CheckedRow {
  const { row } = record;
  const sku = skuOf(record, columns);
  if (record.malformed)
    return {
      row,
      errors: [rowError(row, sku, 'row', 'MALFORMED_ROW', '这一行的引号用法不对（引号后面还有文字），请检查后重新导入')],
    };
  const extra = record.cells.slice(columns.length);
  if (record.cells.length < columns.length || extra.some((c) => c.trim() !== ''))
    return {
      row,
      errors: [
        rowError(
          row,
          sku,
          'row',
          'COLUMN_COUNT',
          `这一行有 ${record.cells.length} 列，表头有 ${columns.length} 列（含逗号的内容请加英文双引号）`,
        ),
      ],
    };
  const cell = (column: CatalogueColumn): string | undefined => {
    const at = columns.indexOf(column);
    return at < 0 ? undefined : unguard(record.cells[at].trim());
  };
  const errors: CatalogueRowError[] = [];
  const text = (
    column: 'sku' | 'name' | 'category',
    schema: z.ZodType<string>,
    required: string,
    invalid: CatalogueRowErrorCode,
  ) => {
    const value = cell(column) ?? '';
    if (value === '') {
      errors.push(rowError(row, sku, column, 'REQUIRED', required));
      return '';
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    errors.push(rowError(row, sku, column, issue.code === 'too_big' ? 'TOO_LONG' : invalid, issue.message));
    return '';
  };
  const product = {
    row,
    sku: text('sku', ProductSku, 'SKU 不能为空', 'INVALID_SKU'),
    name: text('name', ProductName, '名称不能为空', 'TOO_LONG'),
    category: text('category', ProductCategory, '品类不能为空', 'TOO_LONG'),
  };
  let imageUrl: string | undefined;
  const image = cell('imageUrl') ?? '';
  if (image !== '') {
    const parsed = ProductImageUrl.safeParse(image);
    if (parsed.success) imageUrl = parsed.data;
    else {
      const issue = parsed.error.issues[0];
      errors.push(rowError(row, sku, 'imageUrl', issue.code === 'too_big' ? 'TOO_LONG' : 'INVALID_IMAGE_URL', issue.message));
    }
  }
  const price = cell('price') ?? '';
  let priceFen = 0;
  if (price === '') errors.push(rowError(row, sku, 'price', 'REQUIRED', '价格不能为空'));
  else {
    const fen = priceInFen(price);
    if (fen === undefined) errors.push(rowError(row, sku, 'price', 'INVALID_PRICE', '价格必须是不小于 0 的数字，最多两位小数'));
    else priceFen = fen;
  }
  const statusCell = cell('status') ?? '';
  let status: ProductStatus | undefined;
  if (statusCell !== '') {
    status = STATUS_WORDS.get(statusCell.toLowerCase());
    if (!status)
      errors.push(rowError(row, sku, 'status', 'INVALID_STATUS', '状态只能是 active（在售）或 retired（已下架），也可以留空'));
  }
  if (errors.length > 0) return { row, errors };
  return { row, product: { ...product, ...(imageUrl ? { imageUrl } : {}), priceFen, ...(status ? { status } : {}) } };
}

const STATUS_WORDS = new Map<string, ProductStatus>([
  ['active', 'active'],
  ['在售', 'active'],
  ['retired', 'retired'],
  ['下架', 'retired'],
  ['已下架', 'retired'],
]);

/**
 * A price in yuan as spreadsheets write it ("12.5", "12.50", "¥1,299.00") in fen, or undefined when it is not a
 * number of at most two decimals, not below zero and below ¥100,000,000.
 */
export function priceInFen(text: string): number | undefined {
  let value = text.trim().replace(/^[¥￥]\s*/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(value)) value = value.replace(/,/g, '');
  if (!/^\d{1,8}(\.\d{1,2})?$/.test(value)) return undefined;
  return yuanToFen(value);
}

/**
 * Our CSV exports put a `'` before text a spreadsheet would run as a formula (see common/csv): taken off again, so
 * an exported catalogue imports back as it was.
 */
function unguard(value: string): string {
  return /^'[=+\-@\t\r＝＋－＠]/.test(value) ? value.slice(1) : value;
}

function skuOf(record: CsvRecord, columns: Array<CatalogueColumn | null>): string | undefined {
  const at = columns.indexOf('sku');
  const value = at < 0 || at >= record.cells.length ? '' : unguard(record.cells[at].trim());
  return value === '' ? undefined : value.slice(0, 64);
}

function rowError(
  row: number,
  sku: string | undefined,
  field: CatalogueRowError['field'],
  code: CatalogueRowErrorCode,
  message: string,
): CatalogueRowError {
  return { row, ...(sku === undefined ? {} : { sku }), field, code, message };
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
