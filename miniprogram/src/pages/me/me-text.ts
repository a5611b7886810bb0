import { quantitiesText, quantityText, type ConsentKind } from '@memberloop/shared';

/** The words of 我的 (the member's profile, consents and data). */
export const ME_TEXT = {
  faceTitle: '头像与昵称',
  faceHint: '拼团、助力和邀请好友时，好友看到的是你的头像和昵称',
  saveFace: '保存资料',
  basicsTitle: '基本资料',
  memberNo: '会员号',
  phone: '手机号',
  phoneMissing: '未绑定',
  city: '城市',
  cityPlaceholder: '所在城市',
  cityFault: '城市请填写 1 到 20 个字',
  birthday: '生日',
  setBirthday: '设置生日，享生日多倍积分',
  birthdayTitle: '设置生日',
  birthdayFault: '请选择一个有效的生日',
  saveCity: '保存城市',
  saving: '保存中…',
  saved: '已保存',
  privacyTitle: '隐私与通知',
  dataTitle: '我的数据',
  exportData: '导出我的数据',
  exported: '数据已复制',
  deleteAccount: '注销账户',
  deleteQuestion: '注销后个人资料将被删除，剩余积分和优惠券作废，且无法恢复。确定注销吗？',
  deleteConfirm: '确定注销',
  deleted: '账户已注销',
  serviceTitle: '售后服务',
  serviceEntry: '我的售后',
  serviceHint: '订单或门店体验有问题，告诉我们',
  surveyTitle: '满意度问卷',
  surveyEntry: (n: number) => `${n} 份问卷待填写`,
  surveyHint: '花一分钟告诉我们您的感受，完成可得积分',
  storesTitle: '门店',
  storesEntry: '附近门店',
  storesHint: '按距离查看门店，到店附近领取门店专属优惠',
} as const;

/** The consents a member grants or withdraws, each with what it means for them. */
export const CONSENTS: ReadonlyArray<{ kind: ConsentKind; label: string; hint: string }> = [
  { kind: 'notifications', label: '服务通知', hint: '积分到期、等级变化等提醒' },
  { kind: 'marketing', label: '活动与优惠', hint: '新品、会员日与专属优惠' },
  { kind: 'personalisation', label: '个性化推荐', hint: '根据购买记录推荐商品' },
];

/** "3 月 5 日": a birthday. */
export function birthdayText(month: number, day: number): string {
  return quantitiesText([
    [month, '月'],
    [day, '日'],
  ]);
}

/** The confirmation before the birthday is set for good. */
export function birthdayQuestion(month: number, day: number): string {
  return `生日设为 ${birthdayText(month, day)}？设置后不可自行修改。`;
}

/** What the export copied: "共 3 笔订单、12 条积分记录、2 张优惠券，已复制到剪贴板。". */
export function exportedText(counts: { purchases: number; entries: number; coupons: number }): string {
  return `共 ${quantityText(counts.purchases, '笔')}订单、${quantityText(counts.entries, '条')}积分记录、${quantityText(counts.coupons, '张')}优惠券，已复制到剪贴板。`;
}
