import type { LoginResult, MemberHome, ProgramOverview, TierDefinition } from '@memberloop/shared';
import type { FakeApi, FakeRequest, FakeResponse } from './simulated-wechat';

/** A member of the default ladder's 银卡, 1,500 yuan of spend short of 金卡: what the main screens are checked against. */
const benefits = { pointsMultiplier: 1, birthdayMultiplier: 2, earlyAccessHours: 0, discountPercent: 0, highlights: [] };
const silver: TierDefinition = {
  code: 'silver',
  name: '银卡',
  rank: 1,
  qualification: { spendFen: 200_000, match: 'any' },
  benefits: { ...benefits, pointsMultiplier: 1.2 },
};
const gold: TierDefinition = {
  code: 'gold',
  name: '金卡',
  rank: 2,
  qualification: { spendFen: 500_000, match: 'any' },
  benefits: { ...benefits, pointsMultiplier: 1.5, highlights: ['生日双倍积分'] },
};

export const memberHome: MemberHome = {
  memberId: '64b000000000000000000001',
  memberNo: 'M00012345',
  nickname: '小林',
  tier: {
    current: silver,
    next: gold,
    heldUntil: '2027-06-30T15:59:59.000Z',
    criteria: [{ criterion: 'spendFen', current: 350_000, target: 500_000, remaining: 150_000, ratio: 0.7 }],
    ratio: 0.7,
    lockedHighlights: ['生日双倍积分'],
  },
  points: { balance: 2680, spendable: 2600, pending: 80, expiringSoon: [] },
  coupons: { available: 3 },
  qualifying: { spendFen: 350_000, purchaseCount: 6, pointsEarned: 4200 },
};

const programme: ProgramOverview = {
  brandName: '木棉生活',
  timeZone: 'Asia/Shanghai',
  tiers: [{ ...silver, code: 'member', name: '普通', rank: 0, qualification: { match: 'any' } }, silver, gold],
};

const login: LoginResult = {
  accessToken: 'access',
  accessTokenExpiresAt: '2099-01-01T00:00:00.000Z',
  refreshToken: 'refresh',
  refreshTokenExpiresAt: '2099-01-01T00:00:00.000Z',
  member: { id: memberHome.memberId, memberNo: memberHome.memberNo, isNew: false },
};

const routes: Record<string, unknown> = {
  'POST /api/v1/auth/wechat-login': login,
  'GET /api/v1/me/home': memberHome,
  'GET /api/v1/program': programme,
};

/**
 * The API as the main screens need it; anything else is answered 404 NOT_FOUND, which every page must show as
 * its error state rather than crash on.
 */
export const fakeMemberApi: FakeApi = (request: FakeRequest): FakeResponse => {
  const path = new URL(request.url).pathname;
  const body = routes[`${request.method} ${path}`];
  if (body !== undefined) return { statusCode: 200, data: body };
  return { statusCode: 404, data: { code: 'NOT_FOUND', message: '没有找到' } };
};
