import type { Invitation } from '@memberloop/shared';

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
    invitation.pointsEarned > 0 ? `+${invitation.pointsEarned} 积分` : '',
    invitation.couponsEarned > 0 ? `${invitation.couponsEarned} 张券` : '',
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
