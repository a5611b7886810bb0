import { joinText, quantityText, type AssistCampaignView, type AssistTaskView } from '@memberloop/shared';

/** What completing a task unlocks: "「新人礼券」 + 200 积分", "200 积分", "「新人礼券」". */
export function rewardText(reward: AssistCampaignView['reward']): string {
  const parts = [reward.couponName ? `「${reward.couponName}」` : '', reward.points ? quantityText(reward.points, '积分') : ''];
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

/** The fixed words of the friend-assist screens. */
export const ASSIST_TEXT = {
  campaignsTitle: '好友助力',
  campaignsHint: '好友帮一帮，好礼拿到手',
  noCampaigns: '暂时没有助力活动，敬请期待',
  start: '发起助力',
  starting: '发起中…',
  mineTitle: '我的助力',
  noTasks: '还没有发起助力，选一个活动邀请好友吧',
  progressTitle: '助力进度',
  progressLabel: '助力进度',
  myTask: '我的助力任务',
  helperWaiting: '待助力',
  invite: '邀请好友助力',
  help: '帮TA助力',
  helping: '助力中…',
  helped: '你已助力',
  helpedToast: '助力成功，谢谢你',
  otherCampaigns: '看看其他助力活动',
  startOwn: '我也要发起助力',
  rulesTitle: '活动规则',
  campaignsShare: '邀请好友助力，一起领好礼',
  taskShareFallback: '快来帮我助力',
  brokenLink: '助力链接不完整，请让好友重新分享',
} as const;

export const TASK_STATUS_LABEL: Record<AssistTaskView['status'], string> = {
  open: '助力中',
  completed: '已完成',
  expired: '已结束',
};

/** The server's refusals in the member's words. */
export const START_REFUSALS = { ASSIST_CLOSED: '这个助力活动已结束' } as const;
export const HELP_REFUSALS = {
  ALREADY_DONE: '你已经帮TA助力过了',
  ASSIST_CLOSED: '这个助力已经结束了',
  FORBIDDEN: '不能给自己助力，快分享给好友吧',
} as const;

/** A campaign's reward line: "奖励 200 积分". */
export function campaignRewardText(reward: AssistCampaignView['reward']): string {
  return joinText('奖励', rewardText(reward));
}

/** What a campaign asks: "邀请 2 位好友助力 · 24 小时内完成". */
export function campaignAskText(campaign: Pick<AssistCampaignView, 'helpersNeeded' | 'hoursToComplete'>): string {
  return `邀请 ${quantityText(campaign.helpersNeeded, '位')}好友助力 · ${quantityText(campaign.hoursToComplete, '小时')}内完成`;
}

/** A campaign's end, with the date as the screen writes it: "活动截止 12月8日 10:00". */
export function campaignEndText(when: string): string {
  return `活动截止 ${when}`;
}

/** The button of a campaign the member started: its progress while open ("进度 1/2"), else its state. */
export function myTaskButtonText(task: Pick<AssistTaskView, 'status' | 'helpers' | 'helpersNeeded' | 'mine'>): string {
  return task.status === 'open' ? `进度 ${assistProgress(task).count}` : TASK_STATUS_LABEL[task.status];
}

/** Under a friend's face: "林小满 邀请你帮TA助力". */
export function invitedByText(name: string): string {
  return `${name} 邀请你帮TA助力`;
}

/** The reward of a task: "集齐 2 位好友助力，得 200 积分". */
export function taskRewardText(task: Pick<AssistTaskView, 'helpersNeeded' | 'reward'>): string {
  return `集齐 ${quantityText(task.helpersNeeded, '位')}好友助力，${joinText('得', rewardText(task.reward))}`;
}

/** What a share of a task says. */
export function taskShareTitle(task: Pick<AssistTaskView, 'helpersNeeded' | 'reward'>): string {
  return `帮我助力一下，集齐 ${quantityText(task.helpersNeeded, '位')}好友就能${joinText('领', rewardText(task.reward))}`;
}

/** The rules under a task, line by line; `deadline` as the screen writes it. */
export function taskRules(task: Pick<AssistTaskView, 'helpersNeeded'>, deadline: string): string[] {
  return [
    `1. 在 ${deadline} 前集齐 ${quantityText(task.helpersNeeded, '位')}好友助力即可得奖励`,
    '2. 每位好友只能为同一个任务助力一次，不能给自己助力',
    '3. 奖励在集齐助力后自动发放到账户',
  ];
}
