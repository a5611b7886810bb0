import { quantityText } from '@memberloop/shared';

/** The community coupon send's words (manager/coupon.tsx). */
export const COUPON_TEXT = {
  linkBroken: '社群链接不完整',
  notYours: '这个社群不在你的管理范围内',
  confirmTitle: '发放优惠券',
  confirm: (community: string, members: number, coupon: string) =>
    `给「${community}」的 ${quantityText(members, '位成员')}每人发一张「${coupon}」？已领过本次券的成员不会重复发放。`,
  replayed: '这次发放已提交过',
  started: '已开始发放',
  title: '给社群发券',
  audience: (community: string, members: number) =>
    `发给「${community}」的全部 ${quantityText(members, '位成员')}，每人一张，直接放入券包`,
  pick: '选择一张总部开放发放的券',
  noneReleased: '总部还没有开放可发放的优惠券',
  askHq: '请联系总部在「优惠券与礼品」里打开「门店运营可发放」',
  send: (coupon?: string) => (coupon ? `发放「${coupon}」` : '发放'),
  sending: '发放中…',
  thisTime: '本次发放',
  sentOut: '已发完',
  sendingOut: '发放中',
  sentMeta: (when: string, recipients: number, issued: number, replayed: boolean) =>
    [
      when,
      quantityText(recipients, '位成员'),
      `已到账 ${quantityText(issued, '张')}`,
      ...(replayed ? ['重复提交，未再次发放'] : []),
    ].join(' · '),
} as const;
