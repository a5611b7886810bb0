/**
 * Monthly tasks: buy N times in a business month and earn a bonus and a badge. Rules as data, so a brand can
 * add its own; the engine only counts and pays once per member, task and month.
 */
export interface MonthlyTask {
  code: string;
  title: string;
  /** Purchases in the month (refunded orders do not count). */
  target: number;
  bonusPoints: number;
  badge: { code: string; name: string };
}

export const MONTHLY_TASKS: readonly MonthlyTask[] = [
  {
    code: 'monthly-3-purchases',
    title: '本月消费满 3 次',
    target: 3,
    bonusPoints: 100,
    badge: { code: 'regular-shopper', name: '常客' },
  },
];

export interface TaskProgress {
  task: MonthlyTask;
  progress: number;
  completed: boolean;
}

export function taskProgress(task: MonthlyTask, purchases: number): TaskProgress {
  return { task, progress: Math.min(purchases, task.target), completed: purchases >= task.target };
}
