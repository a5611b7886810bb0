import { quantityText } from '@memberloop/shared';

/** The community members list's words (manager/members.tsx). */
export const MEMBERS_TEXT = {
  title: '社群成员',
  phonesMasked: '手机号已脱敏',
  empty: '还没有成员加入',
  noPhone: '未绑定手机',
  joined: (day: string) => `${day} 加入`,
  loadingMore: '加载中…',
  more: '加载更多',
  total: (count: number) => `共 ${quantityText(count, '位成员')}`,
  linkBroken: '社群链接不完整',
} as const;
