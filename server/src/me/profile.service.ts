import { Injectable } from '@nestjs/common';
import type { ConsentKind, MemberProfile, UpdateConsentsRequest, UpdateProfileRequest } from '@memberloop/shared';
import { Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { maskPhone } from '../members';
import { MembersService, MemberStore, type LeanMember } from '../members';
import { avatarIdOf, AvatarsService } from './avatars.service';

/** The member's own profile and consents. */
@Injectable()
export class ProfileService {
  constructor(
    private readonly members: MemberStore,
    private readonly directory: MembersService,
    private readonly clock: Clock,
    private readonly avatars: AvatarsService,
  ) {}

  async profileOf(memberId: Types.ObjectId): Promise<MemberProfile> {
    return this.view(await this.activeMember(memberId));
  }

  async update(memberId: Types.ObjectId, changes: UpdateProfileRequest): Promise<MemberProfile> {
    const { birthday, ...rest } = changes;
    // Only an avatar the member uploaded to us: never someone else's, never an address elsewhere.
    const avatarId = avatarIdOf(rest.avatarUrl);
    if (rest.avatarUrl !== undefined && !avatarId)
      throw new AppError('VALIDATION_FAILED', 'Upload the avatar with POST /api/v1/me/avatar.', {
        fields: { avatarUrl: 'not ours' },
      });
    if (avatarId) await this.avatars.assertOwned(memberId, avatarId);
    const view = await this.apply(memberId, rest, birthday);
    if (avatarId) await this.avatars.markInUse(memberId, avatarId);
    return view;
  }

  private async apply(
    memberId: Types.ObjectId,
    rest: Omit<UpdateProfileRequest, 'birthday'>,
    birthday: UpdateProfileRequest['birthday'],
  ): Promise<MemberProfile> {
    // The birthday is set once: the store's guard makes two concurrent first settings one winner.
    const updated = await this.members.updateProfile(memberId, rest, birthday);
    if (updated) return this.view(updated);
    const member = await this.activeMember(memberId);
    if (birthday && member.birthday && (member.birthday.month !== birthday.month || member.birthday.day !== birthday.day)) {
      throw new AppError('CONFLICT', 'Your birthday is already set; customer service can correct it.');
    }
    // The same birthday again: apply the rest.
    const retried = await this.members.updateProfile(memberId, rest);
    return this.view(retried ?? member);
  }

  async updateConsents(memberId: Types.ObjectId, changes: UpdateConsentsRequest): Promise<MemberProfile> {
    const at = this.clock.now();
    const consents = Object.fromEntries(
      (Object.entries(changes) as Array<[ConsentKind, boolean | undefined]>)
        .filter(([, granted]) => granted !== undefined)
        .map(([kind, granted]) => [kind, { granted: granted!, at }]),
    );
    const updated = await this.members.recordConsents(memberId, consents);
    if (!updated) throw new AppError('NOT_FOUND', 'No such member.');
    return this.view(updated);
  }

  private async activeMember(memberId: Types.ObjectId): Promise<LeanMember> {
    const member = await this.directory.findById(memberId);
    if (!member) throw new AppError('NOT_FOUND', 'No such member.');
    return member;
  }

  private view(member: LeanMember): MemberProfile {
    const phone = this.directory.phoneOf(member);
    const consents = Object.fromEntries(
      (['notifications', 'marketing', 'personalisation'] as const)
        .filter((kind) => member.consents?.[kind])
        .map((kind) => [kind, { granted: member.consents[kind]!.granted, at: member.consents[kind]!.at.toISOString() }]),
    );
    return {
      memberNo: member.memberNo,
      ...(member.nickname ? { nickname: member.nickname } : {}),
      ...(member.avatarUrl ? { avatarUrl: member.avatarUrl } : {}),
      ...(member.birthday ? { birthday: { month: member.birthday.month, day: member.birthday.day } } : {}),
      ...(member.region ? { region: member.region } : {}),
      ...(member.city ? { city: member.city } : {}),
      ...(phone ? { phoneMasked: maskPhone(phone) } : {}),
      consents,
      registeredAt: member.registeredAt.toISOString(),
    };
  }
}
