import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection, mongo, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { JobRegistry } from '../jobs/job-registry';
import { photoTypeOf } from '../common/upload/uploaded-photo';

interface ImageMetadata {
  memberId: Types.ObjectId;
  contentType: string;
  /** The post it belongs to, once attached; unattached photos are cleared after a day. */
  postId?: Types.ObjectId;
}

const DAY_MS = 86_400_000;

/**
 * Post photos in GridFS (bucket `post_images`), under random 128-bit ids: the URL is the capability, so a
 * photo can be shown in an <Image> without a token, and ids cannot be guessed or walked.
 */
@Injectable()
export class PostImagesService implements OnModuleInit {
  private readonly bucket: mongo.GridFSBucket;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
  ) {
    this.bucket = new mongo.GridFSBucket(this.connection.db as unknown as mongo.Db, { bucketName: 'post_images' });
  }

  onModuleInit(): void {
    this.jobs.register({ name: 'post-images-cleanup', period: 'day', leaseMs: 30 * 60_000, work: () => this.removeUnattached() });
  }

  async store(memberId: Types.ObjectId, bytes: Buffer): Promise<{ imageId: string; contentType: string; bytes: number }> {
    const contentType = photoTypeOf(bytes);
    if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send a JPEG, PNG or WebP photo.');
    const imageId = randomBytes(16).toString('hex');
    const metadata: ImageMetadata = { memberId, contentType };
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket.openUploadStreamWithId(imageId as unknown as mongo.ObjectId, `${imageId}`, { metadata });
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(bytes);
    });
    return { imageId, contentType, bytes: bytes.length };
  }

  async read(imageId: string): Promise<{ contentType: string; bytes: Buffer }> {
    const file = await this.files().findOne({ _id: imageId });
    if (!file) throw new AppError('NOT_FOUND', 'No such photo.');
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(imageId as unknown as mongo.ObjectId)) chunks.push(chunk as Buffer);
    return { contentType: (file.metadata as ImageMetadata).contentType, bytes: Buffer.concat(chunks) };
  }

  /** Ties the member's own unattached photos to a post; refuses photos that are not theirs or already used. */
  async attach(memberId: Types.ObjectId, imageIds: string[], postId: Types.ObjectId): Promise<void> {
    if (imageIds.length === 0) return;
    const files = await this.files()
      .find({ _id: { $in: imageIds }, 'metadata.memberId': memberId })
      .project<{ _id: string; metadata: ImageMetadata }>({ metadata: 1 })
      .toArray();
    const usable = files.filter((f) => !f.metadata.postId || f.metadata.postId.equals(postId));
    if (usable.length !== imageIds.length)
      throw new AppError('VALIDATION_FAILED', 'Some photos are not yours, were not uploaded, or belong to another post.');
    await this.files().updateMany({ _id: { $in: imageIds } }, { $set: { 'metadata.postId': postId } });
  }

  async removeAll(memberId: Types.ObjectId): Promise<number> {
    return this.remove({ 'metadata.memberId': memberId });
  }

  /** Photos uploaded more than a day ago and never attached to a post. */
  async removeUnattached(): Promise<{ removed: number }> {
    const before = new Date(this.clock.now().getTime() - DAY_MS);
    return { removed: await this.remove({ 'metadata.postId': { $exists: false }, uploadDate: { $lt: before } }) };
  }

  private async remove(filter: Record<string, unknown>): Promise<number> {
    const files = await this.files().find(filter).project<{ _id: string }>({ _id: 1 }).limit(10_000).toArray();
    for (const file of files) await this.bucket.delete(file._id as unknown as mongo.ObjectId).catch(() => undefined);
    return files.length;
  }

  private files() {
    return this.connection.db!.collection<{ _id: string; metadata: ImageMetadata; uploadDate: Date }>('post_images.files');
  }
}
