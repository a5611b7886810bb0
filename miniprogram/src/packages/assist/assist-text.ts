import type { AssistCampaignView, AssistTaskView } from '@memberloop/shared';

/** What completing a task unlocks: "「新人礼券」 + 200 积分", "200 积分", "「新人礼券」". */
export function rewardText(reward: AssistCampaignView['reward']): string {
  const parts = [reward.couponName ? `「${reward.couponName}」` : '', reward.points ? `${reward.points} 积分` : ''];
  return parts.filter(Boolean).join(' + ') || '神秘好礼';
}

/** How far a task is: helpers so far out of those needed, the bar's fill, and the sentence under it. */
export function assistProgress(task: Pick<AssistTaskView, 'helpers' | 'helpersNeeded' | 'status' | 'mine'>): {
  count: string;
  ratio: number;
  text: string;
} {
  const done = Math.min(task.helpers.length, task.helpersNeeded);
  const left = task.helpersNeeded - done;
  const count = `${done}/${task.helpersNeeded}`;
  const ratio = task.helpersNeeded > 0 ? done / task.helpersNeeded : 1;
  switch (task.status) {
    case 'completed':
      return { count, ratio: 1, text: task.mine ? '助力成功，奖励已发放到你的账户' : '好友已集齐助力，奖励已到账' };
    case 'expired':
      return { count, ratio, text: `助力已结束，还差 ${left} 位好友` };
    case 'open':
      return {
        count,
        ratio,
        text: done === 0 ? `邀请 ${task.helpersNeeded} 位好友助力即可领取奖励` : `已有 ${done} 位好友助力，还差 ${left} 位`,
      };
  }
}

/** At most this many helper slots are drawn; the other empty ones are counted ("+8"). */
export const SLOTS_SHOWN = 10;

/** The helpers' slots on a task's page: every helper, then placeholders for those still needed, up to SLOTS_SHOWN. */
export function helperSlots(task: Pick<AssistTaskView, 'helpers' | 'helpersNeeded'>): {
  helpers: AssistTaskView['helpers'];
  empty: number;
  moreEmpty: number;
} {
  const left = Math.max(0, task.helpersNeeded - task.helpers.length);
  const empty = Math.min(left, Math.max(0, SLOTS_SHOWN - task.helpers.length));
  return { helpers: task.helpers, empty, moreEmpty: left - empty };
}

/** What the main button on a task's page does for the member looking at it. */
export type AssistAction = 'share' | 'help' | 'helped' | 'start-own';

export function assistAction(task: Pick<AssistTaskView, 'status' | 'mine' | 'helpedByMe'>): AssistAction {
  if (task.mine) return task.status === 'open' ? 'share' : 'start-own';
  if (task.helpedByMe) return 'helped';
  return task.status === 'open' ? 'help' : 'start-own';
}

/** The path of a task's page: what a share opens, and what the server's reward message links to. */
export function assistTaskPath(taskId: string): string {
  return `/packages/assist/index?taskId=${taskId}`;
}
