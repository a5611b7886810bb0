import { quantityText, type GeoOfferStatus } from '@memberloop/shared';
import { dayText } from '../../services/date-text';

/** Every word of HQ's store directory and store offers page. */
export const HQ_STORES_TEXT = {
  formNew: '新增门店',
  formEdit: (code: string) => `修改门店 ${code}`,
  cancelEdit: '取消修改',
  coordinatesHint:
    '经纬度请用 GCJ-02 坐标（高德、腾讯地图和微信定位使用的坐标），可在地图上选点后复制；百度地图的 BD-09 坐标需先转换。',
  save: '保存门店',
  saving: '保存中…',
  saved: '已保存',
  added: '已添加',
  listTitle: (n: number) => `门店目录（${quantityText(n, '家')}）`,
  none: '还没有门店，先在上面新增一家',
  retired: '已停用',
  edit: '修改',
  retire: '停用',
  reactivate: '恢复',
  retiredToast: '已停用，会员不再看到这家门店',
  reactivatedToast: '已恢复',
  retireQuestion: (name: string) => `停用「${name}」后会员将看不到这家门店和它的到店优惠，确定停用吗？`,
  coordinates: (lng: number, lat: number) => `经度 ${lng} · 纬度 ${lat}`,
  offersTitle: '到店优惠',
  noOffers: '暂无到店优惠',
  addOffer: '添加到店优惠',
  offerFor: (name: string) => `为「${name}」添加到店优惠`,
  coupon: '优惠券',
  pickCoupon: '选择一张优惠券',
  noCoupons: '没有可用的优惠券：请先在「优惠券与礼品」新建一张免费券',
  radius: '领取半径（米）',
  radiusHint: '50–5000 米，会员在门店这个距离以内才能领取',
  capDays: '领取间隔（天）',
  capHint: '同一会员每隔多少天可再领一次，如 7 天即每周一次',
  dates: '起止日期',
  datesHint: '按北京时间，开始日 0 点起至结束日 24 点',
  to: '至',
  createOffer: '保存到店优惠',
  offerAdded: '已添加到店优惠',
  endOffer: '提前结束',
  endQuestion: '提前结束后会员不能再领取，已领取的券仍然有效。确定结束吗？',
  ended: '已结束',
  offerLine: (radius: number, capDays: number) =>
    `${quantityText(radius, '米')}内 · ${capDays === 1 ? '每天一次' : `每 ${quantityText(capDays, '天')}一次`}`,
  offerDays: (startsAt: string, endsAt: string) =>
    `${dayText(startsAt)} 至 ${dayText(new Date(Date.parse(endsAt) - 1).toISOString())}`,
  claims: (n: number) => `已领 ${quantityText(n, '次')}`,
  status: {
    scheduled: '未开始',
    running: '进行中',
    finished: '已结束',
    ended: '已提前结束',
  } satisfies Record<GeoOfferStatus, string>,
  fields: {
    code: { label: '门店编码', placeholder: '如 S0109，与收银系统一致' },
    name: { label: '门店名称', placeholder: '会员看到的名称' },
    address: { label: '地址', placeholder: '街道门牌' },
    city: { label: '城市', placeholder: '如 上海' },
    region: { label: '大区', placeholder: '如 华东' },
    lng: { label: '经度', placeholder: '如 121.4737' },
    lat: { label: '纬度', placeholder: '如 31.2304' },
    openingHours: { label: '营业时间', placeholder: '如 10:00–22:00，可不填' },
  },
} as const;

/** HQ's wording of the refusals these screens can meet. */
export const HQ_STORES_REFUSALS = {
  CONFLICT: '这个门店编码已存在，请直接修改它',
  NOT_FOUND: '找不到它了，请刷新列表',
  GEO_OFFER_OVERLAP: '这家门店在这些日期已有到店优惠，请先结束它或换个日期',
  GEO_OFFER_NOT_ACTIVE: '门店已停用或优惠已结束',
  COUPON_TEMPLATE_RETIRED: '这张券已停发，请换一张',
} as const;
