import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { fen, id, MemberReferenceInput } from './purchases';

/** Points pay for part of an order: 100 points = ¥1, at most half the order, in steps of 100 points. */
export const POINTS_OFFSET_RULES = { pointsPerYuan: 100, maxOffsetPercent: 50, stepPoints: 100 } as const;

/** The cash value in fen of a number of points. */
export function pointsOffsetFen(points: number): number {
  return Math.floor((points * 100) / POINTS_OFFSET_RULES.pointsPerYuan);
}

/**
 * A store (or the shop) holds a member's points while the payment goes through: reserve, then commit when
 * paid or cancel when not. A hold nobody commits is released when it times out.
 */
export const ReservePointsRequest = z
  .object({
    /** The caller's id for this hold: retrying with the same id returns the same hold. */
    holdId: id,
    member: MemberReferenceInput,
    points: z.number().int().positive().max(10_000_000),
    orderTotalFen: fen.positive(),
    storeCode: id.optional(),
  })
  .strict()
  .refine((r) => r.points % POINTS_OFFSET_RULES.stepPoints === 0, {
    message: `points must be a multiple of ${POINTS_OFFSET_RULES.stepPoints}`,
    path: ['points'],
  })
  .refine((r) => pointsOffsetFen(r.points) * 100 <= r.orderTotalFen * POINTS_OFFSET_RULES.maxOffsetPercent, {
    message: `points may pay at most ${POINTS_OFFSET_RULES.maxOffsetPercent}% of the order`,
    path: ['points'],
  });
export type ReservePointsRequest = z.infer<typeof ReservePointsRequest>;

export const PointsHoldView = z.object({
  holdId: z.string(),
  memberId: z.string(),
  status: z.enum(['held', 'committed', 'released']),
  points: z.number().int(),
  offsetFen: z.number().int(),
  expiresAt: z.iso.datetime(),
  orderId: z.string().optional(),
  /** The member's balance after this hold's latest change. */
  balance: z.number().int(),
  replayed: z.boolean(),
});
export type PointsHoldView = z.infer<typeof PointsHoldView>;

export const HoldParams = z.object({ holdId: id });
export const CommitHoldRequest = z.object({ orderId: id }).strict();

export const reservePoints = defineEndpoint({
  method: 'POST',
  path: '/api/v1/points/holds',
  summary: 'Hold a member’s points as part payment of an order (signed integration call)',
  tag: 'integrations',
  auth: 'integration',
  body: ReservePointsRequest,
  successStatus: 201,
  response: PointsHoldView,
});

export const commitPointsHold = defineEndpoint({
  method: 'POST',
  path: '/api/v1/points/holds/:holdId/commit',
  summary: 'The order was paid: the held points are spent for good',
  tag: 'integrations',
  auth: 'integration',
  params: HoldParams,
  body: CommitHoldRequest,
  response: PointsHoldView,
});

export const cancelPointsHold = defineEndpoint({
  method: 'POST',
  path: '/api/v1/points/holds/:holdId/cancel',
  summary: 'The order was not paid: the held points go back to the member',
  tag: 'integrations',
  auth: 'integration',
  params: HoldParams,
  response: PointsHoldView,
});
