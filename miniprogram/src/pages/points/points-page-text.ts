import { joinText, ordinalText, quantityText, signedQuantityText } from '@memberloop/shared';

/** The words of the points page (签到与积分); a statement line's own words are in services/points-text. */
export const POINTS_PAGE_TEXT = {
  signInTitle: '每日签到',
  signIn: '立即签到',
  signingIn: '签到中…',
  signedInToday: '今日已签到',
  alreadySignedIn: '今天已经签到过了',
  historyTitle: '积分明细',
  historyEmpty: '还没有积分记录，消费或签到即可获得积分',
  loadMore: '加载更多',
  loadingMore: '加载中…',
  historyEnd: '没有更多了',
  taskDone: '已完成',
} as const;

/** "已连续签到 3 天". */
export function streakText(days: number): string {
  return joinText('已连续签到', quantityText(days, '天'));
}

/** "每天签到 +10 积分，本月已签 3 天". */
export function signInHintText(dailyPoints: number, daysThisMonth: number): string {
  return `${joinText('每天签到', signedQuantityText(dailyPoints, '积分'))}，${joinText('本月已签', quantityText(daysThisMonth, '天'))}`;
}

/** "本月任务 · 12月": the business month (YYYY-MM) the tasks count in, as a member reads it. */
export function tasksTitleText(month: string): string {
  const found = /^\d{4}-(\d{2})$/.exec(month);
  return found ? `本月任务 · ${Number(found[1])}月` : '本月任务';
}

/** "奖励 100 积分 + 「常客」徽章". */
export function taskRewardText(bonusPoints: number, badgeName: string): string {
  return `${joinText('奖励', quantityText(bonusPoints, '积分'))} + 「${badgeName}」徽章`;
}

/** "2/3": a task's progress. */
export function taskProgressText(progress: number, target: number): string {
  return `${progress}/${target}`;
}

/** "🏅 常客 ×2". */
export function badgeText(name: string, times: number): string {
  return `🏅 ${name} ×${times}`;
}

/** "第 3 天": a day of the streak on the sign-in strip. */
export function streakDayText(day: number): string {
  return ordinalText(day, '天');
}
