import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { activityCoverIdOf, activityCoverUrlOf } from '@memberloop/shared';
import { Connection, Model, mongo, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { JobRegistry } from '../jobs/job-registry';
import { Activity } from './schemas/activity.schema';
import { photoTypeOf } from '../common/upload/uploaded-photo';

interface CoverMetadata {
  /** The community it was uploaded for: only that community's activities may show it. */
  communityId: Types.ObjectId;
  uploadedBy: Types.ObjectId;
  contentType: string;
  /** Set once an activity shows it; an upload never attached is cleared after a day. */
  inUse?: boolean;
}

type CoverFile = { _id: string; metadata: CoverMetadata; uploadDate: Date };

const DAY_MS = 86_400_000;

/**
 * Activity cover photos in GridFS (bucket `activity_covers`), under random 128-bit ids: the URL is the capability,
 * so a cover shows in an <Image> without a token. A cover belongs to the community it was uploaded for: an
 * activity of another community cannot take it. Replacing an activity's cover removes the old one (unless another
 * activity of the community shows it too); uploads never attached are removed after a day.
 */
@Injectable()
export class ActivityCoversService implements OnModuleInit {
  private readonly bucket: mongo.GridFSBucket;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
  ) {
    this.bucket = new mongo.GridFSBucket(this.connection.db as unknown as mongo.Db, { bucketName: 'activity_covers' });
  }

  onModuleInit(): void {
    this.jobs.register({ name: 'activity-covers-cleanup', period: 'day', leaseMs: 30 * 60_000, work: () => this.removeUnused() });
  }

  /** Stores the photo for the community (the caller checked the manager's scope); its id. */
  async store(communityId: Types.ObjectId, uploadedBy: Types.ObjectId, bytes: Buffer): Promise<string> {
    const contentType = photoTypeOf(bytes);
    if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send a JPEG, PNG or WebP photo.');
    const coverId = randomBytes(16).toString('hex');
    const metadata: CoverMetadata = { communityId, uploadedBy, contentType };
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket.openUploadStreamWithId(coverId as unknown as mongo.ObjectId, coverId, { metadata });
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(bytes);
    });
    return coverId;
  }

  async read(coverId: string): Promise<{ contentType: string; bytes: Buffer }> {
    const file = await this.files().findOne({ _id: coverId });
    if (!file) throw new AppError('NOT_FOUND', 'No such activity cover.');
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(coverId as unknown as mongo.ObjectId)) chunks.push(chunk as Buffer);
    return { contentType: file.metadata.contentType, bytes: Buffer.concat(chunks) };
  }

  /**
   * Refuses a cover URL of ours that was not uploaded for this community (another community's, one removed, one
   * never uploaded). Any other address (an https link, as older activities have) is not a stored cover: it passes.
   */
  async assertUsable(communityId: Types.ObjectId, coverImageUrl: string | undefined): Promise<void> {
    const coverId = activityCoverIdOf(coverImageUrl);
    if (!coverId) return;
    const file = await this.files().findOne({ _id: coverId, 'metadata.communityId': communityId });
    if (!file)
      throw new AppError(
        'VALIDATION_FAILED',
        'The cover is not one uploaded for this community: upload it with POST /api/v1/staff/communities/:communityId/activity-covers.',
        { fields: { coverImageUrl: 'not an upload of this community' } },
      );
  }

  /** After an activity's cover was set (committed): the new one is kept, the one it replaced removed. */
  async replaced(communityId: Types.ObjectId, newUrl: string | undefined, oldUrl: string | undefined): Promise<void> {
    const newId = activityCoverIdOf(newUrl);
    if (newId)
      await this.files().updateOne({ _id: newId, 'metadata.communityId': communityId }, { $set: { 'metadata.inUse': true } });
    const oldId = activityCoverIdOf(oldUrl);
    if (!oldId || oldId === newId) return;
    // Another activity of the community may show the same photo: it stays while one does.
    if (await this.activities.exists({ coverImageUrl: oldUrl })) return;
    await this.remove({ _id: oldId });
  }

  /** Covers uploaded more than a day ago that no activity shows. */
  async removeUnused(): Promise<{ removed: number }> {
    const before = new Date(this.clock.now().getTime() - DAY_MS);
    const candidates = await this.files()
      .find({ 'metadata.inUse': { $ne: true }, uploadDate: { $lt: before } })
      .project<{ _id: string }>({ _id: 1 })
      .limit(10_000)
      .toArray();
    if (candidates.length === 0) return { removed: 0 };
    // A cover whose "in use" mark was lost (the process stopped between the activity's write and the mark) is
    // still shown: the activities are the truth.
    const shown = new Set(
      (
        await this.activities
          .find({ coverImageUrl: { $in: candidates.map((c) => activityCoverUrlOf(c._id)) } }, { coverImageUrl: 1 })
          .lean()
      ).map((a) => activityCoverIdOf(a.coverImageUrl)),
    );
    const unused = candidates.filter((c) => !shown.has(c._id));
    if (shown.size) await this.files().updateMany({ _id: { $in: [...shown] as string[] } }, { $set: { 'metadata.inUse': true } });
    return { removed: await this.remove({ _id: { $in: unused.map((c) => c._id) } }) };
  }

  private async remove(filter: Record<string, unknown>): Promise<number> {
    const files = await this.files().find(filter).project<{ _id: string }>({ _id: 1 }).limit(10_000).toArray();
    for (const file of files) await this.bucket.delete(file._id as unknown as mongo.ObjectId).catch(() => undefined);
    return files.length;
  }

  private files() {
    return this.connection.db!.collection<CoverFile>('activity_covers.files');
  }
}
