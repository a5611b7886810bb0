import { quantityText, type ServiceTicketStatus, type ServiceTicketType, type StaffServiceTicket } from '@memberloop/shared';
import { dateTimeText } from '../../services/date-text';

const TYPE: Record<ServiceTicketType, string> = {
  complaint: '投诉',
  'product-quality': '商品质量',
  service: '服务态度',
  delivery: '配送问题',
  other: '其他',
};
const STATUS: Record<ServiceTicketStatus, string> = { open: '待回复', answered: '已回复', resolved: '已解决', closed: '已关闭' };

/** The staff ticket queue and a ticket's page (manager/tickets.tsx, manager/ticket.tsx). */
export const TICKETS_TEXT = {
  type: TYPE,
  status: STATUS,
  tabs: [
    { value: 'active', label: '待处理' },
    { value: 'done', label: '已处理' },
  ],
  queueTitle: '售后工单',
  hqScope: '总部 · 全部门店与线上订单',
  managerScope: '我负责门店的工单，按回复截止时间排序',
  empty: '暂无工单',
  online: '线上订单',
  store: (code: string) => `门店 ${code}`,
  member: (ticket: Pick<StaffServiceTicket, 'member'>) => `${ticket.member.nickname ?? '会员'}（${ticket.member.memberNo}）`,
  due: (dueAt: string) => `回复截止 ${dateTimeText(dueAt)}`,
  breached: '已超时',
  escalated: '已升级总部',
  repliedAt: (at: string) => `首次回复 ${dateTimeText(at)}`,
  openedAt: (at: string) => `提交于 ${dateTimeText(at)}`,
  order: (orderId: string) => `订单 ${orderId}`,
  visit: '到店体验',
  conversation: '沟通记录',
  noMessages: '还没有回复，请尽快联系会员',
  memberSaid: '会员',
  staffSaid: '门店',
  reply: '回复会员',
  replyPlaceholder: '回复内容会通知会员（500 字以内）',
  send: '发送回复',
  sending: '发送中…',
  replied: '已回复，已通知会员',
  resolve: '解决并补偿',
  notePlaceholder: '处理结果，会发给会员（500 字以内）',
  compensation: '补偿方式',
  none: '不补偿',
  points: '积分',
  coupon: '优惠券',
  pointsPlaceholder: (cap: number) => `积分数，最多 ${cap}`,
  capHint: (cap: number) => `你的角色单次最多补偿 ${quantityText(cap, '积分')}`,
  noCoupons: '总部还没有开放可发的补偿券',
  resolveButton: '确认解决',
  resolving: '处理中…',
  resolved: '已解决',
  close: '关闭工单',
  closing: '关闭中…',
  closed: '工单已关闭',
  paid: (c: NonNullable<StaffServiceTicket['compensation']>) =>
    c.kind === 'points'
      ? `补偿 ${quantityText(c.points ?? 0, '积分')}${c.state === 'paid' ? '，已到账' : c.state === 'pending' ? '，发放中' : ''}`
      : `补偿优惠券「${c.couponName ?? ''}」${c.state === 'paid' ? '，已发放' : c.state === 'pending' ? '，发放中' : '，库存不足未发出'}`,
  replyFaults: { text: '请填写回复内容，500 字以内' },
  resolveFaults: { note: '请填写处理结果，500 字以内', compensation: '请填写正确的补偿积分数或选择一张券' },
  linkBroken: '工单链接不完整',
  refusals: {
    NOT_FOUND: '这张工单不在你负责的门店范围内',
    TICKET_CLOSED: '这张工单已被处理，请刷新查看',
    COMPENSATION_OVER_CAP: '补偿超出你的权限上限，请联系总部',
  },
  reasons: {
    OWN_ACCOUNT: '不能给自己的账号补偿，请让同事处理',
    'template-not-released': '这张券总部没有开放给门店发放',
  },
} as const;
