import { PurchaseIngestRequest, RefundRequest } from '@memberloop/shared';
import type { z } from 'zod';

/** A purchase or refund to import, as the live API would receive it, and where it came from. */
export type ImportRecord =
  | { kind: 'purchase'; request: PurchaseIngestRequest; source: RecordSource }
  | { kind: 'refund'; request: RefundRequest; source: RecordSource };

/** Where a record is in its input: its line (for a CSV order, its first and last rows), or its position in a generated list. */
export interface RecordSource {
  line: number;
  lastLine?: number;
}

/** A record that was not imported, and why: nothing of it was written. */
export interface RejectedRecord extends RecordSource {
  /** The orderId or refundId, when the record had one. */
  id?: string;
  reason: string;
}

/** What a reader yields: a valid record, or a rejection with its line number. */
export type SourceItem = { record: ImportRecord } | { rejected: RejectedRecord };

export function describeSource(source: RecordSource): string {
  return source.lastLine !== undefined && source.lastLine !== source.line
    ? `lines ${source.line}-${source.lastLine}`
    : `line ${source.line}`;
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`).join('; ');
}

function idOf(raw: unknown, field: 'orderId' | 'refundId'): string | undefined {
  const value = (raw as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Validates one record with the live API's own contract (the body of POST /api/v1/purchases, or of
 * POST /api/v1/refunds when it has a refundId), so an import accepts exactly what the API accepts.
 */
export function validateRecord(raw: unknown, source: RecordSource): SourceItem {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { rejected: { ...source, reason: 'a record must be a JSON object' } };
  }
  if ('refundId' in raw) {
    const parsed = RefundRequest.safeParse(raw);
    return parsed.success
      ? { record: { kind: 'refund', request: parsed.data, source } }
      : { rejected: { ...source, id: idOf(raw, 'refundId'), reason: issuesOf(parsed.error) } };
  }
  const parsed = PurchaseIngestRequest.safeParse(raw);
  return parsed.success
    ? { record: { kind: 'purchase', request: parsed.data, source } }
    : { rejected: { ...source, id: idOf(raw, 'orderId'), reason: issuesOf(parsed.error) } };
}

/** When the record happened: a purchase's paid time, a refund's time. Imports apply records in this order. */
export function occurredAt(record: ImportRecord): Date {
  return new Date(record.kind === 'purchase' ? record.request.paidAt : record.request.refundedAt);
}
