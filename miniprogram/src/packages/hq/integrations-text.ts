import { quantityText } from '@memberloop/shared';

/** HQ's till and shop integrations screen (hq/integrations.tsx). */
export const INTEGRATIONS_TEXT = {
  /** How long the old secret keeps working after a rotation: the tills get the new one without a gap. */
  grace: [
    { hours: 24, label: `旧密钥再用 ${quantityText(24, '小时')}` },
    { hours: 72, label: `旧密钥再用 ${quantityText(72, '小时')}` },
    { hours: 0, label: '旧密钥立即失效（密钥泄露时）' },
  ],
  idFault: '编号为 2–40 个小写字母、数字或短横线，如 pos-shanghai',
  nameFault: '请填写 1–40 个字的名称',
  refusals: { CONFLICT: '这个编号已被使用，请换一个或更换该对接的密钥' },
  created: '已创建',
  rotated: '已更换密钥',
  offTitle: '停用对接',
  onTitle: '重新启用',
  offConfirm: (name: string) => `停用「${name}」？它发来的消费和退款会被拒绝，直到重新启用。`,
  onConfirm: (name: string) => `重新启用「${name}」？`,
  switchedOff: '已停用',
  switchedOn: '已启用',
  secretTitle: (name: string) => `「${name}」的签名密钥`,
  secretHint: '只显示这一次：请立即复制到收银系统或商城的设置中，关闭后无法再查看',
  copy: '复制密钥',
  savedClose: '我已保存，关闭',
  newTitle: '新建对接',
  id: '编号',
  idPlaceholder: '如 pos-shanghai',
  name: '名称',
  namePlaceholder: '如 上海门店收银',
  hint: '创建后显示一次签名密钥，收银系统和商城用它为每个请求签名',
  submitting: '提交中…',
  create: '创建对接',
  connected: (count: number) => `已对接 · ${count}`,
  none: '还没有对接收银系统或商城',
  active: '使用中',
  inactive: '已停用',
  meta: (id: string, createdDay: string, oldValidUntil?: string) =>
    [id, `${createdDay}创建`, ...(oldValidUntil ? [`旧密钥可用至 ${oldValidUntil}`] : [])].join(' · '),
  rotate: '更换密钥',
  switchOff: '停用',
  switchOn: '启用',
} as const;
