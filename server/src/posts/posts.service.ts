import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { NewPost, POST_APPROVAL_POINTS, quantityText, type PostView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { CommunitiesService, CommunityMemberships } from '../communities';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { JobRegistry } from '../jobs/job-registry';
import { MemberStore } from '../members';
import { NotificationsService, thing } from '../notifications';
import { businessDay } from '../points';
import { PointsLedgerService } from '../points';
import { PostImagesService } from './post-images.service';
import { Post } from './post.schema';
import { ProgrammePolicy } from '../programme';

type LeanPost = Post & { _id: Types.ObjectId };
type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

/** Members' reviews and show-off posts (UGC): submitted, approved or rejected by a manager, approval paid once. */
@Injectable()
export class PostsService implements OnModuleInit {
  constructor(
    private readonly programme: ProgrammePolicy,
    @InjectModel(Post.name) private readonly posts: Model<Post>,
    private readonly members: MemberStore,
    private readonly images: PostImagesService,
    private readonly memberships: CommunityMemberships,
    private readonly communities: CommunitiesService,
    private readonly ledger: PointsLedgerService,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'post-rewards', period: 'minute', leaseMs: 5 * 60_000, work: () => this.payPending() });
  }

  async submit(memberId: Types.ObjectId, clientKey: string, input: NewPost): Promise<PostView & { replayed: boolean }> {
    const post = NewPost.parse(input);
    const previous = await this.posts.findOne({ memberId, clientKey }).lean<LeanPost>();
    if (previous) return { ...(await this.view(previous)), replayed: true };
    if (post.communityId) {
      const communityId = new Types.ObjectId(post.communityId);
      if (!(await this.communities.exists(communityId))) throw new AppError('NOT_FOUND', 'No such community to post in.');
      if (!(await this.memberships.isMember(communityId, memberId)))
        throw new AppError('FORBIDDEN', 'Join the community before posting in it.');
    }
    const postId = new Types.ObjectId();
    await this.images.attach(memberId, post.imageIds, postId);
    try {
      const [created] = await this.posts.create([
        {
          _id: postId,
          memberId,
          clientKey,
          kind: post.kind,
          text: post.text,
          imageIds: post.imageIds,
          ...(post.communityId ? { communityId: new Types.ObjectId(post.communityId) } : {}),
          status: 'pending',
          reward: 'none',
          pointsEarned: 0,
        },
      ]);
      return { ...(await this.view(created.toObject() as LeanPost)), replayed: false };
    } catch (error) {
      // The same submit twice at once: the other one made the post.
      if ((error as { code?: number }).code !== 11000) throw error;
      const winner = await this.posts.findOne({ memberId, clientKey }).lean<LeanPost>().orFail();
      return { ...(await this.view(winner)), replayed: true };
    }
  }

  async mine(memberId: Types.ObjectId): Promise<PostView[]> {
    const posts = await this.posts.find({ memberId }).sort({ _id: -1 }).limit(100).lean<LeanPost[]>();
    return this.views(posts);
  }

  async feed(query: {
    communityId?: string;
    cursor?: string;
    limit: number;
  }): Promise<{ posts: PostView[]; nextCursor?: string }> {
    const filter: Record<string, unknown> = { status: 'approved' };
    if (query.communityId) filter.communityId = new Types.ObjectId(query.communityId);
    if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
    const page = await this.posts
      .find(filter)
      .sort({ _id: -1 })
      .limit(query.limit + 1)
      .lean<LeanPost[]>();
    const more = page.length > query.limit;
    const posts = await this.views(page.slice(0, query.limit));
    return { posts, ...(more ? { nextCursor: posts[posts.length - 1].id } : {}) };
  }

  /** The review queue in the caller's scope: their communities' posts for a manager, every post for HQ. */
  async queue(staff: StaffPrincipal, status: Post['status']): Promise<PostView[]> {
    const filter: Record<string, unknown> = { status };
    if (staff.role !== 'hq') filter.communityId = { $in: staff.communityIds.map((id) => new Types.ObjectId(id)) };
    const posts = await this.posts.find(filter).sort({ _id: 1 }).limit(100).lean<LeanPost[]>();
    return this.views(posts);
  }

  /**
   * A manager's decision, never on their own post. Approving twice, or many times at once, is harmless: one guarded
   * update decides, and the points are paid under the ledger's idempotency key `post:<id>` (a unique index), so
   * concurrent approvals and the reward job pay once. A decided post cannot be turned around.
   */
  async decide(
    staff: StaffPrincipal,
    postId: Types.ObjectId,
    decision: { decision: 'approve' } | { decision: 'reject'; reason: string },
  ): Promise<PostView> {
    const post = await this.posts.findById(postId).lean<LeanPost>();
    if (!post) throw new AppError('NOT_FOUND', 'No such post.');
    const inScope =
      staff.role === 'hq' || (post.communityId !== undefined && staff.communityIds.includes(post.communityId.toHexString()));
    if (!inScope) throw new AppError('FORBIDDEN', 'This post is not in your communities.');
    // Approval pays the author: nobody decides their own post, whatever their role.
    if (post.memberId.equals(staff.memberId))
      throw new AppError('FORBIDDEN', 'You wrote this post: another manager or HQ must review it.', { reason: 'own-post' });
    const target = decision.decision === 'approve' ? 'approved' : 'rejected';
    const now = this.clock.now();
    const decided = await this.posts
      .findOneAndUpdate(
        { _id: postId, status: 'pending' },
        {
          $set: {
            status: target,
            reviewedBy: new Types.ObjectId(staff.memberId),
            reviewedAt: now,
            ...(decision.decision === 'reject' ? { rejectReason: decision.reason } : { reward: 'pending' }),
          },
        },
        { returnDocument: 'after' },
      )
      .lean<LeanPost>();
    const current = decided ?? (await this.posts.findById(postId).lean<LeanPost>().orFail());
    if (current.status !== target) throw new AppError('CONFLICT', `This post was already ${current.status}.`);
    const settled = current.reward === 'pending' ? await this.pay(current) : current;
    return this.view(settled);
  }

  /** Approved posts whose points did not land yet (a crash between approval and payment). */
  async payPending(): Promise<{ paid: number }> {
    const pending = await this.posts.find({ status: 'approved', reward: 'pending' }).limit(500).lean<LeanPost[]>();
    for (const post of pending) await this.pay(post);
    return { paid: pending.length };
  }

  /** The member deleted their account: their posts and photos go. */
  async deleteAllOf(memberId: Types.ObjectId): Promise<number> {
    await this.images.removeAll(memberId);
    return (await this.posts.deleteMany({ memberId })).deletedCount;
  }

  private async pay(post: LeanPost): Promise<LeanPost> {
    const points = post.imageIds.length > 0 ? POST_APPROVAL_POINTS.withImages : POST_APPROVAL_POINTS.text;
    const now = this.clock.now();
    await this.ledger.earn({
      memberId: post.memberId,
      points,
      reason: post.kind === 'review' ? '评价审核通过' : '晒单审核通过',
      params: { postKind: post.kind },
      source: { type: 'post', id: post._id.toHexString() },
      idempotencyKey: `post:${post._id.toHexString()}`,
      occurredAt: now,
      availableAt: now,
      expiresAt: this.programme.pointsExpiry(now),
    });
    await this.notifications.enqueue({
      memberId: post.memberId,
      kind: 'reward-issued',
      dedupeKey: `post:${post._id.toHexString()}`,
      page: 'pages/points/index',
      data: {
        thing1: thing(post.kind === 'review' ? '评价审核通过' : '晒单审核通过'),
        thing2: thing(quantityText(points, '积分')),
        date3: { value: businessDay(now, this.config.brand.timeZone) },
      },
    });
    return this.posts
      .findOneAndUpdate({ _id: post._id }, { $set: { reward: 'paid', pointsEarned: points } }, { returnDocument: 'after' })
      .lean<LeanPost>()
      .orFail();
  }

  private async view(post: LeanPost): Promise<PostView> {
    return (await this.views([post]))[0];
  }

  private async views(posts: LeanPost[]): Promise<PostView[]> {
    const authors = await this.members.facesByIds(
      [...new Set(posts.map((p) => p.memberId.toHexString()))].map((id) => new Types.ObjectId(id)),
    );
    const byId = new Map(authors.map((a) => [a._id.toHexString(), a]));
    return posts.map((post) => {
      const author = byId.get(post.memberId.toHexString());
      const active = author?.status === 'active';
      return {
        id: post._id.toHexString(),
        kind: post.kind,
        authorName: active && author.nickname ? author.nickname : '会员',
        ...(active && author.avatarUrl ? { authorAvatarUrl: author.avatarUrl } : {}),
        text: post.text,
        imageUrls: post.imageIds.map((id) => `/api/v1/images/${id}`),
        ...(post.communityId ? { communityId: post.communityId.toHexString() } : {}),
        status: post.status,
        ...(post.rejectReason ? { rejectReason: post.rejectReason } : {}),
        pointsEarned: post.pointsEarned,
        createdAt: post.createdAt.toISOString(),
      };
    });
  }
}
