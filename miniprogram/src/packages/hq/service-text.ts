import { quantityText } from '@memberloop/shared';

/** HQ's service-ticket figures (hq/service.tsx). */
export const SERVICE_DASHBOARD_TEXT = {
  title: '售后服务',
  hint: (days: number) => `近 ${quantityText(days, '天')}提交的工单`,
  open: '未解决',
  breached: '超时未回复',
  escalated: '已升级总部',
  median: '首次回复中位数',
  medianValue: (minutes: number | null) =>
    minutes === null ? '暂无' : minutes < 60 ? quantityText(Math.round(minutes), '分钟') : `${(minutes / 60).toFixed(1)} 小时`,
  byStore: '各门店超时率',
  storeColumn: '门店',
  ticketsColumn: '工单',
  breachedColumn: '超时',
  rateColumn: '超时率',
  online: '线上订单',
  rate: (rate: number) => `${Math.round(rate * 100)}%`,
  none: '这段时间没有工单',
  queue: '查看工单队列',
  windows: [
    { value: '7', label: '近 7 天' },
    { value: '30', label: '近 30 天' },
    { value: '90', label: '近 90 天' },
  ],
} as const;
