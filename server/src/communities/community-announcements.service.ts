import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnnouncementView, NewAnnouncement, StaffAnnouncementView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { NotificationsService, thing } from '../notifications';
import { AuditLogService } from '../audit';
import { ActivitySeats } from './activity-seats.service';
import { auditActor, CommunityScope, type LeanCommunity } from './community-scope.service';
import { CommunityMemberships } from './community-memberships.service';
import { brandDateTime } from '@memberloop/shared';
import { CommunityAnnouncement } from './schemas/announcement.schema';

type LeanAnnouncement = CommunityAnnouncement & { _id: Types.ObjectId };

/**
 * Announcements to a community: recorded (with the audit entry) once per Idempotency-Key, then one
 * 'community-announcement' WeChat message per member queued in the outbox under the key
 * `community-announcement:<announcement>:<member>`; the dispatcher honours each member's consent. A fan-out cut
 * short is finished by the pending-work job.
 */
@Injectable()
export class CommunityAnnouncementsService {
  constructor(
    @InjectModel(CommunityAnnouncement.name) private readonly announcements: Model<CommunityAnnouncement>,
    private readonly scope: CommunityScope,
    private readonly memberships: CommunityMemberships,
    private readonly notifications: NotificationsService,
    private readonly seats: ActivitySeats,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async post(
    principal: Principal,
    communityId: Types.ObjectId,
    input: NewAnnouncement,
    clientKey: string,
  ): Promise<StaffAnnouncementView & { replayed: boolean }> {
    const { actor, community } = await this.scope.manage(principal, communityId);
    const previous = await this.announcements.findOne({ postedBy: actor.memberId, clientKey }).lean<LeanAnnouncement>();
    if (previous) {
      assertSameAnnouncement(previous, communityId, input);
      // A retry after a failure part-way through the fan-out finishes it (the dedupe keys skip who has theirs).
      return { ...staffView(previous.sentAt ? previous : await this.deliver(previous, community)), replayed: true };
    }
    let announcement: LeanAnnouncement;
    try {
      announcement = await this.seats.transaction(async (session) => {
        const [created] = await this.announcements.create(
          [
            {
              communityId,
              title: input.title,
              body: input.body,
              postedBy: actor.memberId,
              clientKey,
              postedAt: this.clock.now(),
              recipients: 0,
            },
          ],
          { session },
        );
        await this.audit.record(
          {
            actor: auditActor(actor),
            action: 'community.announce',
            target: { type: 'community', id: communityId.toHexString() },
            details: { announcementId: created._id.toHexString(), title: input.title },
          },
          session,
        );
        return created.toObject() as LeanAnnouncement;
      });
    } catch (error) {
      // The same key posted concurrently: answer as the winner did.
      if (!isDuplicate(error)) throw error;
      const winner = await this.announcements.findOne({ postedBy: actor.memberId, clientKey }).lean<LeanAnnouncement>().orFail();
      assertSameAnnouncement(winner, communityId, input);
      return { ...staffView(winner), replayed: true };
    }
    return { ...staffView(await this.deliver(announcement, community)), replayed: false };
  }

  async staffList(principal: Principal, communityId: Types.ObjectId): Promise<StaffAnnouncementView[]> {
    await this.scope.manage(principal, communityId);
    const rows = await this.announcements
      .find({ communityId })
      .sort({ postedAt: -1, _id: -1 })
      .limit(200)
      .lean<LeanAnnouncement[]>();
    return rows.map(staffView);
  }

  /** For a member of the community only. */
  async forMember(memberId: Types.ObjectId, communityId: Types.ObjectId): Promise<AnnouncementView[]> {
    await this.scope.community(communityId);
    if (!(await this.memberships.isMember(communityId, memberId)))
      throw new AppError('FORBIDDEN', 'Join this community to read its announcements.');
    const rows = await this.announcements
      .find({ communityId })
      .sort({ postedAt: -1, _id: -1 })
      .limit(50)
      .lean<LeanAnnouncement[]>();
    return rows.map(view);
  }

  /** Finishes fan-outs posted before `before` that never completed. */
  async resume(before: Date): Promise<number> {
    const pending = await this.announcements
      .find({ sentAt: { $exists: false }, postedAt: { $lte: before } })
      .limit(20)
      .lean<LeanAnnouncement[]>();
    for (const announcement of pending) {
      await this.deliver(announcement, await this.scope.community(announcement.communityId));
    }
    return pending.length;
  }

  /** Queues one message per member who had joined when it was posted; the dedupe key makes a repeat harmless. */
  private async deliver(announcement: LeanAnnouncement, community: LeanCommunity): Promise<LeanAnnouncement> {
    let recipients = 0;
    const data = {
      thing1: thing(community.name),
      thing2: thing(announcement.title),
      time3: { value: brandDateTime(announcement.postedAt, this.config.brand.timeZone) },
      thing4: thing(announcement.body),
    };
    await this.memberships.forEachMemberBatch(announcement.communityId, announcement.postedAt, async (memberIds) => {
      await Promise.all(
        memberIds.map((memberId) =>
          this.notifications.enqueue({
            memberId,
            kind: 'community-announcement',
            dedupeKey: `community-announcement:${announcement._id.toHexString()}:${memberId.toHexString()}`,
            page: `packages/community/announcements?communityId=${announcement.communityId.toHexString()}`,
            data,
          }),
        ),
      );
      recipients += memberIds.length;
    });
    const sentAt = this.clock.now();
    await this.announcements.updateOne({ _id: announcement._id, sentAt: { $exists: false } }, { $set: { recipients, sentAt } });
    return { ...announcement, recipients, sentAt };
  }
}

function assertSameAnnouncement(previous: LeanAnnouncement, communityId: Types.ObjectId, input: NewAnnouncement): void {
  if (!previous.communityId.equals(communityId) || previous.title !== input.title || previous.body !== input.body) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another announcement.');
  }
}

function view(announcement: LeanAnnouncement): AnnouncementView {
  return {
    id: announcement._id.toHexString(),
    communityId: announcement.communityId.toHexString(),
    title: announcement.title,
    body: announcement.body,
    createdAt: announcement.postedAt.toISOString(),
  };
}

function staffView(announcement: LeanAnnouncement): StaffAnnouncementView {
  return { ...view(announcement), recipients: announcement.recipients, status: announcement.sentAt ? 'sent' : 'sending' };
}

export function isDuplicate(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}
