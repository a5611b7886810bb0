/**
 * Orders and refunds as JSON lines: one record per line, each exactly the body the live API takes.
 *
 *   {"orderId":"POS-1001","member":{"phone":"13800138000"},"channel":"store","storeCode":"S01",
 *    "paidAt":"2025-03-01T10:15:00+08:00","lines":[{"sku":"SK-001","category":"护肤","quantity":1,"unitPriceFen":8900}],
 *    "totalFen":8900}
 *   {"refundId":"RF-1","orderId":"POS-1001","lines":[{"sku":"SK-001","quantity":1}],"refundedAt":"2025-03-05T09:00:00+08:00"}
 *
 * A purchase is a POST /api/v1/purchases body (member by memberId, phone, cardNo or memberNo); a line with a
 * refundId is a POST /api/v1/refunds body (lines, or amountFen alone). Blank lines are ignored.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { validateRecord, type SourceItem } from './order-records';

export async function* readJsonLines(input: Readable): AsyncGenerator<SourceItem> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(trimmed);
    } catch (error) {
      yield { rejected: { line, reason: `not valid JSON (${(error as Error).message})` } };
      continue;
    }
    yield validateRecord(raw, { line });
  }
}
