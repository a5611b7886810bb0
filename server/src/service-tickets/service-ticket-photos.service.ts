import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection, mongo, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { JobRegistry } from '../jobs/job-registry';
import { photoTypeOf } from '../common/upload/uploaded-photo';

interface PhotoMetadata {
  memberId: Types.ObjectId;
  contentType: string;
  /** The ticket it belongs to, once attached; photos no ticket took are cleared after a day. */
  ticketId?: Types.ObjectId;
}

const DAY_MS = 86_400_000;
/** How long a photo link a ticket view hands out works. */
const LINK_MS = 60 * 60_000;

function notAttachable(): AppError {
  return new AppError('VALIDATION_FAILED', 'Some photos are not yours, were not uploaded, or belong to another ticket.', {
    issues: [{ path: 'photoIds', message: 'photos of your own upload, not yet on a ticket' }],
  });
}

/**
 * Ticket photos in their own GridFS bucket (`service_ticket_photos`). Unlike post photos they are private: a
 * photo is served only through a link signed for an hour, which only the member's and in-scope staff's ticket
 * views hand out.
 */
@Injectable()
export class ServiceTicketPhotos implements OnModuleInit {
  private readonly bucket: mongo.GridFSBucket;
  private readonly signingKey: Buffer;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.bucket = new mongo.GridFSBucket(this.connection.db as unknown as mongo.Db, { bucketName: 'service_ticket_photos' });
    this.signingKey = createHmac('sha256', config.security.accessTokenSecret).update('service-ticket-photos').digest();
  }

  onModuleInit(): void {
    this.jobs.register({
      name: 'service-ticket-photos-cleanup',
      period: 'day',
      leaseMs: 30 * 60_000,
      work: () => this.removeUnattached(),
    });
  }

  async store(memberId: Types.ObjectId, bytes: Buffer): Promise<{ photoId: string; bytes: number }> {
    const contentType = photoTypeOf(bytes);
    if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send a JPEG, PNG or WebP photo.');
    const photoId = randomBytes(16).toString('hex');
    const metadata: PhotoMetadata = { memberId, contentType };
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket.openUploadStreamWithId(photoId as unknown as mongo.ObjectId, photoId, { metadata });
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(bytes);
    });
    return { photoId, bytes: bytes.length };
  }

  /** Refuses photos that are not the member's own upload or already on a ticket (before the ticket is written). */
  async checkAttachable(memberId: Types.ObjectId, photoIds: string[]): Promise<void> {
    if (photoIds.length === 0) return;
    const free = await this.files().countDocuments({
      _id: { $in: photoIds },
      'metadata.memberId': memberId,
      'metadata.ticketId': { $exists: false },
    });
    if (free !== photoIds.length) throw notAttachable();
  }

  /** Ties the member's own unattached photos to their ticket, each only if still free (two tickets never share one). */
  async attach(memberId: Types.ObjectId, photoIds: string[], ticketId: Types.ObjectId): Promise<void> {
    for (const photoId of photoIds) {
      const taken = await this.files().updateOne(
        { _id: photoId, 'metadata.memberId': memberId, 'metadata.ticketId': { $exists: false } },
        { $set: { 'metadata.ticketId': ticketId } },
      );
      if (taken.modifiedCount !== 1) {
        await this.files().updateMany(
          { _id: { $in: photoIds }, 'metadata.ticketId': ticketId },
          { $unset: { 'metadata.ticketId': 1 } },
        );
        throw notAttachable();
      }
    }
  }

  /** Links to the photos that work for an hour. */
  links(photoIds: readonly string[]): string[] {
    const exp = Math.floor((this.clock.now().getTime() + LINK_MS) / 1000);
    return photoIds.map((id) => `/api/v1/service-ticket-photos/${id}?exp=${exp}&sig=${this.signature(id, exp)}`);
  }

  /** The photo a signed, unexpired link names. A forged or expired link looks the same as a missing photo. */
  async read(photoId: string, exp: number, sig: string): Promise<{ contentType: string; bytes: Buffer }> {
    const expected = Buffer.from(this.signature(photoId, exp));
    const given = Buffer.from(sig);
    const valid = expected.length === given.length && timingSafeEqual(expected, given);
    if (!valid || exp * 1000 < this.clock.now().getTime()) throw new AppError('NOT_FOUND', 'No such photo, or the link expired.');
    const file = await this.files().findOne({ _id: photoId });
    if (!file || !(file.metadata as PhotoMetadata).ticketId)
      throw new AppError('NOT_FOUND', 'No such photo, or the link expired.');
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(photoId as unknown as mongo.ObjectId)) chunks.push(chunk as Buffer);
    return { contentType: (file.metadata as PhotoMetadata).contentType, bytes: Buffer.concat(chunks) };
  }

  private signature(photoId: string, exp: number): string {
    return createHmac('sha256', this.signingKey).update(`${photoId}.${exp}`).digest('base64url').slice(0, 32);
  }

  private async removeUnattached(): Promise<{ removed: number }> {
    const before = new Date(this.clock.now().getTime() - DAY_MS);
    const stale = await this.files()
      .find({ 'metadata.ticketId': { $exists: false }, uploadDate: { $lt: before } })
      .project<{ _id: string }>({ _id: 1 })
      .toArray();
    for (const file of stale) await this.bucket.delete(file._id as unknown as mongo.ObjectId).catch(() => undefined);
    return { removed: stale.length };
  }

  private files() {
    return this.connection.db!.collection<{ _id: string; metadata: PhotoMetadata; uploadDate: Date }>(
      'service_ticket_photos.files',
    );
  }
}
