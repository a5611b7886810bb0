import type { Model, Types } from 'mongoose';

/** A quota document: the ids holding its slots, in the order they took them. */
export interface QuotaSlots {
  _id: string;
  holders: Types.ObjectId[];
}

/**
 * Takes one of `limit` slots of the quota `quotaId` (a member's paid reviews of a day, a referrer's referrals of
 * a month) for `holder`, in one atomic update, so concurrent takers never exceed the limit. True when the holder
 * has a slot (now or from an earlier call: taking twice is safe).
 */
export async function takeQuotaSlot(
  quotas: Model<QuotaSlots>,
  quotaId: string,
  holder: Types.ObjectId,
  limit: number,
): Promise<boolean> {
  try {
    const taken = await quotas.updateOne(
      { _id: quotaId, holders: { $ne: holder }, [`holders.${limit - 1}`]: { $exists: false } },
      { $push: { holders: holder } },
      { upsert: true },
    );
    if (taken.modifiedCount + taken.upsertedCount === 1) return true;
  } catch (error) {
    // The quota exists but is full, or already holds this one: the read below tells which.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  const quota = await quotas.findById(quotaId).lean();
  return quota?.holders.some((h) => h.equals(holder)) ?? false;
}

/** Gives a slot back (the holder's claim was undone), freeing it for someone else. */
export async function releaseQuotaSlot(quotas: Model<QuotaSlots>, quotaId: string, holder: Types.ObjectId): Promise<void> {
  await quotas.updateOne({ _id: quotaId }, { $pull: { holders: holder } });
}
