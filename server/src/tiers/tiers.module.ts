import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Member, MemberSchema } from '../members/schemas/member.schema';
import { TierChangeRecord, TierChangeRecordSchema } from './schemas/tier-change.schema';
import { TierLadderProvider } from './tier-ladder.provider';
import { TierStandingService } from './tier-standing.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Member.name, schema: MemberSchema },
      { name: TierChangeRecord.name, schema: TierChangeRecordSchema },
    ]),
  ],
  providers: [TierLadderProvider, TierStandingService],
  exports: [TierLadderProvider, TierStandingService],
})
export class TiersModule {}
