import { createHash } from 'node:crypto';

/** Buckets a member can fall in: sizes are set in hundredths of a percent. */
export const BUCKETS = 10_000;

/** An arm of an experiment: a variant key (A, B, …) or the control group, with its share in percent. */
export interface ArmSize {
  arm: string;
  percent: number;
}

/**
 * The member's bucket in [0, 10 000): the first 8 bytes of sha256("<experiment>:<member>") modulo 10 000. It
 * depends on nothing but the two ids, so re-running a send, another instance or a restart never moves a member.
 */
export function bucketOf(experimentId: string, memberId: string): number {
  const digest = createHash('sha256').update(`${experimentId}:${memberId}`).digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(BUCKETS));
}

/**
 * The arm a bucket falls in: arms take consecutive ranges of buckets in their order, each `percent × 100` wide.
 * The sizes must add up to 100 (see experimentConfigProblems).
 */
export function armOfBucket(bucket: number, arms: readonly ArmSize[]): string {
  let upper = 0;
  for (const arm of arms) {
    upper += Math.round(arm.percent * 100);
    if (bucket < upper) return arm.arm;
  }
  return arms[arms.length - 1].arm;
}

/** The member's arm in the experiment: deterministic, stable and uniform over the configured sizes. */
export function assignArm(experimentId: string, memberId: string, arms: readonly ArmSize[]): string {
  return armOfBucket(bucketOf(experimentId, memberId), arms);
}
