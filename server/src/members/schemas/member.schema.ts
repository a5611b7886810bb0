import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

@Schema({ _id: false })
export class Birthday {
  @Prop({ required: true, min: 1, max: 12 }) month!: number;
  @Prop({ required: true, min: 1, max: 31 }) day!: number;
}
const BirthdaySchema = SchemaFactory.createForClass(Birthday);

/** A consent the member gave or withdrew, and when (PIPL: say why, let them withdraw). */
@Schema({ _id: false })
export class Consent {
  @Prop({ required: true }) granted!: boolean;
  @Prop({ required: true }) at!: Date;
}
const ConsentSchema = SchemaFactory.createForClass(Consent);

@Schema({ _id: false })
export class Consents {
  /** Subscribe messages about points, coupons and activities. */
  @Prop({ type: ConsentSchema }) notifications?: Consent;
  /** Marketing: campaigns, win-back offers. */
  @Prop({ type: ConsentSchema }) marketing?: Consent;
  /** Using purchase history for recommendations and analytics. */
  @Prop({ type: ConsentSchema }) personalisation?: Consent;
}
const ConsentsSchema = SchemaFactory.createForClass(Consents);

@Schema({ _id: false })
export class TierStanding {
  @Prop({ required: true }) code!: string;
  @Prop({ required: true }) since!: Date;
  @Prop({ required: true }) heldUntil!: Date;
  @Prop() floorCode?: string;
}
const TierStandingSchema = SchemaFactory.createForClass(TierStanding);

/**
 * One member, whatever the channel: openid, unionid, phone and store card numbers all resolve to it.
 * The phone is stored encrypted, and found through its blind index.
 */
@Schema({ collection: 'members', timestamps: true })
export class Member {
  @Prop({ required: true }) memberNo!: string;
  @Prop() openid?: string;
  @Prop() unionid?: string;
  @Prop() phoneIndex?: string;
  @Prop() phoneEncrypted?: string;
  @Prop({ type: [String], default: [] }) cardNumbers!: string[];
  @Prop() nickname?: string;
  @Prop() avatarUrl?: string;
  @Prop({ type: BirthdaySchema }) birthday?: Birthday;
  @Prop() region?: string;
  @Prop() city?: string;
  @Prop({ type: ConsentsSchema, default: {} }) consents!: Consents;
  @Prop({ type: TierStandingSchema, required: true }) tier!: TierStanding;
  @Prop({ type: SchemaTypes.ObjectId }) referredBy?: Types.ObjectId;
  /** Stores the member has bought at: a community manager's scope over members. */
  @Prop({ type: [String], default: [] }) storeCodes!: string[];
  @Prop({ required: true }) registeredAt!: Date;
  @Prop({ type: String, enum: ['active', 'deleted', 'merged'], default: 'active' }) status!: 'active' | 'deleted' | 'merged';
  /** When the member deleted their account (personal data erased then). */
  @Prop() deletedAt?: Date;
  /**
   * HQ merged this account into another of the same person (`merged`): its WeChat login, phone, cards and member
   * number lead there, and its points, coupons and orders moved there.
   */
  @Prop({ type: SchemaTypes.ObjectId }) mergedInto?: Types.ObjectId;
  @Prop() mergedAt?: Date;
  /**
   * The latest end of any paid membership term the member ever bought (set with the term, in its transaction): the
   * purchase path reads the paid membership only for a purchase paid before it, so members who never paid cost no
   * read. A refund leaves it (an extra read, never a missed multiplier).
   */
  @Prop() paidMembershipUntil?: Date;
}

export type MemberDocument = HydratedDocument<Member>;
export const MemberSchema = SchemaFactory.createForClass(Member);
MemberSchema.index({ memberNo: 1 }, { unique: true });
MemberSchema.index({ openid: 1 }, { unique: true, partialFilterExpression: { openid: { $type: 'string' } } });
MemberSchema.index({ unionid: 1 }, { unique: true, partialFilterExpression: { unionid: { $type: 'string' } } });
MemberSchema.index({ phoneIndex: 1 }, { unique: true, partialFilterExpression: { phoneIndex: { $type: 'string' } } });
MemberSchema.index({ cardNumbers: 1 }, { unique: true, partialFilterExpression: { cardNumbers: { $type: 'string' } } });
MemberSchema.index({ 'tier.heldUntil': 1 }, { partialFilterExpression: { status: 'active' } });
MemberSchema.index({ storeCodes: 1 });
