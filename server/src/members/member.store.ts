import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, type mongo } from 'mongoose';
import type { LeanMember } from './members.service';
import { type Birthday, type Consent, type Consents, Member } from './schemas/member.schema';

/** The personal data erasure removes from a member's document. */
const ERASED_FIELDS = {
  openid: 1,
  unionid: 1,
  phoneIndex: 1,
  phoneEncrypted: 1,
  nickname: 1,
  avatarUrl: 1,
  birthday: 1,
  region: 1,
  city: 1,
} as const;

/** A member as a list of names shows them. */
export type MemberName = Pick<LeanMember, '_id' | 'memberNo' | 'nickname'>;

/** The profile fields a member changes themself (the birthday apart: it is set once). */
export type ProfileChanges = Partial<Pick<Member, 'nickname' | 'avatarUrl' | 'region' | 'city'>>;

/** A member as a list of people shows them: a deleted member is shown anonymously. */
export type MemberFace = Pick<LeanMember, '_id' | 'nickname' | 'avatarUrl' | 'status'>;

/** An active member as a list of people shows them. */
export type ActiveMemberFace = Pick<LeanMember, '_id' | 'nickname' | 'avatarUrl'>;

/** A member's nickname and whether they are still a member. */
export type MemberNameAndStatus = Pick<LeanMember, '_id' | 'nickname' | 'status'>;

/** The tier standing a tier change replaces: its code, and its hold end when that must be unchanged too. */
export type TierGuard = { code: string } | { code: string; heldUntil: Date };

/** A tier standing to move a member to. */
export interface NewTierStanding {
  code: string;
  since: Date;
  heldUntil: Date;
}

/** A member's id. */
export type MemberId = { _id: Types.ObjectId };

/** A member's stores. */
export type MemberStoreCodes = { _id: Types.ObjectId; storeCodes?: string[] };

/** Whether a member agreed to marketing. */
export type MemberMarketingConsent = { _id: Types.ObjectId; consents?: { marketing?: { granted?: boolean } } };

/** Whether a member agreed to personalisation. */
export type MemberPersonalisationConsent = { _id: Types.ObjectId; consents?: { personalisation?: { granted?: boolean } } };

/** The member fields a member profile (the analytics') is computed from. */
export interface MemberForProfile {
  _id: Types.ObjectId;
  memberNo: string;
  tier: { code: string };
  region?: string;
  storeCodes?: string[];
  consents?: { marketing?: { granted?: boolean }; personalisation?: { granted?: boolean } };
}

/** Members read a batch at a time (or one by one); nothing else of the driver's cursor is offered. */
export type MemberBatches<T> = AsyncIterable<T> & Pick<mongo.FindCursor<T>, 'hasNext' | 'readBufferedDocuments' | 'close'>;

const PROFILE_FIELDS = {
  memberNo: 1,
  'tier.code': 1,
  region: 1,
  storeCodes: 1,
  'consents.marketing.granted': 1,
  'consents.personalisation.granted': 1,
} as const;

/**
 * The members collection, as other features may use it: the only way into these documents from outside this folder
 * (see docs/architecture.md, "Features own their data"). Each method is named for what its caller needs; there is no
 * generic find or aggregate, so every query another feature runs on this data is listed here.
 */
@Injectable()
export class MemberStore implements OnModuleInit {
  constructor(@InjectModel(Member.name) private readonly members: Model<Member>) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.members.init()]);
  }

  /** The active members among these ids, whole (missing and deleted ones are left out). */
  activeByIds(memberIds: Types.ObjectId[]): Promise<LeanMember[]> {
    return this.members.find({ _id: { $in: memberIds }, status: 'active' }).lean<LeanMember[]>();
  }

  /** The member numbers and nicknames of the active members among these ids. */
  activeNamesByIds(memberIds: Types.ObjectId[]): Promise<MemberName[]> {
    return this.members.find({ _id: { $in: memberIds }, status: 'active' }, { memberNo: 1, nickname: 1 }).lean<MemberName[]>();
  }

  /**
   * Changes the active member's profile; a `firstBirthday` is set only while they have none (the guard makes two
   * concurrent first settings one winner). The member after the change, or null when nothing matched.
   */
  updateProfile(memberId: Types.ObjectId, changes: ProfileChanges, firstBirthday?: Birthday): Promise<LeanMember | null> {
    const set: Record<string, unknown> = { ...changes };
    const filter: Record<string, unknown> = { _id: memberId, status: 'active' };
    if (firstBirthday) {
      set.birthday = firstBirthday;
      filter.birthday = { $exists: false };
    }
    return this.members.findOneAndUpdate(filter, { $set: set }, { returnDocument: 'after' }).lean<LeanMember>();
  }

  /** Records the active member's consent changes: the member after them, or null when no active member has this id. */
  recordConsents(memberId: Types.ObjectId, consents: Partial<Record<keyof Consents, Consent>>): Promise<LeanMember | null> {
    const set = Object.fromEntries(Object.entries(consents).map(([kind, consent]) => [`consents.${kind}`, consent]));
    return this.members
      .findOneAndUpdate({ _id: memberId, status: 'active' }, { $set: set }, { returnDocument: 'after' })
      .lean<LeanMember>();
  }

  /**
   * Deletes the active member's account: every piece of personal data (identities, phone, profile, consents) is
   * erased and the record marked deleted. False when no active member has this id.
   */
  async eraseMember(memberId: Types.ObjectId, at: Date): Promise<boolean> {
    const erased = await this.members.updateOne(
      { _id: memberId, status: 'active' },
      {
        $set: { status: 'deleted', consents: {}, cardNumbers: [], storeCodes: [], deletedAt: at },
        $unset: ERASED_FIELDS,
      },
    );
    // Accounts once merged into this one hold the person's old WeChat login, phone and profile: erased with it.
    await this.members.updateMany(
      { mergedInto: memberId, status: 'merged' },
      { $set: { consents: {}, cardNumbers: [], storeCodes: [] }, $unset: ERASED_FIELDS },
    );
    return erased.matchedCount > 0;
  }

  /** How many active members hold each tier, by tier code. */
  async activeCountsByTier(): Promise<Record<string, number>> {
    const rows = await this.members.aggregate<{ _id: string; count: number }>([
      { $match: { status: 'active' } },
      { $group: { _id: '$tier.code', count: { $sum: 1 } } },
    ]);
    return Object.fromEntries(rows.map((r) => [r._id, r.count]));
  }

  /** Whether an active member has this id. */
  async isActive(memberId: Types.ObjectId): Promise<boolean> {
    return (await this.members.exists({ _id: memberId, status: 'active' })) !== null;
  }

  /** Marks who invited the member, once: a member already marked keeps their first inviter. */
  async markReferredBy(refereeId: Types.ObjectId, referrerId: Types.ObjectId): Promise<void> {
    await this.members.updateOne({ _id: refereeId, referredBy: { $exists: false } }, { $set: { referredBy: referrerId } });
  }

  /** The names, avatars and status of these members, whatever their status (a caller shows deleted ones anonymously). */
  facesByIds(memberIds: Types.ObjectId[]): Promise<MemberFace[]> {
    return this.members.find({ _id: { $in: memberIds } }, { nickname: 1, avatarUrl: 1, status: 1 }).lean<MemberFace[]>();
  }

  /** The names and avatars of the active members among these ids (given as ids or their hex strings). */
  activeFacesByIds(memberIds: Array<Types.ObjectId | string>): Promise<ActiveMemberFace[]> {
    return this.members
      .find({ _id: { $in: memberIds }, status: 'active' }, { nickname: 1, avatarUrl: 1 })
      .lean<ActiveMemberFace[]>();
  }

  /** The member's nickname and status, whatever their status; null when no member has this id. */
  nameAndStatus(memberId: Types.ObjectId): Promise<MemberNameAndStatus | null> {
    return this.members.findById(memberId, { nickname: 1, status: 1 }).lean<MemberNameAndStatus>();
  }

  /** The member, whatever their status; throws (DocumentNotFoundError) when no member has this id. */
  byIdAnyStatus(memberId: Types.ObjectId): Promise<LeanMember> {
    return this.members.findById(memberId).lean<LeanMember>().orFail();
  }

  /** Active members whose tier hold ended by `now`, the longest-ended first. */
  dueForRequalification(now: Date, limit: number): Promise<LeanMember[]> {
    return this.members
      .find({ status: 'active', 'tier.heldUntil': { $lte: now } })
      .sort({ 'tier.heldUntil': 1 })
      .limit(limit)
      .lean<LeanMember[]>();
  }

  /**
   * Moves the member to another tier standing, guarded by the standing it replaces: its tier code, and its hold end
   * when given. False when the member's tier changed meanwhile (nothing modified).
   */
  async changeTier(memberId: Types.ObjectId, replaces: TierGuard, standing: NewTierStanding): Promise<boolean> {
    const updated = await this.members.updateOne(
      { _id: memberId, 'tier.code': replaces.code, ...('heldUntil' in replaces ? { 'tier.heldUntil': replaces.heldUntil } : {}) },
      { $set: { 'tier.code': standing.code, 'tier.since': standing.since, 'tier.heldUntil': standing.heldUntil } },
    );
    return updated.modifiedCount > 0;
  }

  /**
   * Sets the member's tier floor (clears it with `undefined`), lifting them to it with `lift`, guarded by the standing
   * it replaces. False when the member's tier changed meanwhile (nothing matched).
   */
  async setTierFloor(
    memberId: Types.ObjectId,
    replaces: { code: string; heldUntil: Date },
    floorCode: string | undefined,
    lift?: { since: Date; heldUntil: Date },
  ): Promise<boolean> {
    const update =
      floorCode === undefined
        ? { $unset: { 'tier.floorCode': 1 } }
        : {
            $set: lift
              ? {
                  'tier.code': floorCode,
                  'tier.since': lift.since,
                  'tier.heldUntil': lift.heldUntil,
                  'tier.floorCode': floorCode,
                }
              : { 'tier.floorCode': floorCode },
          };
    const updated = await this.members.updateOne(
      { _id: memberId, 'tier.code': replaces.code, 'tier.heldUntil': replaces.heldUntil },
      update,
    );
    return updated.matchedCount > 0;
  }

  /** The stores of the active member with this member number, or null. */
  activeStoresByMemberNo(memberNo: string): Promise<MemberStoreCodes | null> {
    return this.members.findOne({ memberNo, status: 'active' }, { storeCodes: 1 }).lean<MemberStoreCodes>();
  }

  /** The ids of the members (whatever their status) of any of these stores. */
  idsInStores(storeCodes: string[]): AsyncIterable<MemberId> {
    return this.members.collection.find<MemberId>({ storeCodes: { $in: storeCodes } }, { projection: { _id: 1 } });
  }

  /** The profile fields of the active member with this id, or null. */
  activeForProfile(memberId: Types.ObjectId): Promise<MemberForProfile | null> {
    return this.members.collection.findOne<MemberForProfile>({ _id: memberId, status: 'active' }, { projection: PROFILE_FIELDS });
  }

  /** The profile fields of every active member, in member-id order. */
  activeForProfileInIdOrder(): MemberBatches<MemberForProfile> {
    return this.members.collection.find<MemberForProfile>(
      { status: 'active' },
      { projection: PROFILE_FIELDS, sort: { _id: 1 }, batchSize: 2000 },
    );
  }

  /** The profile fields of the active members whose birthday is in this calendar month (1–12), in member-id order. */
  activeForProfileBornInMonth(month: number): MemberBatches<MemberForProfile> {
    return this.members.collection.find<MemberForProfile>(
      { status: 'active', 'birthday.month': month },
      { projection: PROFILE_FIELDS, sort: { _id: 1 }, batchSize: 2000 },
    );
  }

  /** The ids of the active members who agreed to personalisation. */
  personalisationConsentingIds(): AsyncIterable<MemberId> {
    return this.members.collection.find<MemberId>(
      { status: 'active', 'consents.personalisation.granted': true },
      { projection: { _id: 1 } },
    );
  }

  /** Whether the active member with this id agreed to personalisation; null when no active member has it. */
  activePersonalisationConsent(memberId: Types.ObjectId): Promise<MemberPersonalisationConsent | null> {
    return this.members
      .findOne({ _id: memberId, status: 'active' }, { 'consents.personalisation.granted': 1 })
      .lean<MemberPersonalisationConsent>();
  }

  /** The active members among these ids, each with whether they agreed to marketing. */
  activeMarketingConsents(memberIds: Types.ObjectId[]): Promise<MemberMarketingConsent[]> {
    return this.members
      .find({ _id: { $in: memberIds }, status: 'active' }, { 'consents.marketing.granted': 1 })
      .lean<MemberMarketingConsent[]>();
  }

  /** Notes a paid membership term to `until` on the member (the later end wins), in the term's transaction. */
  async notePaidMembershipUntil(memberId: Types.ObjectId, until: Date, session?: mongo.ClientSession): Promise<void> {
    await this.members.updateOne({ _id: memberId }, { $max: { paidMembershipUntil: until } }, { session });
  }

  /**
   * Marks `from` merged into `into` (both active) in `session`: its cards and, when `into` has none, its phone move
   * to `into`, its stores join `into`'s; its WeChat login and member number stay on it and lead to `into`. False when
   * `from` is no longer active (merged or deleted meanwhile).
   */
  async mergeInto(from: LeanMember, into: LeanMember, at: Date, session: mongo.ClientSession): Promise<boolean> {
    const movePhone = !into.phoneIndex && from.phoneIndex !== undefined;
    const marked = await this.members.updateOne(
      { _id: from._id, status: 'active' },
      {
        $set: { status: 'merged', mergedInto: into._id, mergedAt: at, cardNumbers: [] },
        ...(movePhone ? { $unset: { phoneIndex: 1, phoneEncrypted: 1 } } : {}),
      },
      { session },
    );
    if (marked.matchedCount === 0) return false;
    const joined = await this.members.updateOne(
      { _id: into._id, status: 'active' },
      {
        ...(movePhone ? { $set: { phoneIndex: from.phoneIndex, phoneEncrypted: from.phoneEncrypted } } : {}),
        $addToSet: { cardNumbers: { $each: from.cardNumbers ?? [] }, storeCodes: { $each: from.storeCodes ?? [] } },
      },
      { session },
    );
    return joined.matchedCount > 0;
  }
}
