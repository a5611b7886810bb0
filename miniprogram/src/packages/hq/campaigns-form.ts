import {
  brandClockText,
  brandDateTimeText,
  brandDay,
  brandMoment,
  CampaignInput,
  LineMultiplierInput,
  type CampaignRecurrence,
  type CampaignView,
  type LineMultiplierView,
  type ProgrammeRules,
  type TierDefinition,
} from '@memberloop/shared';

/** What the campaign form holds: text as typed, dates and times as the pickers give them, on the brand's clock. */
export interface CampaignDraft {
  name: string;
  multiplier: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  /** Empty = every tier. */
  tierCodes: string[];
  /** Empty = in store and online. */
  channels: Array<'store' | 'online'>;
  /** Regions as typed, separated by commas, spaces or 、; empty = everywhere. */
  regions: string;
  /** A member day scheduled on the festival calendar: kept as it is when the campaign is changed here. */
  recurrence?: CampaignRecurrence;
}

export type CampaignField = 'name' | 'multiplier' | 'startsAt' | 'endsAt' | 'regions';

export const STATUS_LABEL: Record<CampaignView['status'], string> = {
  scheduled: '未开始',
  running: '进行中',
  ended: '已结束',
  retired: '已停止',
};

export const CHANNEL_LABEL = { store: '门店', online: '线上商城' } as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** "2026-12-12" and "00:00" on the brand's clock. */
export function pickerParts(at: Date | string, timeZone: string): { date: string; time: string } {
  return { date: brandDay(at, timeZone), time: brandClockText(at, timeZone) };
}

/** The moment the date and time pickers name on the brand's clock; undefined until both are set. */
export function momentOf(date: string, time: string, timeZone: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  return brandMoment(date, time, timeZone);
}

/** A new campaign's form: from the next whole hour, for seven days, double points, everyone. */
export function newCampaignDraft(now: Date, timeZone: string): CampaignDraft {
  const start = new Date(Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS);
  const s = pickerParts(start, timeZone);
  const e = pickerParts(new Date(start.getTime() + 7 * DAY_MS), timeZone);
  return {
    name: '',
    multiplier: '2',
    startDate: s.date,
    startTime: s.time,
    endDate: e.date,
    endTime: e.time,
    tierCodes: [],
    channels: [],
    regions: '',
  };
}

/** The form for changing a campaign, as it is. */
export function campaignDraftOf(campaign: CampaignView, timeZone: string): CampaignDraft {
  const s = pickerParts(campaign.startsAt, timeZone);
  const e = pickerParts(campaign.endsAt, timeZone);
  return {
    name: campaign.name,
    multiplier: String(campaign.multiplier),
    startDate: s.date,
    startTime: s.time,
    endDate: e.date,
    endTime: e.time,
    tierCodes: campaign.tierCodes ?? [],
    channels: campaign.channels ?? [],
    regions: (campaign.regions ?? []).join('、'),
    ...(campaign.recurrence ? { recurrence: campaign.recurrence } : {}),
  };
}

function listOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，、]+/)
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The campaign the form describes, checked as the server checks it (shape, multiplier 1–10, end after start, not
 * over at `now`): the request body, or each field at fault in Chinese.
 */
export function campaignInputOf(
  draft: CampaignDraft,
  now: Date,
  timeZone: string,
): { input: CampaignInput } | { problems: Partial<Record<CampaignField, string>> } {
  const problems: Partial<Record<CampaignField, string>> = {};
  const startsAt = momentOf(draft.startDate, draft.startTime, timeZone);
  const endsAt = momentOf(draft.endDate, draft.endTime, timeZone);
  const multiplierText = draft.multiplier.trim();
  if (!/^\d+(\.\d)?$/.test(multiplierText)) problems.multiplier = '倍数须是 1 到 10 之间的数，最多 1 位小数';
  const regions = listOf(draft.regions);
  const body = {
    name: draft.name.trim(),
    multiplier: Number(multiplierText),
    startsAt: startsAt?.toISOString() ?? '',
    endsAt: endsAt?.toISOString() ?? '',
    ...(draft.tierCodes.length > 0 ? { tierCodes: draft.tierCodes } : {}),
    ...(regions.length > 0 ? { regions } : {}),
    ...(draft.channels.length > 0 ? { channels: draft.channels } : {}),
    ...(draft.recurrence ? { recurrence: draft.recurrence } : {}),
  };
  const parsed = CampaignInput.safeParse(body);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as CampaignField;
      if (field === 'regions') problems.regions ??= '每个地区最多 40 个字，最多 50 个';
      else problems[field] ??= issue.message;
    }
  if (!problems.endsAt && endsAt && endsAt.getTime() <= now.getTime()) problems.endsAt = '结束时间已经过去：请选择以后的时间';
  return Object.keys(problems).length > 0 ? { problems } : { input: parsed.data! };
}

/**
 * "12月12日 00:00 至 12月13日 00:00" on the brand's clock; a retired campaign says when it stopped and what its
 * window was to be.
 */
export function windowText(
  campaign: Pick<CampaignView, 'startsAt' | 'endsAt' | 'retiredAt' | 'recurrence'>,
  timeZone: string,
): string {
  const start = brandDateTimeText(campaign.startsAt, timeZone);
  const end = brandDateTimeText(campaign.endsAt, timeZone);
  const retired = campaign.retiredAt;
  const monthly = campaign.recurrence ? `，每月 ${campaign.recurrence.dayOfMonth} 日全天` : '';
  if (!retired || Date.parse(retired) >= Date.parse(campaign.endsAt)) return `${start} 至 ${end}${monthly}`;
  const stopped = brandDateTimeText(retired, timeZone);
  if (Date.parse(retired) <= Date.parse(campaign.startsAt)) return `原定 ${start} 至 ${end}，${stopped} 取消，未开始`;
  return `${start} 至 ${stopped}（提前停止，原定至 ${end}）`;
}

/** Who a campaign is for: "金卡、黑钻 · 门店 · 上海", or 全部会员. */
export function scopeText(campaign: Pick<CampaignView, 'tierCodes' | 'channels' | 'regions'>, tiers: TierDefinition[]): string {
  const parts = [
    campaign.tierCodes
      ? campaign.tierCodes.map((code) => tiers.find((t) => t.code === code)?.name ?? code).join('、')
      : '全部等级',
    campaign.channels ? campaign.channels.map((c) => CHANNEL_LABEL[c]).join('、') : '门店和线上',
    ...(campaign.regions ? [campaign.regions.join('、')] : []),
  ];
  return parts.join(' · ');
}

/** How overlapping campaigns combine, in HQ's words. */
export function stackingText(stacking: ProgrammeRules['earning']['promotionStacking']): string {
  return stacking === 'best'
    ? '同一笔消费遇上多个活动（含生日月倍数）时，只取其中最高的倍数，再乘会员等级倍数'
    : '同一笔消费遇上多个活动（含生日月倍数）时，各倍数相乘，再乘会员等级倍数';
}

function overlap(a: CampaignView, b: CampaignView): boolean {
  const end = (c: CampaignView) => Math.min(Date.parse(c.endsAt), c.retiredAt ? Date.parse(c.retiredAt) : Infinity);
  return Date.parse(a.startsAt) < end(b) && Date.parse(b.startsAt) < end(a);
}

/**
 * For each scheduled or running campaign that overlaps others still to come or running: which, and the most a
 * purchase in the overlap gets from them together ("与「会员日」时间重叠，重叠时按最高 3 倍计").
 */
export function overlapNotes(
  campaigns: CampaignView[],
  stacking: ProgrammeRules['earning']['promotionStacking'],
): Record<string, string> {
  const live = campaigns.filter((c) => c.status === 'scheduled' || c.status === 'running');
  const notes: Record<string, string> = {};
  for (const campaign of live) {
    const others = live.filter((o) => o.id !== campaign.id && overlap(campaign, o));
    if (others.length === 0) continue;
    const multipliers = [campaign, ...others].map((c) => c.multiplier);
    const combined =
      stacking === 'best' ? Math.max(...multipliers) : Math.round(multipliers.reduce((p, m) => p * m, 1) * 100) / 100;
    notes[campaign.id] =
      `与${others.map((o) => `「${o.name}」`).join('')}时间重叠，同时适用时` +
      (stacking === 'best' ? `取最高 ${combined} 倍` : `倍数相乘，最多 ${combined} 倍`);
  }
  return notes;
}

export type LineField = 'value' | 'multiplier';

/** The SKU or category rule the form describes: the request body, or each field at fault in Chinese. */
export function lineInputOf(
  kind: 'sku' | 'category',
  value: string,
  multiplier: string,
): { input: LineMultiplierInput } | { problems: Partial<Record<LineField, string>> } {
  const problems: Partial<Record<LineField, string>> = {};
  const text = multiplier.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) problems.multiplier = '倍数须是 0 到 10 之间的数（0 表示不积分）';
  const parsed = LineMultiplierInput.safeParse({
    match: kind === 'sku' ? { sku: value.trim() } : { category: value.trim() },
    multiplier: Number(text),
  });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === 'match') problems.value ??= issue.message;
      else problems.multiplier ??= issue.message;
    }
  return Object.keys(problems).length > 0 ? { problems } : { input: parsed.data! };
}

/** "SKU TEA-1（乌龙茶）" or "品类 茶饮". */
export function lineRuleText(rule: LineMultiplierView): string {
  if ('sku' in rule.match) return `SKU ${rule.match.sku}${rule.productName ? `（${rule.productName}）` : ''}`;
  return `品类 ${rule.match.category}`;
}

/** The words for the rules' fields a version changed (the history's paths). */
const FIELD_LABEL: Record<string, string> = {
  'earning.pointsPerYuan': '每消费 1 元得积分',
  'earning.promotionStacking': '多个活动的叠加方式',
  'earning.dailyCap': '每人每天最多得积分',
  'earning.monthlyCap': '每人每月最多得积分',
  'earning.lineMultipliers': '商品/品类倍率',
  'earning.campaigns': '加倍积分活动',
  'points.validMonths': '积分有效期',
  'points.pendingDays': '消费积分到账等待',
  'points.refundShortfallPolicy': '退款扣回不足时的处理',
  'points.expiryReminderDays': '积分到期前提醒',
  'tiers.holdMonths': '等级保持期',
  'tiers.downgrade': '保级未达标时的降级方式',
  'coupons.expiryReminderDays': '优惠券到期前提醒',
};

const CAMPAIGN_FIELD_LABEL: Record<string, string> = {
  name: '名称',
  multiplier: '倍数',
  startsAt: '开始时间',
  endsAt: '结束时间',
  tierCodes: '适用等级',
  regions: '适用地区',
  channels: '适用渠道',
  retiredAt: '停止',
};

/**
 * One changed path of the rules' history in HQ's words: "每消费 1 元得积分", "加倍积分活动「双十二」 倍数",
 * "新增 商品/品类倍率 SKU TEA-1". `campaignNames` names campaigns by id (unknown ones show their id); `how` says an
 * item was added or removed whole.
 */
export function changeText(path: string, campaignNames: Record<string, string>, how?: 'added' | 'removed'): string {
  const prefix = how === 'added' ? '新增 ' : how === 'removed' ? '删除 ' : '';
  const campaign = /^earning\.campaigns\[([^\]]+)\](?:\.(\w+))?$/.exec(path);
  if (campaign) {
    const [, id, field] = campaign;
    const name = `加倍积分活动「${campaignNames[id] ?? id}」`;
    if (!field) return `${prefix}${name}`;
    return field === 'retiredAt' ? `${name} 停止` : `${name} ${CAMPAIGN_FIELD_LABEL[field] ?? field}`;
  }
  const line = /^earning\.lineMultipliers\[(sku|category):(.+?)\](\.\w+)?$/.exec(path);
  if (line) return `${prefix}商品/品类倍率 ${line[1] === 'sku' ? 'SKU' : '品类'} ${line[2]}${line[3] ? ' 倍数' : ''}`;
  return FIELD_LABEL[path] ?? path;
}

/** What a version changed, one line per path, in HQ's words. */
export function versionChangeTexts(
  version: { changes: string[]; added: string[]; removed: string[] },
  campaignNames: Record<string, string>,
): string[] {
  return version.changes.map((path) =>
    changeText(
      path,
      campaignNames,
      version.added.includes(path) ? 'added' : version.removed.includes(path) ? 'removed' : undefined,
    ),
  );
}

/**
 * The words under the SKU / category field for the server's refusal of a rule (its `details.reason`): the product
 * or category the catalogue does not have. Undefined for any other refusal.
 */
export function lineRefusalText(reason: unknown, kind: 'sku' | 'category', value: string): string | undefined {
  const name = value.trim();
  if (kind === 'sku' && reason === 'unknown-sku') return `商品目录中没有这个 SKU（${name}）：请先在商品目录中添加这个商品`;
  if (kind === 'sku' && reason === 'retired-sku') return `这个商品（${name}）已下架：请先在商品目录中恢复，或换一个在售的商品`;
  if (kind === 'category' && reason === 'unknown-category') return `商品目录中没有「${name}」品类的在售商品：请检查品类名称`;
  return undefined;
}
