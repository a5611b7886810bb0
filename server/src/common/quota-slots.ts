import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError, retryOnDuplicateKey } from '../database/duplicate-key';

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
    // E11000 at the first try may be a lost race to create the quota document (the winner's insert landed first):
    // the second try finds that document and takes a slot in it if one is free. E11000 at the second try means the
    // quota exists and is full or already holds this one: the read below tells which.
    const taken = await retryOnDuplicateKey(
      () =>
        quotas.updateOne(
          { _id: quotaId, holders: { $ne: holder }, [`holders.${limit - 1}`]: { $exists: false } },
          { $push: { holders: holder } },
          { upsert: true },
        ),
      2,
    );
    if (taken.modifiedCount + taken.upsertedCount === 1) return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const quota = await quotas.findById(quotaId).lean();
  return quota?.holders.some((h) => h.equals(holder)) ?? false;
}

/** Gives a slot back (the holder's claim was undone), freeing it for someone else. */
export async function releaseQuotaSlot(quotas: Model<QuotaSlots>, quotaId: string, holder: Types.ObjectId): Promise<void> {
  await quotas.updateOne({ _id: quotaId }, { $pull: { holders: holder } });
}
