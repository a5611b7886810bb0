import type { CampaignStatus, FestivalPreset } from '@memberloop/shared';

/** The words of HQ's festival calendar (节日营销日历). */
export const CALENDAR_TEXT = {
  title: '节日营销日历',
  weekdays: ['日', '一', '二', '三', '四', '五', '六'],
  monthTitle: (month: string) => {
    const [year, m] = month.split('-').map(Number);
    return `${year}年${m}月`;
  },
  previous: '上个月',
  next: '下个月',
  timeZoneHint: '日历按北京时间：活动从首日 00:00 开始，到末日 24:00 结束',
  more: (n: number) => `还有 ${n} 个`,
  dayTitle: (day: string) => {
    const [, m, d] = day.split('-').map(Number);
    return `${m}月${d}日的活动`;
  },
  dayEmpty: '这一天没有活动',
  overlapTitle: '积分倍数重叠时',
  overlap: {
    best: '取最高：同一笔消费遇上多个加倍活动（含生日月）时，只按其中最高的倍数，再乘会员等级倍数',
    multiply: '相乘：同一笔消费遇上多个加倍活动（含生日月）时，各倍数相乘，再乘会员等级倍数',
  },
  overlapChoice: { best: '取最高', multiply: '相乘' },
  overlapConfirm: (choice: string) => `改为「${choice}」后，从下一笔消费起按新规则计算积分。确定修改？`,
  overlapConfirmTitle: '修改叠加规则',
  overlapSaved: '已修改',
  birthday: (parts: string) => `生日月：会员生日当月消费 ${parts}`,
  birthdayNone: '生日月：当前等级体系没有生日月加倍',
  formTitle: '排期新活动',
  presets: '从节日开始',
  presetHint: '点一下即填好名称和日期（北京时间），可再调整',
  presetLabel: {
    'spring-festival': '春节',
    '520': '520',
    '618': '618',
    'double-11': '双11',
    'member-day': '会员日',
  } satisfies Record<FestivalPreset, string>,
  birthdayMonthChip: '生日月',
  birthdayMonthName: '生日月券包',
  birthdayMonthHint:
    '在开始和结束日期之间，每月 1 日 00:00 起给当月生日的会员发券，每位会员在生日月收到一次（月中才填写生日的会员也会补发）；没有填写生日的会员不会收到。生日礼不受“近期已联系”的间隔限制',
  reachBirthday: (month: string, reach: number, targeted: number) => {
    const m = Number(month.slice(5));
    return `${m}月预计触达 ${reach} 位生日会员（${m}月生日的目标会员 ${targeted} 人，其中同意接收营销消息的 ${reach} 人）`;
  },
  birthdayRecurrence: (count: number) => `每位会员生日当月 · 共 ${count} 个月`,
  birthdayLine: (names: string) => `生日月券包：本月生日的会员自动收到「${names}」`,
  presetUnavailable: '春节日期表只到 2035 年，请手动选择日期',
  kind: '活动类型',
  kinds: { multiplier: '积分加倍', 'coupon-pack': '券包' } as const,
  name: '活动名称',
  namePlaceholder: '如 双11 双倍积分',
  defaultName: (preset: string, kind: 'multiplier' | 'coupon-pack', year: number) =>
    kind === 'multiplier' ? `${year}${preset}双倍积分` : `${year}${preset}券包`,
  memberDayName: (kind: 'multiplier' | 'coupon-pack') => (kind === 'multiplier' ? '会员日双倍积分' : '会员日券包'),
  multiplier: '积分倍数',
  multiplierPlaceholder: '1 到 10，如 2',
  multiplierUnit: '倍',
  firstDay: '开始日期',
  lastDay: '结束日期',
  memberDay: '每月会员日',
  memberDayUnit: '日',
  memberDayHint: (day: number, kind: 'multiplier' | 'coupon-pack') =>
    kind === 'multiplier'
      ? `在开始和结束日期之间，每月 ${day} 日 00:00 至 24:00 消费积分加倍`
      : `在开始和结束日期之间，每月 ${day} 日 00:00 发券，每位会员每月一次`,
  once: '开始当天 00:00 发券，每位会员一次',
  templates: '券包内容（1–5 张券）',
  noTemplates: '还没有可用的券模板，请先在「优惠券与礼品」里新建',
  tiers: '适用等级（不选即全部等级）',
  regions: '适用地区',
  regionsPlaceholder: '不填即全部地区；多个用逗号分隔',
  reachLoading: '正在计算预计触达人数…',
  reachFailed: '暂时算不出触达人数，可稍后再试',
  reachMultiplier: (n: number) => `预计覆盖 ${n} 位会员（在活动期间消费即可加倍）`,
  reachPack: (reach: number, targeted: number) =>
    `预计触达 ${reach} 位会员（目标会员 ${targeted} 人，其中同意接收营销消息的 ${reach} 人；发券时还会跳过近期刚被联系过的会员）`,
  save: '保存到日历',
  saved: '已排期',
  packsTitle: '券包活动',
  packsEmpty: '还没有券包活动',
  status: { scheduled: '未开始', running: '进行中', ended: '已结束', retired: '已停止' } satisfies Record<CampaignStatus, string>,
  window: (first: string, last: string) => `${first} 至 ${last}（北京时间）`,
  recurrence: (day: number, count: number) => `每月 ${day} 日 · 共 ${count} 次`,
  counts: (sent: number, noConsent: number, recent: number, undelivered: number) =>
    `已发 ${sent} 人 · 未同意营销 ${noConsent} 人 · 近期已联系 ${recent} 人${undelivered ? ` · 未发出 ${undelivered} 人` : ''}`,
  notSentYet: (first: string) => `${first} 00:00 起自动发券`,
  stop: '停止',
  stopTitle: '停止券包',
  stopConfirm: (name: string) => `停止「${name}」后，之后的发券都不再进行；已发出的券仍然有效。确定停止？`,
  stopped: '已停止',
  entryMultiplier: (multiplier: number, name: string) => `×${multiplier} ${name}`,
  entryPack: (name: string) => `券 ${name}`,
  faults: {
    name: '请填写活动名称，40 字以内',
    multiplier: '倍数须是 1 到 10 之间的数，最多 1 位小数',
    startsAt: '请选择开始日期',
    endsAt: '结束日期不能早于开始日期',
    templateIds: '请选择 1 到 5 张券',
    tierCodes: '请重新选择等级',
    regions: '每个地区最多 40 个字，最多 50 个',
    recurrence: '会员日须在每月 1 到 28 日之间',
  },
  tooManyTemplates: '一个券包最多 5 张券',
  refusals: {
    COUPON_TEMPLATE_RETIRED: '所选的券已停发或不存在，请重新选择',
    CAMPAIGN_ENDED: '这个活动已结束或已停止',
    NOT_FOUND: '找不到这个活动，可能已被其他同事停止',
    FORBIDDEN: '只有总部可以排期活动',
    LIMIT_REACHED: '未结束的加倍积分活动已达上限',
  },
  reasons: {
    'window-over': '结束日期已经过去：请选择以后的日期',
    'unknown-tier': '所选等级已不在等级体系中，请重新选择',
  },
} as const;
