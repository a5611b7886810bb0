import type { AssistTaskView } from '@memberloop/shared';
import {
  assistAction,
  assistProgress,
  assistTaskPath,
  campaignAskText,
  campaignEndText,
  campaignRewardText,
  helperSlots,
  invitedByText,
  myTaskButtonText,
  rewardText,
  taskRewardText,
  taskRules,
  taskShareTitle,
} from './assist-text';

const helper = (name: string) => ({ name, nickname: name, gone: false, helpedAt: '2026-11-22T08:00:00.000Z' });
const task = (over: Partial<AssistTaskView>): AssistTaskView => ({
  id: 't'.repeat(24),
  campaignId: 'c'.repeat(24),
  title: '冬季焕新助力',
  starterName: '小满',
  starter: { nickname: '小满', avatarUrl: null, gone: false },
  helpersNeeded: 3,
  helpers: [],
  deadline: '2026-11-23T08:00:00.000Z',
  status: 'open',
  mine: true,
  helpedByMe: false,
  reward: { couponName: '满199减30', points: 200 },
  ...over,
});

describe('assist progress', () => {
  it('counts helpers out of those needed and says how many are still needed', () => {
    expect(assistProgress(task({}))).toEqual({ count: '0/3', ratio: 0, text: '邀请 3 位好友助力即可领取奖励' });
    expect(assistProgress(task({ helpers: [helper('阿青'), helper('小白')] }))).toEqual({
      count: '2/3',
      ratio: 2 / 3,
      text: '已有 2 位好友助力，还差 1 位',
    });
  });

  it('says when a task is done or over', () => {
    const full = [helper('a'), helper('b'), helper('c')];
    expect(assistProgress(task({ helpers: full, status: 'completed' }))).toEqual({
      count: '3/3',
      ratio: 1,
      text: '助力成功，奖励已发放到你的账户',
    });
    expect(assistProgress(task({ helpers: full, status: 'completed', mine: false })).text).toBe('好友已集齐助力，奖励已到账');
    expect(assistProgress(task({ helpers: [helper('a')], status: 'expired' }))).toMatchObject({
      count: '1/3',
      text: '助力已结束，还差 2 位好友',
    });
  });
});

describe('helper slots', () => {
  it('draws every helper and a placeholder per friend still needed, counting those beyond ten', () => {
    expect(helperSlots(task({ helpers: [helper('阿青')] }))).toEqual({ helpers: [helper('阿青')], empty: 2, moreEmpty: 0 });
    expect(helperSlots(task({ helpersNeeded: 30, helpers: [helper('阿青')] }))).toMatchObject({ empty: 9, moreEmpty: 20 });
    expect(helperSlots(task({ helpersNeeded: 1, helpers: [helper('a'), helper('b')] }))).toMatchObject({
      empty: 0,
      moreEmpty: 0,
    });
  });
});

describe('assist actions and rewards', () => {
  it('lets the starter share, a friend help once, and everyone else start their own', () => {
    expect(assistAction(task({}))).toBe('share');
    expect(assistAction(task({ status: 'completed' }))).toBe('start-own');
    expect(assistAction(task({ mine: false }))).toBe('help');
    expect(assistAction(task({ mine: false, helpedByMe: true }))).toBe('helped');
    expect(assistAction(task({ mine: false, status: 'expired' }))).toBe('start-own');
  });

  it('names the reward in the member’s words', () => {
    expect(rewardText({ couponName: '满199减30', points: 200 })).toBe('「满199减30」 + 200 积分');
    expect(rewardText({ points: 200 })).toBe('200 积分');
    expect(rewardText({ couponName: '新人礼券' })).toBe('「新人礼券」');
  });

  it('links to the task page the server’s reward message opens', () => {
    expect(assistTaskPath('a'.repeat(24))).toBe(`/packages/assist/index?taskId=${'a'.repeat(24)}`);
  });
});

describe('assist words', () => {
  it('writes a campaign’s reward, ask and end with one space around each count', () => {
    expect(campaignRewardText({ points: 200 })).toBe('奖励 200 积分');
    expect(campaignRewardText({ couponName: '新人礼券' })).toBe('奖励「新人礼券」');
    expect(campaignAskText({ helpersNeeded: 2, hoursToComplete: 24 })).toBe('邀请 2 位好友助力 · 24 小时内完成');
    expect(campaignEndText('12月8日 10:00')).toBe('活动截止 12月8日 10:00');
  });

  it('says where the member’s own task stands on its button', () => {
    expect(myTaskButtonText(task({ helpers: [helper('阿青')] }))).toBe('进度 1/3');
    expect(myTaskButtonText(task({ status: 'completed' }))).toBe('已完成');
    expect(myTaskButtonText(task({ status: 'expired' }))).toBe('已结束');
  });

  it('invites a friend, promises the reward and states the rules', () => {
    expect(invitedByText('林小满')).toBe('林小满 邀请你帮TA助力');
    expect(taskRewardText(task({ reward: { points: 200 } }))).toBe('集齐 3 位好友助力，得 200 积分');
    expect(taskRewardText(task({ reward: { couponName: '新人礼券' } }))).toBe('集齐 3 位好友助力，得「新人礼券」');
    expect(taskShareTitle(task({ reward: { points: 200 } }))).toBe('帮我助力一下，集齐 3 位好友就能领 200 积分');
    expect(taskRules(task({}), '11月23日 16:00')[0]).toBe('1. 在 11月23日 16:00 前集齐 3 位好友助力即可得奖励');
  });
});
