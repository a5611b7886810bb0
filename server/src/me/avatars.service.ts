import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { AVATAR_PATH } from '@memberloop/shared';
import { Connection, mongo, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { JobRegistry } from '../jobs/job-registry';
import { photoTypeOf } from '../common/upload/uploaded-photo';

interface AvatarMetadata {
  memberId: Types.ObjectId;
  contentType: string;
  /** Set on the member's profile; an upload never set is cleared after a day. */
  inUse?: boolean;
}

const DAY_MS = 86_400_000;

/** The avatar id in one of our avatar URLs, or undefined for any other address. */
export function avatarIdOf(url: string | undefined): string | undefined {
  if (!url?.startsWith(AVATAR_PATH)) return undefined;
  const id = url.slice(AVATAR_PATH.length);
  return /^[0-9a-f]{32}$/.test(id) ? id : undefined;
}

/**
 * Members' avatar photos in GridFS (bucket `member_avatars`), under random 128-bit ids: the URL is the capability,
 * so an avatar shows in an <Image> without a token. A member keeps one: setting a new one removes the others, and
 * deleting the account removes them all.
 */
@Injectable()
export class AvatarsService implements OnModuleInit {
  private readonly bucket: mongo.GridFSBucket;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
  ) {
    this.bucket = new mongo.GridFSBucket(this.connection.db as unknown as mongo.Db, { bucketName: 'member_avatars' });
  }

  onModuleInit(): void {
    this.jobs.register({ name: 'member-avatars-cleanup', period: 'day', leaseMs: 30 * 60_000, work: () => this.removeUnused() });
  }

  async store(memberId: Types.ObjectId, bytes: Buffer): Promise<string> {
    const contentType = photoTypeOf(bytes);
    if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send a JPEG, PNG or WebP photo.');
    const avatarId = randomBytes(16).toString('hex');
    const metadata: AvatarMetadata = { memberId, contentType };
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket.openUploadStreamWithId(avatarId as unknown as mongo.ObjectId, avatarId, { metadata });
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(bytes);
    });
    return avatarId;
  }

  async read(avatarId: string): Promise<{ contentType: string; bytes: Buffer }> {
    const file = await this.files().findOne({ _id: avatarId });
    if (!file) throw new AppError('NOT_FOUND', 'No such avatar.');
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(avatarId as unknown as mongo.ObjectId)) chunks.push(chunk as Buffer);
    return { contentType: file.metadata.contentType, bytes: Buffer.concat(chunks) };
  }

  /** Refuses an avatar the member did not upload (someone else's, or one never uploaded). */
  async assertOwned(memberId: Types.ObjectId, avatarId: string): Promise<void> {
    const file = await this.files().findOne({ _id: avatarId, 'metadata.memberId': memberId });
    if (!file)
      throw new AppError('VALIDATION_FAILED', 'The avatar is not one you uploaded: upload it with POST /api/v1/me/avatar.', {
        fields: { avatarUrl: 'not your upload' },
      });
  }

  /** The avatar is now the member's: it is kept, and their other avatars are removed. */
  async markInUse(memberId: Types.ObjectId, avatarId: string): Promise<void> {
    await this.files().updateOne({ _id: avatarId, 'metadata.memberId': memberId }, { $set: { 'metadata.inUse': true } });
    await this.remove({ 'metadata.memberId': memberId, _id: { $ne: avatarId } });
  }

  removeAll(memberId: Types.ObjectId): Promise<number> {
    return this.remove({ 'metadata.memberId': memberId });
  }

  /** Avatars uploaded more than a day ago and never set on a profile. */
  async removeUnused(): Promise<{ removed: number }> {
    const before = new Date(this.clock.now().getTime() - DAY_MS);
    return { removed: await this.remove({ 'metadata.inUse': { $ne: true }, uploadDate: { $lt: before } }) };
  }

  private async remove(filter: Record<string, unknown>): Promise<number> {
    const files = await this.files().find(filter).project<{ _id: string }>({ _id: 1 }).limit(10_000).toArray();
    for (const file of files) await this.bucket.delete(file._id as unknown as mongo.ObjectId).catch(() => undefined);
    return files.length;
  }

  private files() {
    return this.connection.db!.collection<{ _id: string; metadata: AvatarMetadata; uploadDate: Date }>('member_avatars.files');
  }
}
