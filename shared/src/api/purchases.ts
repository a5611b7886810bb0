import { z } from 'zod';
import { CURRENCY_CODE } from '../rules/fx';
import { instant } from './dates';
import { defineEndpoint } from './endpoint';

export const fen = z.number().int().nonnegative().max(100_000_000_00);
export const id = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w\-.:]+$/, 'letters, digits and - _ . : only');

/** How a store or the shop names the member who bought. */
export const MemberReferenceInput = z.union([
  z.object({ memberId: z.string().regex(/^[0-9a-f]{24}$/, 'a 24-character member id') }).strict(),
  z.object({ phone: z.string().min(5).max(20) }).strict(),
  z.object({ cardNo: id }).strict(),
  z.object({ memberNo: id }).strict(),
]);

export const PurchaseLineInput = z
  .object({
    sku: id,
    category: z.string().trim().min(1).max(32),
    quantity: z.number().int().positive().max(10_000),
    unitPriceFen: fen,
  })
  .strict();

export const PurchaseIngestRequest = z
  .object({
    orderId: id,
    member: MemberReferenceInput,
    storeCode: id.optional(),
    channel: z.enum(['store', 'online']),
    paidAt: instant,
    lines: z.array(PurchaseLineInput).min(1).max(200),
    totalFen: fen,
    /**
     * ISO 4217 code of the money paid, CNY when absent. In another currency `unitPriceFen` and `totalFen` are in
     * its smallest unit (cents, yen…) and are converted to fen at the rate valid at `paidAt` (see the fx-rates
     * endpoints); points are earned on the converted amount, and refunds convert at that same rate.
     */
    currency: z.string().regex(CURRENCY_CODE, 'an ISO 4217 code such as HKD').optional(),
  })
  .strict()
  .superRefine((purchase, ctx) => {
    const sum = purchase.lines.reduce((s, l) => s + l.quantity * l.unitPriceFen, 0);
    if (sum !== purchase.totalFen)
      ctx.addIssue({ code: 'custom', path: ['totalFen'], message: `must equal the sum of the lines (${sum})` });
    if (purchase.channel === 'store' && !purchase.storeCode)
      ctx.addIssue({ code: 'custom', path: ['storeCode'], message: 'required for store purchases' });
  });
export type PurchaseIngestRequest = z.infer<typeof PurchaseIngestRequest>;

export const PurchaseIngestResult = z.object({
  orderId: z.string(),
  memberId: z.string(),
  pointsEarned: z.number().int(),
  balance: z.number().int(),
  tierCode: z.string(),
  /** Set when this purchase lifted the member to a higher tier. */
  upgradedFrom: z.string().optional(),
  /** True when this order had been received before: nothing was applied again. */
  replayed: z.boolean(),
  /** For a purchase in another currency: the rate used and the amount in fen points were earned on. */
  fx: z.object({ currency: z.string(), rate: z.string(), rateValidFrom: z.string(), totalFen: z.number().int() }).optional(),
});
export type PurchaseIngestResult = z.infer<typeof PurchaseIngestResult>;

export const ingestPurchase = defineEndpoint({
  method: 'POST',
  path: '/api/v1/purchases',
  summary: 'A store or the online shop reports a purchase (signed; idempotent on orderId)',
  tag: 'integrations',
  auth: 'integration',
  body: PurchaseIngestRequest,
  successStatus: 200,
  response: PurchaseIngestResult,
});

export const RefundRequest = z
  .object({
    refundId: id,
    orderId: id,
    /**
     * Refunded goods, line by line; or `amountFen` alone for a price adjustment (in the purchase's currency's
     * smallest unit for a purchase in another currency, converted at the purchase's rate).
     */
    lines: z
      .array(z.object({ sku: id, quantity: z.number().int().positive().max(10_000) }).strict())
      .min(1)
      .max(200)
      .optional(),
    amountFen: fen.optional(),
    refundedAt: instant,
  })
  .strict()
  .refine((r) => (r.lines === undefined) !== (r.amountFen === undefined), {
    message: 'give either lines or amountFen',
    path: ['lines'],
  });
export type RefundRequest = z.infer<typeof RefundRequest>;

export const RefundResult = z.object({
  refundId: z.string(),
  orderId: z.string(),
  refundedFen: z.number().int(),
  pointsClawedBack: z.number().int(),
  /** Points that paid for the order at checkout given back by this refund, in proportion to the money refunded. */
  pointsReturned: z.number().int(),
  /** Points the member had already spent and now owes (debt policy) or that took the balance below zero. */
  shortfall: z.number().int(),
  balance: z.number().int(),
  replayed: z.boolean(),
});
export type RefundResult = z.infer<typeof RefundResult>;

export const ingestRefund = defineEndpoint({
  method: 'POST',
  path: '/api/v1/refunds',
  summary: 'A store or the online shop reports a full or partial refund (signed; idempotent on refundId)',
  tag: 'integrations',
  auth: 'integration',
  body: RefundRequest,
  successStatus: 200,
  response: RefundResult,
});
