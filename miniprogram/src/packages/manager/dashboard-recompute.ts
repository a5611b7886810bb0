import type { AnalyticsRecomputeView } from '@memberloop/shared';

/** The dashboard polls a running recompute this often (ms). */
export const RECOMPUTE_POLL_MS = 1500;

/** Whether the run is still going (queued or running): the button waits, the page polls. */
export function recomputeActive(run: AnalyticsRecomputeView | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

/**
 * A running recompute as the bar shows it: its step in words, the members processed of the total, and how far
 * along the whole run is (the profiles take most of it; the rescoring after them is quick).
 */
export function recomputeProgress(run: AnalyticsRecomputeView): { step: string; text: string; percent: number } {
  const total = Math.max(run.total, run.processed);
  const share = total > 0 ? Math.min(1, run.processed / total) : 0;
  if (run.status === 'queued' || run.phase === null) return { step: '准备中', text: '正在统计会员人数…', percent: 0 };
  const rescoring = run.phase === 'rescoring';
  return {
    step: rescoring ? '第 2 步 / 共 2 步：更新 RFM 评分' : '第 1 步 / 共 2 步：计算会员分层',
    text: `已处理 ${run.processed} / ${total} 位会员`,
    percent: Math.round((rescoring ? 85 + 15 * share : 85 * share) * 10) / 10,
  };
}

/** Why the last recompute did not finish, in words for HQ. */
export function recomputeFailureText(run: AnalyticsRecomputeView): string {
  return run.failure === 'interrupted'
    ? '上次重新计算因服务器重启中断，数据未更新，请重新计算'
    : '上次重新计算出错，数据未更新，请稍后重试';
}

/** The CSV file's name for a period: 数据看板-2026-11-04至2026-12-03.csv. */
export function dashboardCsvName(period: { from: string; to: string }): string {
  return `数据看板-${period.from}至${period.to}.csv`;
}
