import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { PersonalDataCipher } from '../common/crypto/personal-data-cipher';
import { AppError } from '../common/errors/app-error';
import { ProgrammePolicy } from '../programme';
import { initialStanding } from '../programme';
import { normalizeChineseMobile } from './domain/phone';
import { Counter } from './schemas/member-counter.schema';
import { Member, type Birthday } from './schemas/member.schema';
import { retryOnDuplicateKey } from '../database/duplicate-key';

export type LeanMember = Member & { _id: Types.ObjectId };

/** How stores and the shop name a member: our id, their phone, or a store card number. */
/** What the member card shows of the member document (see MembersService.cardOf). */
export type MemberCardFields = Pick<LeanMember, '_id' | 'memberNo' | 'nickname' | 'tier' | 'paidMembershipUntil'>;

export type MemberReference = { memberId: string } | { phone: string } | { cardNo: string } | { memberNo: string };

export interface NewMember {
  openid?: string;
  unionid?: string;
  phone?: string;
  cardNumbers?: string[];
  nickname?: string;
  birthday?: Birthday;
  region?: string;
  city?: string;
  registeredAt?: Date;
}

/** A member or an account HQ merged into another (which a login, phone, card or member number leads on to). */
const ACTIVE_OR_MERGED = { $in: ['active', 'merged'] as Array<Member['status']> };

@Injectable()
export class MembersService {
  constructor(
    @InjectModel(Member.name) private readonly members: Model<Member>,
    @InjectModel(Counter.name) private readonly counters: Model<Counter>,
    private readonly cipher: PersonalDataCipher,
    private readonly ladder: ProgrammePolicy,
    private readonly clock: Clock,
  ) {}

  /** Registers a member at the entry tier with the next member number. Unique identities are enforced by indexes. */
  async register(input: NewMember): Promise<LeanMember> {
    const phone = input.phone === undefined ? undefined : this.normalizePhone(input.phone);
    const now = this.clock.now();
    const registeredAt = input.registeredAt ?? now;
    // The first two registrations on a new database both insert the counter: the loser counts on the winner's.
    const { value } = await retryOnDuplicateKey(() =>
      this.counters
        .findOneAndUpdate({ _id: 'memberNo' }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' })
        .lean()
        .orFail(),
    );
    const standing = initialStanding(this.ladder.tierLadder(), registeredAt, this.ladder.tierPolicy());
    try {
      const [created] = await this.members.create([
        {
          memberNo: `M${String(value).padStart(8, '0')}`,
          openid: input.openid,
          unionid: input.unionid,
          ...(phone ? { phoneIndex: this.cipher.blindIndex(phone), phoneEncrypted: this.cipher.encrypt(phone) } : {}),
          cardNumbers: input.cardNumbers ?? [],
          nickname: input.nickname,
          birthday: input.birthday,
          region: input.region,
          city: input.city,
          consents: {},
          tier: { code: standing.tierCode, since: standing.since, heldUntil: standing.heldUntil },
          registeredAt,
        },
      ]);
      return created.toObject();
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        throw new AppError('CONFLICT', 'A member with this WeChat account, phone or card number already exists.');
      }
      throw error;
    }
  }

  /** The tier codes active members hold (a ladder change must keep every one of them). */
  heldTierCodes(): Promise<string[]> {
    return this.members.distinct('tier.code', { status: 'active' });
  }

  /** An active member by member number (what staff type or scan at the desk). */
  findActiveByMemberNo(memberNo: string): Promise<LeanMember | null> {
    return this.members.findOne({ memberNo, status: 'active' }).lean();
  }

  async findById(memberId: Types.ObjectId): Promise<LeanMember | null> {
    // Every member request and purchase starts here: read through the driver (a filter of typed values needs no
    // casting), saving mongoose's query machinery, about as much CPU again as the read itself.
    return this.members.collection.findOne<LeanMember>({ _id: memberId, status: 'active' });
  }

  /**
   * The active member's fields the member card shows, or null: the most frequent member read, so it decodes only
   * those (the document also holds consents, identifiers, the encrypted phone…).
   */
  cardOf(memberId: Types.ObjectId): Promise<MemberCardFields | null> {
    return this.members.collection.findOne<MemberCardFields>(
      { _id: memberId, status: 'active' },
      { projection: { memberNo: 1, nickname: 1, tier: 1, paidMembershipUntil: 1 } },
    );
  }

  /** The member this WeChat account signs in as: its own, or the account HQ merged it into. */
  async findByOpenid(openid: string): Promise<LeanMember | null> {
    return this.followMerged(await this.members.findOne({ openid, status: ACTIVE_OR_MERGED }).lean());
  }

  /** The active member `member` is: themself, or (for an account HQ merged away) the account it was merged into. */
  private async followMerged(member: LeanMember | null): Promise<LeanMember | null> {
    let current = member;
    for (let hop = 0; current?.status === 'merged' && current.mergedInto && hop < 5; hop++)
      current = await this.members.findOne({ _id: current.mergedInto, status: ACTIVE_OR_MERGED }).lean();
    return current?.status === 'active' ? current : null;
  }

  /** The member a store or the shop means, or null. Malformed references are a validation error. */
  async resolve(reference: MemberReference): Promise<LeanMember | null> {
    if ('memberId' in reference) {
      if (!Types.ObjectId.isValid(reference.memberId))
        throw new AppError('VALIDATION_FAILED', 'memberId is not a valid member id.');
      return this.findById(new Types.ObjectId(reference.memberId));
    }
    // A phone, card or member number of an account HQ merged away names the account it became.
    // The till's look-up, on the ingest's hot path: through the driver as findById. The driver casts nothing, so a
    // reference that is not a plain string (an operator object from a caller that skipped the contract) is refused.
    const value = 'phone' in reference ? reference.phone : 'cardNo' in reference ? reference.cardNo : reference.memberNo;
    if (typeof value !== 'string') throw new AppError('VALIDATION_FAILED', 'A member reference is a string.');
    if ('phone' in reference)
      return this.followMerged(
        await this.members.collection.findOne<LeanMember>({
          phoneIndex: this.cipher.blindIndex(this.normalizePhone(reference.phone)),
          status: ACTIVE_OR_MERGED,
        }),
      );
    if ('cardNo' in reference)
      return this.followMerged(
        await this.members.collection.findOne<LeanMember>({ cardNumbers: reference.cardNo, status: ACTIVE_OR_MERGED }),
      );
    return this.followMerged(
      await this.members.collection.findOne<LeanMember>({ memberNo: reference.memberNo, status: ACTIVE_OR_MERGED }),
    );
  }

  /** Links a verified phone number to the member (from WeChat's phone-number button, or a store sign-up). */
  async attachPhone(memberId: string, phone: string): Promise<void> {
    const normalized = this.normalizePhone(phone);
    try {
      await this.members.updateOne(
        { _id: new Types.ObjectId(memberId) },
        { $set: { phoneIndex: this.cipher.blindIndex(normalized), phoneEncrypted: this.cipher.encrypt(normalized) } },
      );
    } catch (error) {
      if ((error as { code?: number }).code === 11000)
        throw new AppError('CONFLICT', 'This phone number belongs to another member.');
      throw error;
    }
  }

  /** Records that the member bought at a store (it puts them in that store's managers' scope). */
  async noteStore(memberId: Types.ObjectId, storeCode: string): Promise<void> {
    await this.members.updateOne({ _id: memberId }, { $addToSet: { storeCodes: storeCode } });
  }

  /** The member's phone in clear, for the member themself only; staff see it masked. */
  phoneOf(member: LeanMember): string | undefined {
    return member.phoneEncrypted ? this.cipher.decrypt(member.phoneEncrypted) : undefined;
  }

  private normalizePhone(phone: string): string {
    const normalized = normalizeChineseMobile(phone);
    if (!normalized) throw new AppError('VALIDATION_FAILED', 'phone is not a mainland China mobile number.');
    return normalized;
  }
}
