import { checkInBodyOf } from './check-in-code';
import { CHECK_IN_REFUSALS, CHECK_IN_TEXT } from './check-in-text';
import { COUPON_TEXT } from './coupon-text';
import { DASHBOARD_TEXT } from './dashboard-text';
import { ANNOUNCE_TEXT, COMMUNITY_TEXT, DESK_TEXT } from './desk-text';
import { MEMBERS_TEXT } from './members-text';
import { REVIEW_TEXT } from './review-text';
import { STAFF_ACTIVITY_TEXT } from './staff-activity-text';

describe('the check-in desk reads what was typed or scanned', () => {
  it('takes the six digits under the member’s code, spaces allowed, or the scanned code itself', () => {
    expect(checkInBodyOf('123 456')).toEqual({ shortCode: '123456' });
    expect(checkInBodyOf(' 123456 ')).toEqual({ shortCode: '123456' });
    expect(checkInBodyOf(`  ${'t'.repeat(40)} `)).toEqual({ token: 't'.repeat(40) });
    // Cut short: neither six digits nor a whole code.
    expect(checkInBodyOf('12345')).toBeUndefined();
    expect(checkInBodyOf('abc')).toBeUndefined();
  });

  it('words the desk in Chinese, a number and its unit spaced once', () => {
    expect(CHECK_IN_TEXT.siteCodeHint(42)).toBe('会员在活动页扫码即可签到，每分钟自动刷新（42 秒）');
    expect(CHECK_IN_REFUSALS.ACTIVITY_CLOSED).toBe('现在不在签到时间内（开始前 1 小时至结束）');
  });
});

describe('manager texts: numbers with their units through one helper', () => {
  it('the desk and the community', () => {
    expect(DESK_TEXT.communityMeta(1, ['周店长'])).toBe('1 位成员 · 运营 周店长');
    expect(DESK_TEXT.communityMeta(12, [])).toBe('12 位成员');
    expect(COMMUNITY_TEXT.active(30)).toBe('近 30 天活跃');
    expect(ANNOUNCE_TEXT.sent(4)).toBe('已发送给 4 位成员');
    expect(ANNOUNCE_TEXT.titlePlaceholder(20)).toBe('20 字以内');
    expect(MEMBERS_TEXT.total(31)).toBe('共 31 位成员');
  });

  it('the activity page and its row', () => {
    expect(STAFF_ACTIVITY_TEXT.rowCounts(3, 30, 0, 1)).toBe('报名 3/30 · 签到 1');
    expect(STAFF_ACTIVITY_TEXT.rowCounts(30, 30, 2, 0)).toBe('报名 30/30 · 候补 2 · 签到 0');
    expect(STAFF_ACTIVITY_TEXT.checkInPoints(50)).toBe('签到 50 积分');
    expect(STAFF_ACTIVITY_TEXT.cancelled('场地维修')).toBe('已取消：场地维修');
    expect(STAFF_ACTIVITY_TEXT.cancelled()).toBe('已取消');
  });

  it('coupons, review and the dashboard', () => {
    expect(COUPON_TEXT.confirm('静安店会员群', 4, '满100减20')).toBe(
      '给「静安店会员群」的 4 位成员每人发一张「满100减20」？已领过本次券的成员不会重复发放。',
    );
    expect(COUPON_TEXT.sentMeta('11月22日 14:00', 4, 2, true)).toBe(
      '11月22日 14:00 · 4 位成员 · 已到账 2 张 · 重复提交，未再次发放',
    );
    expect(REVIEW_TEXT.approved(50)).toBe('已通过，发放 50 积分');
    expect(DASHBOARD_TEXT.periods.map((p) => p.label)).toEqual(['近 7 天', '近 30 天', '近 90 天']);
    expect(DASHBOARD_TEXT.signedUp(3, 4)).toBe('3/4 位成员报名');
    expect(DASHBOARD_TEXT.attended(2, 3)).toBe('2/3 人次到场');
    expect(DASHBOARD_TEXT.orders(12)).toBe('12 笔订单');
  });
});
