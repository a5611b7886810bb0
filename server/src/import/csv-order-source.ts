/**
 * Orders or refunds as CSV with a header row (UTF-8, comma-separated, fields may be "quoted" with "" for a
 * quote; a quoted field cannot span lines). Columns may come in any order; unknown columns are refused.
 *
 * Orders: one row per order line. The rows of one order are consecutive and repeat the order's columns,
 * which must agree on every row.
 *   orderId          required
 *   memberNo | phone | cardNo | memberId
 *                    who bought: at least one of these columns, and exactly one filled in on each row
 *   channel          store | online
 *   storeCode        required for store orders
 *   paidAt           ISO 8601 with an offset, e.g. 2025-03-01T10:15:00+08:00
 *   totalFen         optional: when given it must equal the sum of the lines; when absent it is that sum
 *   sku, category, quantity, unitPriceFen
 *                    the line (money in integer fen)
 *
 *   orderId,phone,channel,storeCode,paidAt,sku,category,quantity,unitPriceFen
 *   POS-1001,13800138000,store,S01,2025-03-01T10:15:00+08:00,SK-001,护肤,1,8900
 *   POS-1001,13800138000,store,S01,2025-03-01T10:15:00+08:00,MK-002,彩妆,2,6900
 *
 * Refunds (a header with refundId): refundId, orderId, refundedAt, and either sku + quantity (one row per
 * refunded line, rows of one refund consecutive) or amountFen (one row, a price adjustment).
 *
 * Every order or refund becomes the same request the live API takes and is validated by its contract. A
 * malformed row rejects the whole order it belongs to (when it cannot tell which, the order it follows):
 * an order is imported whole or not at all.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { validateRecord, type SourceItem } from './order-records';

/** The file as a whole cannot be read (its header): nothing of it is imported. */
export class CsvFormatError extends Error {}

const MEMBER_COLUMNS = ['memberNo', 'phone', 'cardNo', 'memberId'] as const;

interface Layout {
  kind: 'order' | 'refund';
  idColumn: 'orderId' | 'refundId';
  /** Columns that describe the whole order or refund: equal on each of its rows. */
  groupColumns: readonly string[];
  lineColumns: readonly string[];
  required: readonly string[];
}

const ORDER_LAYOUT: Layout = {
  kind: 'order',
  idColumn: 'orderId',
  groupColumns: ['orderId', ...MEMBER_COLUMNS, 'channel', 'storeCode', 'paidAt', 'totalFen'],
  lineColumns: ['sku', 'category', 'quantity', 'unitPriceFen'],
  required: ['orderId', 'channel', 'paidAt', 'sku', 'category', 'quantity', 'unitPriceFen'],
};

const REFUND_LAYOUT: Layout = {
  kind: 'refund',
  idColumn: 'refundId',
  groupColumns: ['refundId', 'orderId', 'refundedAt', 'amountFen'],
  lineColumns: ['sku', 'quantity'],
  required: ['refundId', 'orderId', 'refundedAt'],
};

type Row = Record<string, string>;

interface Group {
  id: string;
  firstLine: number;
  lastLine: number;
  head: Row;
  rows: Row[];
  problem?: string;
}

/** Splits one CSV line into its fields (RFC 4180 quoting, on one line). */
export function splitCsvLine(text: string): string[] | { error: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) return { error: 'unterminated quoted field (a quoted field cannot span lines)' };
        value += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      if (i < text.length && text[i] !== ',') return { error: `unexpected character after a closing quote at column ${i + 1}` };
      fields.push(value);
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i >= text.length) return fields;
    i += 1; // the comma
  }
}

function layoutOf(header: string[]): Layout {
  const layout = header.includes('refundId') ? REFUND_LAYOUT : ORDER_LAYOUT;
  const known = new Set([...layout.groupColumns, ...layout.lineColumns]);
  const seen = new Set<string>();
  for (const column of header) {
    if (!known.has(column))
      throw new CsvFormatError(`unknown column "${column}" in the header; ${layout.kind} columns are: ${[...known].join(', ')}`);
    if (seen.has(column)) throw new CsvFormatError(`column "${column}" appears twice in the header`);
    seen.add(column);
  }
  const missing = layout.required.filter((c) => !seen.has(c));
  if (missing.length > 0) throw new CsvFormatError(`the header lacks the column(s) ${missing.join(', ')}`);
  if (layout.kind === 'order' && !MEMBER_COLUMNS.some((c) => seen.has(c)))
    throw new CsvFormatError(`the header needs a column naming the member: one of ${MEMBER_COLUMNS.join(', ')}`);
  if (layout.kind === 'refund' && !seen.has('amountFen') && !(seen.has('sku') && seen.has('quantity')))
    throw new CsvFormatError('a refunds file needs sku and quantity columns, or an amountFen column');
  return layout;
}

/** Integers become numbers; anything else stays as written, for the contract to name the problem. */
function integer(value: string | undefined): number | string | undefined {
  if (value === undefined || value === '') return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function orderBody(group: Group): unknown | { problem: string } {
  const { head } = group;
  const given = MEMBER_COLUMNS.filter((c) => (head[c] ?? '') !== '');
  if (given.length !== 1) {
    return {
      problem:
        given.length === 0
          ? `no member: fill in one of ${MEMBER_COLUMNS.join(', ')}`
          : `give only one member reference, not ${given.join(' and ')}`,
    };
  }
  const lines = group.rows.map((row) => ({
    sku: row.sku,
    category: row.category,
    quantity: integer(row.quantity),
    unitPriceFen: integer(row.unitPriceFen),
  }));
  const sum = lines.reduce(
    (total, l) =>
      typeof l.quantity === 'number' && typeof l.unitPriceFen === 'number' ? total + l.quantity * l.unitPriceFen : NaN,
    0,
  );
  const totalFen = integer(head.totalFen) ?? (Number.isFinite(sum) ? sum : undefined);
  return {
    orderId: head.orderId,
    member: { [given[0]]: head[given[0]] },
    channel: head.channel,
    ...(head.storeCode ? { storeCode: head.storeCode } : {}),
    paidAt: head.paidAt,
    lines,
    ...(totalFen === undefined ? {} : { totalFen }),
  };
}

function refundBody(group: Group): unknown {
  const { head } = group;
  const lines = group.rows
    .filter((row) => (row.sku ?? '') !== '' || (row.quantity ?? '') !== '')
    .map((row) => ({ sku: row.sku, quantity: integer(row.quantity) }));
  return {
    refundId: head.refundId,
    orderId: head.orderId,
    refundedAt: head.refundedAt,
    ...(head.amountFen ? { amountFen: integer(head.amountFen) } : {}),
    ...(lines.length > 0 ? { lines } : {}),
  };
}

function finish(layout: Layout, group: Group): SourceItem {
  const source = { line: group.firstLine, lastLine: group.lastLine };
  if (group.problem) return { rejected: { ...source, id: group.id || undefined, reason: group.problem } };
  const body = layout.kind === 'order' ? orderBody(group) : refundBody(group);
  if (body && typeof body === 'object' && 'problem' in body)
    return { rejected: { ...source, id: group.id, reason: String(body.problem) } };
  return validateRecord(body, source);
}

export async function* readCsv(input: Readable): AsyncGenerator<SourceItem> {
  let header: string[] | undefined;
  let layout: Layout = ORDER_LAYOUT;
  let current: Group | undefined;
  const started = new Map<string, number>();
  let line = 0;

  const open = (id: string, row: Row, problem?: string): Group => {
    const group: Group = { id, firstLine: line, lastLine: line, head: row, rows: [row], problem };
    const first = started.get(id);
    if (first !== undefined && id !== '') {
      group.problem ??= `the rows of ${layout.idColumn} ${id} are not consecutive (it started at line ${first})`;
    } else started.set(id, line);
    return group;
  };

  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    const fields = splitCsvLine(text);
    if (!header) {
      if (!Array.isArray(fields)) throw new CsvFormatError(`the header (line ${line}): ${fields.error}`);
      header = fields.map((f) => f.trim());
      layout = layoutOf(header);
      continue;
    }
    const problem = !Array.isArray(fields)
      ? `line ${line}: ${fields.error}`
      : fields.length !== header.length
        ? `line ${line}: ${fields.length} fields where the header has ${header.length}`
        : undefined;
    const row: Row = {};
    if (Array.isArray(fields)) header.forEach((column, i) => (row[column] = (fields[i] ?? '').trim()));
    const idIndex = header.indexOf(layout.idColumn);
    const id = Array.isArray(fields) && idIndex < fields.length ? (fields[idIndex] ?? '').trim() : undefined;

    if (current && (id === undefined || id === current.id)) {
      // Another row of the current order (or one we cannot place: it spoils the order it follows).
      current.lastLine = line;
      if (problem) current.problem ??= problem;
      else {
        const differs = layout.groupColumns.find((c) => (row[c] ?? '') !== (current!.head[c] ?? ''));
        if (differs)
          current.problem ??= `line ${line}: ${differs} differs from the first row of ${current.id} (line ${current.firstLine})`;
        current.rows.push(row);
      }
      continue;
    }
    if (current) yield finish(layout, current);
    current = open(id ?? '', row, problem);
  }
  if (!header) throw new CsvFormatError('the file is empty: a CSV import needs a header row');
  if (current) yield finish(layout, current);
}
