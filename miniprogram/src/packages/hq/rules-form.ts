import { ProgrammeRules } from '@memberloop/shared';

/** The programme rules HQ edits on its screen, each with its words and the range the server accepts. */
export const RULE_FIELDS = [
  { path: 'earning.pointsPerYuan', label: '每消费 1 元得积分', unit: '分', problem: '请填写大于 0、不超过 100 的数' },
  {
    path: 'earning.dailyCap',
    label: '每人每天最多得积分',
    unit: '分',
    problem: '请填写正整数，或留空表示不设上限',
    optional: true,
  },
  {
    path: 'earning.monthlyCap',
    label: '每人每月最多得积分',
    unit: '分',
    problem: '请填写正整数，或留空表示不设上限',
    optional: true,
  },
  { path: 'points.validMonths', label: '积分有效期', unit: '个月', problem: '请填写 1–60 之间的整数' },
  { path: 'points.pendingDays', label: '消费积分到账等待', unit: '天', problem: '请填写 0–60 之间的整数（0 为立即到账）' },
  { path: 'points.expiryReminderDays', label: '积分到期前提醒', unit: '天', problem: '请填写 1–90 之间的整数' },
  { path: 'tiers.holdMonths', label: '等级保持期', unit: '个月', problem: '请填写 1–36 之间的整数' },
  { path: 'coupons.expiryReminderDays', label: '优惠券到期前提醒', unit: '天', problem: '请填写 1–30 之间的整数' },
] as const;

export type RulePath = (typeof RULE_FIELDS)[number]['path'];
export type RuleDraft = Record<RulePath, string>;

function read(rules: ProgrammeRules, path: RulePath): number | undefined {
  const [group, key] = path.split('.') as [keyof ProgrammeRules, string];
  return (rules[group] as Record<string, number | undefined>)[key];
}

/** The form's text fields for these rules. */
export function draftOf(rules: ProgrammeRules): RuleDraft {
  return Object.fromEntries(RULE_FIELDS.map((f) => [f.path, read(rules, f.path)?.toString() ?? ''])) as RuleDraft;
}

/**
 * The rules the form describes, over the ones loaded (what the form does not show is kept), checked by the
 * contract the server uses: the rules, or each field at fault with its Chinese message.
 */
export function rulesOf(
  loaded: ProgrammeRules,
  draft: RuleDraft,
  choices: {
    refundShortfallPolicy: ProgrammeRules['points']['refundShortfallPolicy'];
    downgrade: ProgrammeRules['tiers']['downgrade'];
  },
): { rules: ProgrammeRules } | { problems: Partial<Record<RulePath, string>> } {
  // A deep copy by JSON: rules are plain data, and the weapp's JavaScript has no structuredClone.
  const next = JSON.parse(JSON.stringify(loaded)) as ProgrammeRules;
  next.points.refundShortfallPolicy = choices.refundShortfallPolicy;
  next.tiers.downgrade = choices.downgrade;
  const problems: Partial<Record<RulePath, string>> = {};
  for (const field of RULE_FIELDS) {
    const text = draft[field.path].trim();
    const [group, key] = field.path.split('.') as [keyof ProgrammeRules, string];
    const target = next[group] as Record<string, number | undefined>;
    if (text === '' && 'optional' in field) delete target[key];
    else if (!/^\d+(\.\d+)?$/.test(text)) problems[field.path] = field.problem;
    else target[key] = Number(text);
  }
  const parsed = ProgrammeRules.safeParse(next);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = RULE_FIELDS.find((f) => f.path === issue.path.slice(0, 2).join('.'));
      if (field) problems[field.path] ??= field.problem;
    }
  return Object.keys(problems).length > 0 ? { problems } : { rules: next };
}

/**
 * The rules to save from this form over the latest saved ones: the campaigns and the SKU / category multipliers are
 * edited on their own page (one at a time, maybe while this form was open), so they are sent as saved now, never as
 * this form loaded them.
 */
export function withLatestLists(rules: ProgrammeRules, latest: ProgrammeRules): ProgrammeRules {
  return {
    ...rules,
    earning: { ...rules.earning, campaigns: latest.earning.campaigns, lineMultipliers: latest.earning.lineMultipliers },
  };
}
