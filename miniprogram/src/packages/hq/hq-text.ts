/** Words of the HQ console: labels for what the server sends as codes (roles, audit actions, rules). */

export const ROLE_LABEL = { hq: '总部', manager: '门店运营' } as const;

/** What each audited staff action is called on HQ's screens; an unknown one shows as 其他操作. */
const AUDIT_ACTION_LABEL: Record<string, string> = {
  'staff.role-grant': '授予员工权限',
  'staff.role-change': '调整员工权限',
  'staff.role-revoke': '收回员工权限',
  'staff.stores-set': '调整负责门店',
  'community.create': '创建社群',
  'community.manager-assign': '指派社群运营',
  'community.manager-remove': '撤下社群运营',
  'community.member-remove': '移出社群成员',
  'community.announce': '发布社群公告',
  'community.coupon-send': '社群发券',
  'activity.check-in': '活动签到',
  'activity.sign-ups-export': '导出报名名单',
  'POST /api/v1/hq/coupon-templates': '新建优惠券模板',
  'PATCH /api/v1/hq/coupon-templates/:templateId': '修改优惠券模板',
  'POST /api/v1/hq/coupon-templates/:templateId/retire': '停发优惠券模板',
  'POST /api/v1/hq/coupon-templates/:templateId/reactivate': '恢复发放优惠券模板',
  'POST /api/v1/hq/gifts': '上架积分礼品',
  'PATCH /api/v1/hq/gifts/:giftId': '修改积分礼品',
  'POST /api/v1/hq/gifts/:giftId/retire': '下架积分礼品',
  'POST /api/v1/hq/gifts/:giftId/reactivate': '重新上架积分礼品',
  'member.points-adjust': '调整会员积分',
  'service-ticket.reply': '回复售后工单',
  'service-ticket.resolve': '解决售后工单',
  'service-ticket.close': '关闭售后工单',
  'service-ticket.compensation-refused': '售后补偿被拒（超出权限）',
  'service-ticket.escalate': '售后工单超时升级',
  'GET /api/v1/staff/service-tickets/:ticketId': '查看售后工单',
  'GET /api/v1/hq/members': '查找会员',
  'GET /api/v1/hq/members/:memberNo/points': '查看会员积分明细',
  'PUT /api/v1/hq/programme-rules': '修改积分与等级规则',
  'POST /api/v1/hq/earning-campaigns': '新建加倍积分活动',
  'PUT /api/v1/hq/earning-campaigns/:campaignId': '修改加倍积分活动',
  'POST /api/v1/hq/earning-campaigns/:campaignId/retire': '停止加倍积分活动',
  'POST /api/v1/hq/festival-calendar/coupon-packs': '排期节日券包',
  'POST /api/v1/hq/festival-calendar/coupon-packs/:packId/retire': '停止节日券包',
  'PUT /api/v1/hq/festival-calendar/overlap-policy': '修改积分倍数叠加规则',
  'PUT /api/v1/hq/line-multipliers': '设置商品/品类积分倍率',
  'DELETE /api/v1/hq/line-multipliers/:kind/:value': '删除商品/品类积分倍率',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABEL[action] ?? '其他操作';
}

/** Who acted: HQ's command line on the server, the system's jobs, or a staff member (by member id). */
export function auditActorLabel(actor: string, role: string): string {
  if (actor.startsWith('cli:')) return '服务器命令行';
  if (actor === 'system') return '系统任务';
  return `${role === 'hq' ? '总部' : '运营'} · ${actor.slice(-6)}`;
}

/** A store list typed by HQ: codes separated by commas, spaces or 、, without repeats. */
export function storeCodesOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，、]+/)
        .map((code) => code.trim())
        .filter(Boolean),
    ),
  ];
}

export const MEMBER_NO = /^M\d{8}$/;
