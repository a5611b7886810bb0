import { validateRecord, type SourceItem } from '../import';
import type { DemoMember, DemoPurchase } from './demo-brand';

/**
 * The demo brand's purchases and refunds as the live API would receive them: the member named by phone
 * (the brand's own member numbers are not ours: ours are given at registration), a refund returning all
 * the goods of its order. Numbered in order, for the import's report, and validated by the API's contract
 * like any other input.
 */
export function demoImportRecords(members: DemoMember[], purchases: DemoPurchase[]): SourceItem[] {
  const phones = new Map(members.map((m) => [m.memberNo, m.phone]));
  const records: SourceItem[] = purchases.map((p, i) =>
    validateRecord(
      {
        orderId: p.orderId,
        member: { phone: phones.get(p.memberNo) as string },
        channel: p.channel,
        ...(p.storeCode ? { storeCode: p.storeCode } : {}),
        paidAt: p.paidAt.toISOString(),
        lines: p.lines.map((l) => ({ sku: l.sku, category: l.category, quantity: l.quantity, unitPriceFen: l.unitPriceFen })),
        totalFen: p.totalFen,
      },
      { line: i + 1 },
    ),
  );
  for (const p of purchases) {
    if (!p.refund) continue;
    records.push(
      validateRecord(
        {
          refundId: p.refund.refundId,
          orderId: p.orderId,
          lines: p.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
          refundedAt: p.refund.refundedAt.toISOString(),
        },
        { line: records.length + 1 },
      ),
    );
  }
  return records;
}
