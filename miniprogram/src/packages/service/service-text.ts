import {
  formatFen,
  quantityText,
  SERVICE_TICKET_MAX_PHOTOS,
  SERVICE_TICKET_TEXT_MAX,
  SERVICE_TICKET_TEXT_MIN,
  type MemberServiceTicket,
  type ServiceTicketStatus,
  type ServiceTicketType,
} from '@memberloop/shared';
import { dateTimeText } from '../../services/date-text';

/** The ticket types in the member's words. */
export const TICKET_TYPE_LABEL: Record<ServiceTicketType, string> = {
  complaint: '投诉',
  'product-quality': '商品质量',
  service: '服务态度',
  delivery: '配送问题',
  other: '其他',
};

export const TICKET_STATUS_LABEL: Record<ServiceTicketStatus, string> = {
  open: '待回复',
  answered: '处理中',
  resolved: '已解决',
  closed: '已关闭',
};

export const SERVICE_TEXT = {
  listTitle: '我的售后',
  newTicket: '我要反馈',
  none: '还没有售后记录。订单或门店体验有问题，点「我要反馈」告诉我们',
  unread: (n: number) => `${quantityText(n, '条')}新回复`,
  openTitle: '反馈问题',
  about: '反馈哪一笔订单或哪家门店',
  order: '订单',
  visit: '到店体验',
  noOrders: '还没有订单',
  noStores: '还没有到过的门店',
  store: (code: string) => `门店 ${code}`,
  online: '线上商城',
  orderLine: (orderId: string, paidAt: string, totalFen: number, where: string) =>
    `${dateTimeText(paidAt)} · ${formatFen(totalFen)} · ${where} · 订单号 ${orderId}`,
  type: '问题类型',
  text: '问题描述',
  placeholder: `请描述遇到的问题（${SERVICE_TICKET_TEXT_MIN}–${SERVICE_TICKET_TEXT_MAX} 字），我们会尽快联系您`,
  count: (n: number) => `${n}/${SERVICE_TICKET_TEXT_MAX}`,
  photos: (n: number) => `照片 ${n}/${SERVICE_TICKET_MAX_PHOTOS}（选填）`,
  addPhoto: '添加照片',
  uploading: '上传中',
  uploadFailed: '上传失败，点此重试',
  submit: '提交反馈',
  submitting: '提交中…',
  submitted: '已提交，请留意回复',
  ticketTitle: '售后详情',
  promise: (dueAt: string, slaHours: number) => `我们承诺 ${quantityText(slaHours, '小时')}内回复（${dateTimeText(dueAt)} 前）`,
  repliedAt: (at: string) => `首次回复于 ${dateTimeText(at)}`,
  openedAt: (at: string) => `提交于 ${dateTimeText(at)}`,
  you: '我',
  staff: '客服',
  conversation: '沟通记录',
  waiting: '已收到您的反馈，门店会尽快回复',
  compensation: '补偿',
  points: (n: number) => `${quantityText(n, '积分')}已发放到账户`,
  pointsPending: (n: number) => `${quantityText(n, '积分')}发放中`,
  coupon: (name: string) => `优惠券「${name}」已放入券包`,
  couponPending: (name: string) => `优惠券「${name}」发放中`,
  couponUnavailable: (name: string) => `优惠券「${name}」已发完，门店会另行联系您`,
  linkBroken: '链接不完整，请从「我的售后」进入',
} as const;

/** The compensation line the member reads, or undefined. */
export function compensationText(compensation: MemberServiceTicket['compensation']): string | undefined {
  if (!compensation) return undefined;
  if (compensation.kind === 'points') {
    const points = compensation.points ?? 0;
    return compensation.state === 'paid' ? SERVICE_TEXT.points(points) : SERVICE_TEXT.pointsPending(points);
  }
  const name = compensation.couponName ?? '';
  if (compensation.state === 'unavailable') return SERVICE_TEXT.couponUnavailable(name);
  return compensation.state === 'paid' ? SERVICE_TEXT.coupon(name) : SERVICE_TEXT.couponPending(name);
}

/** How a ticket's source reads on the list: the order number or the store. */
export function sourceText(source: MemberServiceTicket['source']): string {
  if (source.kind === 'order') return `${SERVICE_TEXT.order} ${source.orderId ?? ''}`;
  return SERVICE_TEXT.store(source.storeCode ?? '');
}
