import { z } from 'zod';
import { CouponView } from './coupons';
import { defineEndpoint } from './endpoint';
import { PointsEntryView } from './points';
import { MemberProfile } from './profile';
import { AssistTaskView } from './assists';
import { ActivityView, CommunityView } from './communities';
import { GroupBuyGroupView } from './group-buys';
import { PostView } from './posts';
import { Invitation } from './referrals';
import { ReviewView } from './reviews';

/** Everything the brand holds about the member, in one document they can keep (PIPL: the right to a copy). */
export const MyDataExport = z.object({
  exportedAt: z.iso.datetime(),
  profile: MemberProfile,
  tier: z.object({
    code: z.string(),
    since: z.iso.datetime(),
    heldUntil: z.iso.datetime(),
    history: z.array(z.object({ kind: z.string(), from: z.string(), to: z.string(), at: z.iso.datetime(), reason: z.string() })),
  }),
  points: z.object({ balance: z.number().int(), entries: z.array(PointsEntryView) }),
  purchases: z.array(
    z.object({
      orderId: z.string(),
      channel: z.enum(['store', 'online']),
      storeCode: z.string().optional(),
      paidAt: z.iso.datetime(),
      totalFen: z.number().int(),
      refundedFen: z.number().int(),
      lines: z.array(
        z.object({ sku: z.string(), category: z.string(), quantity: z.number().int(), unitPriceFen: z.number().int() }),
      ),
    }),
  ),
  coupons: z.array(CouponView),
  reviews: z.array(ReviewView),
  signInDays: z.array(z.string()),
  referral: z.object({ invitedBy: z.string().optional(), invitations: z.array(Invitation) }),
  groupBuys: z.array(GroupBuyGroupView),
  assistTasks: z.array(AssistTaskView),
  posts: z.array(PostView),
  communities: z.array(CommunityView),
  activities: z.array(ActivityView),
});
export type MyDataExport = z.infer<typeof MyDataExport>;

export const exportMyData = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/export',
  summary: 'A copy of all the member’s data: profile, tier history, points statement, purchases, coupons, reviews',
  tag: 'members',
  auth: 'member',
  response: MyDataExport,
});

export const DeleteAccountRequest = z
  .object({ confirm: z.literal(true, { error: 'send confirm: true to delete the account for good' }) })
  .strict();

export const deleteMyAccount = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/delete-account',
  summary: 'Delete the account: personal data erased, sessions ended, remaining points forfeited; orders kept anonymously',
  tag: 'members',
  auth: 'member',
  body: DeleteAccountRequest,
  successStatus: 200,
  response: z.object({ deleted: z.literal(true) }),
});
