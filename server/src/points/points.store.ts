import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PointsEntry } from './schemas/points-entry.schema';
import { SignInDay } from './sign-in/sign-in-day.schema';

/**
 * The points entries and sign-in days collections, as other features may use them: the only way into these documents
 * from outside this folder (see docs/architecture.md, "Features own their data"). Each method is named for what its
 * caller needs; there is no generic find or aggregate, so every query another feature runs on this data is listed
 * here.
 */
@Injectable()
export class PointsStore implements OnModuleInit {
  constructor(
    @InjectModel(PointsEntry.name) private readonly entries: Model<PointsEntry>,
    @InjectModel(SignInDay.name) private readonly signInDays: Model<SignInDay>,
  ) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.entries.init(), this.signInDays.init()]);
  }
}
