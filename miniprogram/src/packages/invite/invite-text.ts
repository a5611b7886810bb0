import {
  formatFen,
  joinText,
  quantityText,
  type Invitation,
  type ReferralProgrammeView,
  type ReferralRewardView,
} from '@memberloop/shared';
import { afterReturnWindowText } from '../../services/points-text';

/** The title of a shared invitation card. */
export const INVITE_SHARE_TITLE = '送你一份会员见面礼，一起来领';

/** A friend's invitation in the member's words, and the tone of its chip. */
export const INVITATION_STATUS: Record<Invitation['status'], { label: string; tone: 'waiting' | 'done' | 'none' }> = {
  registered: { label: '已注册 · 待首单', tone: 'waiting' },
  purchased: { label: '已首单 · 退货期后发奖', tone: 'waiting' },
  rewarded: { label: '奖励已到账', tone: 'done' },
  void: { label: '首单已退款', tone: 'none' },
  'over-cap': { label: '超出邀请上限', tone: 'none' },
};

/** What a friend earned the member so far: "+500 积分 · 1 张券", or why there is nothing (yet). */
export function invitationReward(invitation: Pick<Invitation, 'status' | 'pointsEarned' | 'couponsEarned'>): string {
  const parts = [
    invitation.pointsEarned > 0 ? `+${quantityText(invitation.pointsEarned, '积分')}` : '',
    invitation.couponsEarned > 0 ? `${quantityText(invitation.couponsEarned, '张')}券` : '',
  ].filter(Boolean);
  if (parts.length > 0) return parts.join(' · ');
  return invitation.status === 'void' || invitation.status === 'over-cap' || invitation.status === 'rewarded'
    ? '无奖励'
    : '待发放';
}

/** The invitation code spaced in fours, easier to read aloud: "K7M2 QX9P". */
export function spacedCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

/** What one reward gives: "100 积分", "首单 2 倍积分", "一张优惠券", joined with 、. */
export function rewardText(reward: ReferralRewardView): string {
  return [
    reward.points ? quantityText(reward.points, '积分') : '',
    reward.purchasePointsMultiplier ? `首单 ${quantityText(reward.purchasePointsMultiplier, '倍')}积分` : '',
    reward.coupon ? '一张优惠券' : '',
  ]
    .filter(Boolean)
    .join('、');
}

/**
 * When a first-purchase reward comes: after the purchase's return window, which the programme sets. With a points
 * multiple, the purchase's own points arrive with it and only the extra waits: "（加倍部分在 7 天退货期后到账）".
 */
function firstPurchaseWait(reward: ReferralRewardView, days: number): string {
  const extraOnly = reward.purchasePointsMultiplier && !reward.points && !reward.coupon;
  return `（${extraOnly ? '加倍部分' : '奖励'}${afterReturnWindowText(days)}）`;
}

/** The qualifying purchase, as a clause: any first purchase, or one from the programme's minimum ("首单满¥100"). */
function minimumText(programme: ReferralProgrammeView): string {
  const min = programme.onFirstPurchase.minAmountFen;
  return min > 1 ? `首单满${formatFen(min, { compact: true })}` : '';
}

/**
 * The invite page's rules, in the inviting member's words, from the programme's figures: who gets what on joining
 * and on the first purchase, and when the first purchase's rewards arrive (after the return window).
 */
export function programmeLines(programme: ReferralProgrammeView): string[] {
  if (!programme.enabled) return [];
  const days = programme.refundWindowDays;
  const { onRegistration, onFirstPurchase } = programme;
  const minimum = minimumText(programme);
  const line = (lead: string, reward: ReferralRewardView | undefined, after = '') => {
    const rewards = reward ? rewardText(reward) : '';
    return rewards ? joinText(lead, rewards) + after : '';
  };
  const returnWindow = joinText('过', quantityText(days, '天'), '退货期后');
  const referrerLead =
    days > 0 ? `好友${minimum ? `${minimum}，` : '首单'}${returnWindow}，你得` : `好友${minimum || '首次消费'}后，你得`;
  return [
    line('好友注册，好友得', onRegistration.friend),
    line('好友注册，你得', onRegistration.referrer),
    line(
      `好友${minimum || '首次消费'}，好友得`,
      onFirstPurchase.friend,
      onFirstPurchase.friend ? firstPurchaseWait(onFirstPurchase.friend, days) : '',
    ),
    line(referrerLead, onFirstPurchase.referrer),
  ].filter(Boolean);
}

/** The poster's perks, in the invited friend's words: what joining and the first purchase bring them, and when. */
export function friendPerks(programme: ReferralProgrammeView): string[] {
  if (!programme.enabled) return [];
  const { onRegistration, onFirstPurchase } = programme;
  const minimum = minimumText(programme);
  const join = onRegistration.friend ? rewardText(onRegistration.friend) : '';
  const purchase = onFirstPurchase.friend ? rewardText(onFirstPurchase.friend) : '';
  return [
    join ? joinText('注册即得', join) : '',
    purchase && onFirstPurchase.friend
      ? joinText(minimum ? `${minimum}，得` : '首次消费得', purchase) +
        firstPurchaseWait(onFirstPurchase.friend, programme.refundWindowDays)
      : '',
  ].filter(Boolean);
}

/** The other words of the invite page and the poster. */
export const INVITE_TEXT = {
  rulesOff: '邀请活动暂未开启，敬请期待',
  cardTitle: '邀请好友，一起享好礼',
  myCode: '我的邀请码',
  copy: '复制',
  copied: '邀请码已复制',
  promptHint: '好友收到的邀请和海报上会显示你的头像和昵称，更容易认出你。可以跳过，不影响邀请。',
  rewardsTitle: '邀请奖励',
  share: '分享给微信好友',
  poster: '生成邀请海报',
  friendsLabel: '已邀请好友',
  pointsLabel: '获得积分',
  couponsLabel: '获得优惠券',
  invitationsTitle: '我的邀请',
  invitationsEmpty: '还没有好友通过你的邀请加入，快去分享吧',
  welcomeHeadline: '送你一份会员见面礼',
  posterQrMissing: '小程序码暂时无法生成，请下拉或稍后再试',
  posterScan: '长按识别小程序码，领取见面礼',
  posterTellCode: '也可以把邀请码告诉好友',
  posterHint: '截屏保存海报，或长按小程序码保存、转发给好友',
} as const;

/** "邀请码 K7M2 QX9P" (the code spaced), when there is no clipboard or on the poster. */
export function codeLineText(code: string): string {
  return `邀请码 ${spacedCode(code)}`;
}

/** "3月2日 加入": when a friend joined. */
export function joinedText(day: string): string {
  return `${day} 加入`;
}

/**
 * Who invited the member (the invite page) or whose poster it is: "林小满 邀请你加入会员" by their nickname; "你的好友
 * 邀请你加入会员" when they gave none or left (never 会员 邀请你, never 微信好友).
 */
export function invitedByText(inviter: { nickname?: string | null; gone?: boolean } | undefined): string {
  const name = inviter && !inviter.gone ? inviter.nickname?.trim() : undefined;
  return name ? `${name} 邀请你加入会员` : '你的好友邀请你加入会员';
}
