import type { RegionPackStatus, RegionPackView } from '@memberloop/shared';

/** The words of HQ's region benefit packs screen (地区会员礼包). */
export const REGION_PACKS_TEXT = {
  title: '地区会员礼包',
  newPack: '新建礼包',
  editPack: (name: string) => `修改草稿 ${name}`,
  cancelEdit: '取消修改',
  list: (n: number) => `礼包 · ${n}`,
  empty: '还没有地区礼包：在左侧新建一个',
  name: '名称',
  namePlaceholder: '会员看到的礼包名，如 港澳会员礼包',
  regions: '适用地区',
  regionsHint: '与会员资料里填写的地区一致',
  regionsPlaceholder: '如 香港、澳门（用顿号分隔）',
  minTier: '起始等级',
  minTierHint: '该等级及以上的会员享有',
  coupons: '升级礼券',
  couponsHint: '会员每升到一个适用等级发一次（发布时已在适用等级的会员由后台补发一次）',
  couponsEmpty: '还没有可用的优惠券模板',
  multiplier: '积分加倍',
  multiplierHint: '会员在适用地区消费时，在等级倍数之上再乘以此倍数',
  multiplierPlaceholder: '可不填；1 到 3，如 1.5',
  highlights: '权益说明',
  highlightsPlaceholder: '会员卡上展示，每行一条，最多 6 行',
  save: '保存草稿',
  saveChanges: '保存修改',
  saving: '保存中…',
  created: '草稿已保存',
  saved: '已修改',
  publish: '发布',
  published: '已发布，已在适用等级的会员将在一分钟内收到礼券',
  withdraw: '下线',
  withdrawn: '已下线',
  edit: '修改',
  fixedHint: '发布后礼包内容不能修改（会员已按它领取）；如需调整请下线后新建',
  status: { draft: '草稿', published: '已发布', withdrawn: '已下线' } satisfies Record<RegionPackStatus, string>,
  faults: {
    name: '请填写礼包名称，最多 20 个字',
    regions: '请至少填写一个地区，每个地区最多 20 个字，不要重复',
    minTierCode: '请选择起始等级',
    couponTemplateIds: '升级礼券最多选 5 张',
    pointsMultiplier: '积分加倍请填 1 到 3 之间的数字，最多两位小数（不加倍请留空）',
    highlights: '请填写 1 到 6 行权益说明，每行最多 40 个字',
  },
  refusals: {
    NOT_FOUND: '找不到这个礼包',
    REGION_PACK_UNKNOWN_TIER: '等级体系里没有这个等级，请重新选择',
    REGION_PACK_UNKNOWN_TEMPLATE: '有优惠券模板不存在或已停用，请重新选择',
    REGION_PACK_NOT_EDITABLE: '礼包已发布或已下线，内容不能再修改',
  },
} as const;

/** "香港、澳门 · 金卡及以上 · 积分 1.5 倍 · 1 张升级礼券 · 已发放 12 人次" */
export function packSummary(pack: RegionPackView): string {
  return [
    pack.regions.join('、'),
    `${pack.minTierName}及以上`,
    ...(pack.pointsMultiplier ? [`积分 ${pack.pointsMultiplier} 倍`] : []),
    ...(pack.couponTemplates.length > 0 ? [`升级礼券：${pack.couponTemplates.map((t) => t.name).join('、')}`] : []),
    ...(pack.status === 'draft' ? [] : [`已发放 ${pack.grantedCount} 人次`]),
  ].join(' · ');
}
