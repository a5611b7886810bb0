import {
  MAX_POINTS_ADJUSTMENT,
  MEMBER_NO_PATTERN,
  MemberMergeRequest,
  memberLookupKey,
  PointsAdjustmentRequest,
} from '@memberloop/shared';

/** What HQ typed to find a member, checked as the server checks it: the problem in words, or none. */
export function lookupProblem(text: string): string | undefined {
  if (text.trim() === '') return '请输入会员号或手机号';
  return memberLookupKey(text) ? undefined : '请输入会员号（M 加 8 位数字）或 11 位手机号';
}

export type Direction = 'add' | 'take';

export interface AdjustmentDraft {
  direction: Direction;
  points: string;
  reason: string;
}

export interface AdjustmentProblems {
  points?: string;
  reason?: string;
}

/**
 * The adjustment HQ is about to send, from the same contract the server checks, and what is wrong with it field by
 * field; a deduction beyond the member's spendable points is named before it is sent.
 */
export function adjustmentOf(
  draft: AdjustmentDraft,
  spendable: number,
): { request?: PointsAdjustmentRequest; problems: AdjustmentProblems } {
  const problems: AdjustmentProblems = {};
  const amount = /^\d+$/.test(draft.points.trim()) ? Number(draft.points.trim()) : NaN;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_POINTS_ADJUSTMENT)
    problems.points = `请填写 1–${MAX_POINTS_ADJUSTMENT} 之间的整数`;
  else if (draft.direction === 'take' && amount > spendable) problems.points = `最多可扣减 ${spendable} 积分（当前可用积分）`;
  const parsed = PointsAdjustmentRequest.safeParse({
    points: draft.direction === 'take' ? -amount : amount,
    reason: draft.reason,
  });
  if (!parsed.success && parsed.error.issues.some((issue) => issue.path[0] === 'reason'))
    problems.reason = '请填写调整原因（4–200 字），会记入操作记录';
  if (Object.keys(problems).length > 0 || !parsed.success) return { problems };
  return { request: parsed.data, problems };
}

export interface MergeProblems {
  fromMemberNo?: string;
  reason?: string;
}

/**
 * The merge HQ is about to send: the account typed goes into the member on screen. From the same contract the server
 * checks, with each field's problem in words.
 */
export function mergeOf(
  fromText: string,
  reason: string,
  intoMemberNo: string,
): { request?: MemberMergeRequest; problems: MergeProblems } {
  const fromMemberNo = fromText.trim().toUpperCase();
  const problems: MergeProblems = {};
  if (!MEMBER_NO_PATTERN.test(fromMemberNo)) problems.fromMemberNo = '请填写要并入的会员号（M 加 8 位数字）';
  else if (fromMemberNo === intoMemberNo) problems.fromMemberNo = '不能把会员合并到自己';
  const parsed = MemberMergeRequest.safeParse({ fromMemberNo, intoMemberNo, reason });
  if (!parsed.success && parsed.error.issues.some((issue) => issue.path[0] === 'reason'))
    problems.reason = '请填写合并原因（4–200 字），如核实同一人的方式';
  if (Object.keys(problems).length > 0 || !parsed.success) return { problems };
  return { request: parsed.data, problems };
}
