import { NewPaidPlan, PaidPlanChanges, formatFen, yuanToFen, type PaidPlanTerm, type PaidPlanView } from '@memberloop/shared';

/** The plan form as typed: money and the multiplier as text, the pack as a count per coupon template. */
export interface PaidPlanDraft {
  name: string;
  price: string;
  term: PaidPlanTerm;
  multiplier: string;
  freeDelivery: boolean;
  presaleAccess: boolean;
  /** Coupon template id → how many a month, as typed. */
  pack: Record<string, string>;
}

export type PaidPlanField = 'name' | 'price' | 'multiplier' | 'pack';
export type PaidPlanProblems = Partial<Record<PaidPlanField, string>>;

export const EMPTY_PAID_PLAN: PaidPlanDraft = {
  name: '',
  price: '',
  term: 'annual',
  multiplier: '1',
  freeDelivery: false,
  presaleAccess: false,
  pack: {},
};

const PRICE_PROBLEM = '价格为大于 0 的金额，最多两位小数，如 199.00';
const MULTIPLIER_PROBLEM = '积分加倍为 1 到 3 之间的数，最多两位小数，如 1.5';
const PACK_PROBLEM = '每种券每月 0 到 10 张，最多 5 种券';
const NAME_PROBLEM = '名称为 1 到 20 个字';

export function draftOfPlan(plan: PaidPlanView): PaidPlanDraft {
  return {
    name: plan.name,
    price: formatFen(plan.priceFen).replace('¥', '').replace(/,/g, ''),
    term: plan.term,
    multiplier: String(plan.benefits.pointsMultiplier),
    freeDelivery: plan.benefits.freeDelivery,
    presaleAccess: plan.benefits.presaleAccess,
    pack: Object.fromEntries(plan.benefits.couponPack.map((i) => [i.templateId, String(i.count)])),
  };
}

function priceOf(text: string): number | undefined {
  try {
    const fen = yuanToFen(text.trim());
    return fen > 0 ? fen : undefined;
  } catch {
    return undefined;
  }
}

function packOf(pack: Record<string, string>): Array<{ templateId: string; count: number }> | undefined {
  const items: Array<{ templateId: string; count: number }> = [];
  for (const [templateId, text] of Object.entries(pack)) {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed === '0') continue;
    if (!/^\d{1,2}$/.test(trimmed)) return undefined;
    items.push({ templateId, count: Number(trimmed) });
  }
  return items;
}

/** The body the form makes, checked by the server's contract, or each field at fault. */
function bodyOf(draft: PaidPlanDraft): { body: NewPaidPlan } | { problems: PaidPlanProblems } {
  const problems: PaidPlanProblems = {};
  const priceFen = priceOf(draft.price);
  if (priceFen === undefined) problems.price = PRICE_PROBLEM;
  const multiplier = draft.multiplier.trim() === '' ? NaN : Number(draft.multiplier.trim());
  const couponPack = packOf(draft.pack);
  if (!couponPack) problems.pack = PACK_PROBLEM;
  const parsed = NewPaidPlan.safeParse({
    name: draft.name,
    priceFen: priceFen ?? 1,
    term: draft.term,
    benefits: {
      pointsMultiplier: multiplier,
      couponPack: couponPack ?? [],
      freeDelivery: draft.freeDelivery,
      presaleAccess: draft.presaleAccess,
    },
  });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const [first, second] = issue.path;
      if (first === 'name') problems.name ??= NAME_PROBLEM;
      else if (second === 'pointsMultiplier') problems.multiplier ??= MULTIPLIER_PROBLEM;
      else if (second === 'couponPack') problems.pack ??= PACK_PROBLEM;
    }
  if (Object.keys(problems).length > 0 || !parsed.success) return { problems };
  return { body: parsed.data };
}

export function newPaidPlanOf(draft: PaidPlanDraft): { plan: NewPaidPlan } | { problems: PaidPlanProblems } {
  const result = bodyOf(draft);
  return 'problems' in result ? result : { plan: result.body };
}

/** What the form changes of `plan` (only what differs), each field at fault, or null when nothing changed. */
export function paidPlanChangesOf(
  plan: PaidPlanView,
  draft: PaidPlanDraft,
): { changes: PaidPlanChanges } | { problems: PaidPlanProblems } | null {
  const result = bodyOf(draft);
  if ('problems' in result) return result;
  const next = result.body;
  const sameBenefits =
    JSON.stringify({ ...next.benefits, couponPack: [...next.benefits.couponPack].sort(byTemplate) }) ===
    JSON.stringify({ ...plan.benefits, couponPack: [...plan.benefits.couponPack].sort(byTemplate) });
  const changes: PaidPlanChanges = {
    ...(next.name.trim() !== plan.name ? { name: next.name } : {}),
    ...(next.priceFen !== plan.priceFen ? { priceFen: next.priceFen } : {}),
    ...(next.term !== plan.term ? { term: next.term } : {}),
    ...(sameBenefits ? {} : { benefits: next.benefits }),
  };
  if (Object.keys(changes).length === 0) return null;
  const parsed = PaidPlanChanges.safeParse(changes);
  return parsed.success ? { changes } : { problems: {} };
}

function byTemplate(a: { templateId: string }, b: { templateId: string }): number {
  return a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0;
}
