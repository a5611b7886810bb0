import {
  addCalendarDays,
  brandDay,
  brandLastDay,
  CouponTemplateChange,
  formatFen,
  GiftChange,
  NewCouponTemplate,
  NewGift,
  startOfBrandDay,
  yuanToFen,
  type CouponBenefit,
  type CouponValidity,
  type HqCouponTemplateView,
  type HqGiftView,
} from '@memberloop/shared';

/* HQ's offers screen: coupon templates and points gifts typed as text (amounts in yuan, dates as brand days), turned
   into what the contract takes (fen, instants) and checked by the contract's own zod schemas, each field at fault
   named with its Chinese words before anything is sent. */

export type BenefitKind = CouponBenefit['kind'];

/** The coupon form's fields, as typed. */
export interface CouponDraft {
  name: string;
  kind: BenefitKind;
  /** Yuan off (fixed, threshold). */
  amount: string;
  /** Yuan an order must reach (threshold). */
  threshold: string;
  /** The discount as Chinese shops write it: 8.5 (折) is 15% off. */
  discount: string;
  /** The most a percent coupon takes off, in yuan. */
  cap: string;
  /** A gift coupon's product and the price it is sold at. */
  sku: string;
  giftPrice: string;
  validityType: CouponValidity['type'];
  days: string;
  /** Brand days, YYYY-MM-DD: valid from the start of `from` to the end of `to`. */
  from: string;
  to: string;
  totalStock: string;
  perMemberLimit: string;
  /** Points it is exchanged for; empty for a free coupon. */
  pointsPrice: string;
  claimable: boolean;
  releasedToManagers: boolean;
  /** The products (SKUs) and categories it is limited to, separated by commas; both empty: the whole order. */
  scopeSkus: string;
  scopeCategories: string;
}

export type CouponField = Exclude<keyof CouponDraft, 'kind' | 'validityType' | 'claimable'>;
export type CouponProblems = Partial<Record<CouponField, string>>;

export const COUPON_PROBLEM: Record<CouponField, string> = {
  name: '请填写券名称，最多 30 个字',
  amount: '减免金额须大于 0，最多两位小数，如 20 或 12.50',
  threshold: '使用门槛须为金额，且高于减免金额，如 199',
  discount: '折扣请填 1–9.9 之间、最多一位小数，如 8.5',
  cap: '最高减免须大于 0，最多两位小数',
  sku: '请填写商品目录中在售商品的 SKU',
  giftPrice: '换购价须为不小于 0 的金额，最多两位小数',
  days: '领取后有效天数请填 1–366 之间的整数',
  from: '请选择开始日期',
  to: '请选择结束日期，且不早于开始日期',
  totalStock: '库存请填 1 到 1000 万之间的整数',
  perMemberLimit: '每人限领请填 1–100 之间的整数',
  pointsPrice: '兑换积分请填正整数，留空表示免费领取',
  releasedToManagers: '积分兑换的券不能交给门店运营发放',
  scopeSkus: 'SKU 为字母、数字或短横线，用逗号分隔，最多 200 个；换购券不设范围',
  scopeCategories: '品类用逗号分隔，每个最多 64 个字，最多 50 个',
};

export const BENEFIT_KINDS: ReadonlyArray<{ value: BenefitKind; label: string }> = [
  { value: 'fixed', label: '立减' },
  { value: 'threshold', label: '满减' },
  { value: 'percent', label: '折扣' },
  { value: 'gift', label: '换购' },
];

export function emptyCouponDraft(today: string): CouponDraft {
  return {
    name: '',
    kind: 'fixed',
    amount: '',
    threshold: '',
    discount: '',
    cap: '',
    sku: '',
    giftPrice: '',
    validityType: 'afterClaim',
    days: '30',
    from: today,
    to: addCalendarDays(today, 30),
    totalStock: '',
    perMemberLimit: '1',
    pointsPrice: '',
    claimable: true,
    releasedToManagers: false,
    scopeSkus: '',
    scopeCategories: '',
  };
}

const yuanText = (fen: number) => formatFen(fen).replace('¥', '').replace(/,/g, '').replace(/\.00$/, '');

/** A template in the form, to change it. */
export function draftOfTemplate(template: HqCouponTemplateView, timeZone: string, today: string): CouponDraft {
  const draft = emptyCouponDraft(today);
  const { benefit, validity } = template;
  if (benefit.kind === 'fixed') draft.amount = yuanText(benefit.amountFen);
  if (benefit.kind === 'threshold') {
    draft.amount = yuanText(benefit.amountFen);
    draft.threshold = yuanText(benefit.thresholdFen);
  }
  if (benefit.kind === 'percent') {
    draft.discount = String((100 - benefit.percentOff) / 10);
    draft.cap = yuanText(benefit.capFen);
  }
  if (benefit.kind === 'gift') {
    draft.sku = benefit.sku;
    draft.giftPrice = yuanText(benefit.priceFen);
  }
  return {
    ...draft,
    name: template.name,
    kind: benefit.kind,
    validityType: validity.type,
    ...(validity.type === 'afterClaim'
      ? { days: String(validity.days) }
      : // The window ends at the start of the day after its last day (ends are exclusive).
        { from: brandDay(validity.from, timeZone), to: brandLastDay(validity.to, timeZone) }),
    totalStock: String(template.totalStock),
    perMemberLimit: String(template.perMemberLimit),
    pointsPrice: template.pointsPrice ? String(template.pointsPrice) : '',
    claimable: template.claimable,
    releasedToManagers: template.releasedToManagers,
    scopeSkus: template.scope?.skus.join('，') ?? '',
    scopeCategories: template.scope?.categories.join('，') ?? '',
  };
}

/** A list typed with commas (Chinese or not), spaces or 、, without blanks or repeats. */
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

/** The scope the form names, or undefined for the whole order. */
function scopeOf(draft: CouponDraft): { skus: string[]; categories: string[] } | undefined {
  const skus = listOf(draft.scopeSkus);
  const categories = listOf(draft.scopeCategories);
  return skus.length + categories.length > 0 ? { skus, categories } : undefined;
}

function fenOf(text: string, { positive }: { positive: boolean }): number | undefined {
  try {
    const fen = yuanToFen(text);
    return fen > 0 || (!positive && fen === 0) ? fen : undefined;
  } catch {
    return undefined;
  }
}

function integerOf(text: string): number | undefined {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The benefit the form describes, with the fields at fault. */
function benefitOf(draft: CouponDraft, problems: CouponProblems): CouponBenefit | undefined {
  switch (draft.kind) {
    case 'fixed': {
      const amountFen = fenOf(draft.amount, { positive: true });
      if (amountFen === undefined) problems.amount = COUPON_PROBLEM.amount;
      return amountFen === undefined ? undefined : { kind: 'fixed', amountFen };
    }
    case 'threshold': {
      const amountFen = fenOf(draft.amount, { positive: true });
      const thresholdFen = fenOf(draft.threshold, { positive: true });
      if (amountFen === undefined) problems.amount = COUPON_PROBLEM.amount;
      if (thresholdFen === undefined || (amountFen !== undefined && thresholdFen <= amountFen))
        problems.threshold = COUPON_PROBLEM.threshold;
      return amountFen === undefined || thresholdFen === undefined ? undefined : { kind: 'threshold', thresholdFen, amountFen };
    }
    case 'percent': {
      const match = /^(\d)(?:\.(\d))?$/.exec(draft.discount.trim());
      const tenths = match ? Number(match[1]) * 10 + Number(match[2] ?? 0) : undefined;
      const percentOff = tenths === undefined ? undefined : 100 - tenths;
      const capFen = fenOf(draft.cap, { positive: true });
      if (percentOff === undefined || percentOff < 1 || percentOff > 90) problems.discount = COUPON_PROBLEM.discount;
      if (capFen === undefined) problems.cap = COUPON_PROBLEM.cap;
      return percentOff === undefined || capFen === undefined ? undefined : { kind: 'percent', percentOff, capFen };
    }
    case 'gift': {
      const priceFen = fenOf(draft.giftPrice, { positive: false });
      if (priceFen === undefined) problems.giftPrice = COUPON_PROBLEM.giftPrice;
      if (!draft.sku.trim()) problems.sku = COUPON_PROBLEM.sku;
      return priceFen === undefined ? undefined : { kind: 'gift', sku: draft.sku.trim(), priceFen };
    }
  }
}

/** The validity the form describes: brand days from the start of `from` to the end of `to`. */
function validityOf(draft: CouponDraft, timeZone: string, problems: CouponProblems): CouponValidity | undefined {
  if (draft.validityType === 'afterClaim') {
    const days = integerOf(draft.days);
    if (days === undefined || days < 1 || days > 366) problems.days = COUPON_PROBLEM.days;
    return days === undefined ? undefined : { type: 'afterClaim', days };
  }
  if (!DAY.test(draft.from)) problems.from = COUPON_PROBLEM.from;
  if (!DAY.test(draft.to) || (DAY.test(draft.from) && draft.to < draft.from)) problems.to = COUPON_PROBLEM.to;
  if (problems.from || problems.to) return undefined;
  return {
    type: 'window',
    from: startOfBrandDay(draft.from, timeZone).toISOString(),
    to: startOfBrandDay(addCalendarDays(draft.to, 1), timeZone).toISOString(),
  };
}

/** The field a contract issue is about, by its path. */
function couponFieldOf(path: PropertyKey[], kind: BenefitKind): CouponField | undefined {
  const [head, inner] = path;
  if (head === 'benefit') {
    if (inner === 'percentOff') return 'discount';
    if (inner === 'capFen') return 'cap';
    if (inner === 'thresholdFen') return 'threshold';
    if (inner === 'priceFen') return 'giftPrice';
    if (inner === 'sku') return 'sku';
    return kind === 'threshold' ? 'threshold' : kind === 'percent' ? 'discount' : kind === 'gift' ? 'giftPrice' : 'amount';
  }
  if (head === 'validity') return 'to';
  if (head === 'scope') return inner === 'categories' ? 'scopeCategories' : 'scopeSkus';
  if (typeof head === 'string' && head in COUPON_PROBLEM) return head as CouponField;
  return undefined;
}

function contractProblems(
  issues: ReadonlyArray<{ path: PropertyKey[] }>,
  kind: BenefitKind,
  problems: CouponProblems,
): CouponProblems {
  for (const issue of issues) {
    const field = couponFieldOf(issue.path, kind) ?? 'name';
    problems[field] ??= COUPON_PROBLEM[field];
  }
  return problems;
}

/** The numbers and switches every template has, read from the form. */
function countsOf(draft: CouponDraft, problems: CouponProblems) {
  const totalStock = integerOf(draft.totalStock);
  const perMemberLimit = integerOf(draft.perMemberLimit);
  const pointsPrice = draft.pointsPrice.trim() === '' ? undefined : integerOf(draft.pointsPrice);
  if (totalStock === undefined || totalStock < 1) problems.totalStock = COUPON_PROBLEM.totalStock;
  if (perMemberLimit === undefined || perMemberLimit < 1) problems.perMemberLimit = COUPON_PROBLEM.perMemberLimit;
  if (draft.pointsPrice.trim() !== '' && (pointsPrice === undefined || pointsPrice < 1))
    problems.pointsPrice = COUPON_PROBLEM.pointsPrice;
  return { totalStock, perMemberLimit, pointsPrice };
}

/** A new template from the form, checked by the server's contract, or each field at fault. */
export function newTemplateOf(
  draft: CouponDraft,
  timeZone: string,
): { template: NewCouponTemplate } | { problems: CouponProblems } {
  const problems: CouponProblems = {};
  const benefit = benefitOf(draft, problems);
  const validity = validityOf(draft, timeZone, problems);
  const { totalStock, perMemberLimit, pointsPrice } = countsOf(draft, problems);
  const parsed = NewCouponTemplate.safeParse({
    name: draft.name,
    benefit: benefit ?? { kind: 'fixed', amountFen: 1 },
    validity: validity ?? { type: 'afterClaim', days: 1 },
    totalStock: totalStock ?? 1,
    perMemberLimit: perMemberLimit ?? 1,
    claimable: draft.claimable,
    releasedToManagers: draft.releasedToManagers,
    ...(pointsPrice ? { pointsPrice } : {}),
    // A gift coupon is for its own product: the scope fields are hidden then, and whatever they hold is not sent.
    ...(draft.kind !== 'gift' && scopeOf(draft) ? { scope: scopeOf(draft) } : {}),
  });
  if (!parsed.success) contractProblems(parsed.error.issues, draft.kind, problems);
  if (Object.keys(problems).length > 0 || !parsed.success) return { problems };
  return { template: parsed.data };
}

/**
 * What the form changes of `template` (only what differs), or each field at fault; null when nothing changed. The
 * benefit and validity are sent only when they differ: the server refuses them once a coupon of it exists.
 */
export function templateChangesOf(
  template: HqCouponTemplateView,
  draft: CouponDraft,
  timeZone: string,
): { changes: CouponTemplateChange } | { problems: CouponProblems } | null {
  const problems: CouponProblems = {};
  const benefit = benefitOf(draft, problems);
  const validity = validityOf(draft, timeZone, problems);
  const { totalStock, perMemberLimit } = countsOf({ ...draft, pointsPrice: '' }, problems);
  if (totalStock !== undefined && totalStock < template.issuedCount)
    problems.totalStock = `已发出 ${template.issuedCount} 张，库存不能少于 ${template.issuedCount}`;
  if (draft.releasedToManagers && template.pointsPrice) problems.releasedToManagers = COUPON_PROBLEM.releasedToManagers;
  if (Object.keys(problems).length > 0) return { problems };
  // The terms count as changed only when HQ changed their fields: a window stored to the second (made through the
  // API) is not rounded to whole days by an edit of the name, and fixed terms are never sent.
  const before = draftOfTemplate(template, timeZone, draft.from);
  const benefitFields = {
    fixed: ['amount'],
    threshold: ['amount', 'threshold'],
    percent: ['discount', 'cap'],
    gift: ['sku', 'giftPrice'],
  }[draft.kind] as Array<keyof CouponDraft>;
  const benefitChanged = draft.kind !== before.kind || benefitFields.some((f) => draft[f] !== before[f]);
  const validityFields: Array<keyof CouponDraft> = draft.validityType === 'afterClaim' ? ['days'] : ['from', 'to'];
  const validityChanged = draft.validityType !== before.validityType || validityFields.some((f) => draft[f] !== before[f]);
  const fixed = termsFixed(template);
  const changes: CouponTemplateChange = {
    ...(draft.name.trim() !== template.name ? { name: draft.name } : {}),
    ...(totalStock !== template.totalStock ? { totalStock } : {}),
    ...(perMemberLimit !== template.perMemberLimit ? { perMemberLimit } : {}),
    ...(draft.claimable !== template.claimable ? { claimable: draft.claimable } : {}),
    ...(draft.releasedToManagers !== template.releasedToManagers ? { releasedToManagers: draft.releasedToManagers } : {}),
    ...(benefit && benefitChanged && !fixed ? { benefit } : {}),
    ...(validity && validityChanged && !fixed ? { validity } : {}),
  };
  if (Object.keys(changes).length === 0) return null;
  const parsed = CouponTemplateChange.safeParse(changes);
  return parsed.success ? { changes: parsed.data } : { problems: contractProblems(parsed.error.issues, draft.kind, {}) };
}

/** Whether the template's benefit and validity are fixed: members already hold coupons of it. */
export function termsFixed(template: HqCouponTemplateView): boolean {
  return template.issuedCount > 0 || template.claimedCount > 0;
}

/** The benefit in words, as managers and HQ read it: "满 ¥199 减 ¥20", "8.5 折，最高减 ¥50". */
export function benefitText(benefit: CouponBenefit): string {
  const yuan = (fen: number) => formatFen(fen, { compact: true });
  switch (benefit.kind) {
    case 'fixed':
      return `立减 ${yuan(benefit.amountFen)}`;
    case 'threshold':
      return `满 ${yuan(benefit.thresholdFen)} 减 ${yuan(benefit.amountFen)}`;
    case 'percent':
      return `${(100 - benefit.percentOff) / 10} 折，最高减 ${yuan(benefit.capFen)}`;
    case 'gift':
      return `${yuan(benefit.priceFen)} 换购 ${benefit.sku}`;
  }
}

/** The validity in words, on the brand's calendar: "领取后 30 天内有效", "2026-12-01 至 2026-12-31". */
export function validityText(validity: CouponValidity, timeZone: string): string {
  if (validity.type === 'afterClaim') return `领取后 ${validity.days} 天内有效`;
  return `${brandDay(validity.from, timeZone)} 至 ${brandLastDay(validity.to, timeZone)}`;
}

/** The gift form's fields, as typed. */
export interface GiftDraft {
  name: string;
  description: string;
  pointsCost: string;
  stock: string;
  perMemberLimit: string;
}

export type GiftField = keyof GiftDraft;
export type GiftProblems = Partial<Record<GiftField, string>>;

export const GIFT_PROBLEM: Record<GiftField, string> = {
  name: '请填写礼品名称，最多 40 个字',
  description: '说明最多 500 个字',
  pointsCost: '所需积分请填 1 到 1000 万之间的整数',
  stock: '库存请填 0 到 1000 万之间的整数',
  perMemberLimit: '每人限兑请填 1–1000 之间的整数',
};

export const EMPTY_GIFT: GiftDraft = { name: '', description: '', pointsCost: '', stock: '', perMemberLimit: '1' };

export function draftOfGift(gift: HqGiftView): GiftDraft {
  return {
    name: gift.name,
    description: gift.description,
    pointsCost: String(gift.pointsCost),
    stock: String(gift.stock),
    perMemberLimit: String(gift.perMemberLimit),
  };
}

function giftNumbers(draft: GiftDraft): Record<'pointsCost' | 'stock' | 'perMemberLimit', number> {
  // Not a number: -1, which every one of the contract's ranges refuses, so the contract names the field.
  const read = (text: string) => integerOf(text) ?? -1;
  return { pointsCost: read(draft.pointsCost), stock: read(draft.stock), perMemberLimit: read(draft.perMemberLimit) };
}

function giftProblems(issues: ReadonlyArray<{ path: PropertyKey[] }>): GiftProblems {
  const problems: GiftProblems = {};
  for (const issue of issues) {
    const field = (typeof issue.path[0] === 'string' && issue.path[0] in GIFT_PROBLEM ? issue.path[0] : 'name') as GiftField;
    problems[field] ??= GIFT_PROBLEM[field];
  }
  return problems;
}

export function newGiftOf(draft: GiftDraft): { gift: NewGift } | { problems: GiftProblems } {
  const parsed = NewGift.safeParse({ name: draft.name, description: draft.description, ...giftNumbers(draft) });
  return parsed.success ? { gift: parsed.data } : { problems: giftProblems(parsed.error.issues) };
}

export function giftChangesOf(gift: HqGiftView, draft: GiftDraft): { changes: GiftChange } | { problems: GiftProblems } | null {
  const numbers = giftNumbers(draft);
  const candidate = {
    ...(draft.name.trim() !== gift.name ? { name: draft.name } : {}),
    ...(draft.description.trim() !== gift.description ? { description: draft.description } : {}),
    ...(numbers.pointsCost !== gift.pointsCost ? { pointsCost: numbers.pointsCost } : {}),
    ...(numbers.stock !== gift.stock ? { stock: numbers.stock } : {}),
    ...(numbers.perMemberLimit !== gift.perMemberLimit ? { perMemberLimit: numbers.perMemberLimit } : {}),
  };
  if (Object.keys(candidate).length === 0) return null;
  const parsed = GiftChange.safeParse(candidate);
  return parsed.success ? { changes: parsed.data } : { problems: giftProblems(parsed.error.issues) };
}
