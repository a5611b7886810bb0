import { quantityText } from '@memberloop/shared';
import type { PostView } from '@memberloop/shared';

/** The post review screen's words (manager/review.tsx). */
export const REVIEW_TEXT = {
  tabs: [
    { value: 'pending', label: '待审核' },
    { value: 'approved', label: '已通过' },
    { value: 'rejected', label: '已拒绝' },
  ],
  kind: { show: '晒单', review: '评价' } as Record<PostView['kind'], string>,
  /** Reasons managers give most; any other can be typed. */
  quickReasons: ['图片与商品无关', '内容过于简单', '含广告或引流', '重复发布'],
  approved: (points: number) => `已通过，发放 ${quantityText(points, '积分')}`,
  rejected: '已拒绝',
  rejectReason: (reason: string) => `拒绝原因：${reason}`,
  paid: (points: number) => `已发放 ${quantityText(points, '积分')}`,
  reasonPlaceholder: '拒绝原因（作者会看到）',
  reasonFault: `请填写拒绝原因，2 到 ${quantityText(100, '字')}`,
  back: '返回',
  confirmReject: '确认拒绝',
  pointsOnApproval: (points: number) => `通过后发放 ${quantityText(points, '积分')}`,
  reject: '拒绝',
  approve: '通过',
  nothingPending: '没有待审核的晒单，休息一下吧',
  nothingHere: '这里还没有内容',
  community: '社群',
  brandPosts: '品牌晒单',
} as const;

export const REVIEW_REFUSALS = { CONFLICT: '这条已被其他运营处理' } as const;
