import { signInHintText, streakDayText, streakText, taskRewardText, tasksTitleText } from './points-page-text';

describe('points page words', () => {
  it('spaces numbers and units one way', () => {
    expect(streakText(3)).toBe('已连续签到 3 天');
    expect(signInHintText(10, 4)).toBe('每天签到 +10 积分，本月已签 4 天');
    expect(streakDayText(7)).toBe('第 7 天');
    expect(taskRewardText(100, '常客')).toBe('奖励 100 积分 + 「常客」徽章');
  });

  it('reads the business month as a member does, never as 2026-12', () => {
    expect(tasksTitleText('2026-12')).toBe('本月任务 · 12月');
    expect(tasksTitleText('2027-01')).toBe('本月任务 · 1月');
    expect(tasksTitleText('garbled')).toBe('本月任务');
  });
});
