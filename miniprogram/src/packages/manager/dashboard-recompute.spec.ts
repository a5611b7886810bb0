import type { AnalyticsRecomputeView } from '@memberloop/shared';
import { dashboardCsvName, recomputeActive, recomputeFailureText, recomputeProgress } from './dashboard-recompute';

const run = (over: Partial<AnalyticsRecomputeView>): AnalyticsRecomputeView => ({
  id: 'r1',
  trigger: 'hq',
  status: 'running',
  phase: 'profiles',
  processed: 0,
  total: 0,
  startedAt: '2026-12-03T02:00:00.000Z',
  updatedAt: '2026-12-03T02:00:00.000Z',
  finishedAt: null,
  summary: null,
  failure: null,
  ...over,
});

describe('the dashboard recompute progress', () => {
  it('says how many members are processed, and how far the run is', () => {
    expect(recomputeProgress(run({ status: 'queued', phase: null }))).toEqual({
      step: '准备中',
      text: '正在统计会员人数…',
      percent: 0,
    });
    expect(recomputeProgress(run({ processed: 500, total: 1000 }))).toEqual({
      step: '第 1 步 / 共 2 步：计算会员分层',
      text: '已处理 500 / 1000 位会员',
      percent: 42.5,
    });
    expect(recomputeProgress(run({ phase: 'rescoring', processed: 1000, total: 1000 })).percent).toBe(100);
    // Members who joined since the count: never more than all of it.
    expect(recomputeProgress(run({ processed: 1010, total: 1000 }))).toMatchObject({
      text: '已处理 1010 / 1010 位会员',
      percent: 85,
    });
  });

  it('polls only while it is queued or running', () => {
    expect(recomputeActive(run({ status: 'queued' }))).toBe(true);
    expect(recomputeActive(run({ status: 'running' }))).toBe(true);
    expect(recomputeActive(run({ status: 'done' }))).toBe(false);
    expect(recomputeActive(run({ status: 'failed' }))).toBe(false);
    expect(recomputeActive(undefined)).toBe(false);
  });

  it('words a failure in Chinese', () => {
    expect(recomputeFailureText(run({ status: 'failed', failure: 'interrupted' }))).toContain('中断');
    expect(recomputeFailureText(run({ status: 'failed', failure: 'cursor closed' }))).toBe(
      '上次重新计算出错，数据未更新，请稍后重试',
    );
  });

  it('names the CSV by its period', () => {
    expect(dashboardCsvName({ from: '2026-11-04', to: '2026-12-03' })).toBe('数据看板-2026-11-04至2026-12-03.csv');
  });
});
