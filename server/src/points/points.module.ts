import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PointsLedgerService } from './points-ledger.service';
import { PointsAccount, PointsAccountSchema } from './schemas/points-account.schema';
import { PointsEntry, PointsEntrySchema } from './schemas/points-entry.schema';
import { PointsLot, PointsLotSchema } from './schemas/points-lot.schema';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: PointsEntry.name, schema: PointsEntrySchema },
      { name: PointsLot.name, schema: PointsLotSchema },
      { name: PointsAccount.name, schema: PointsAccountSchema },
    ]),
  ],
  providers: [PointsLedgerService],
  exports: [PointsLedgerService],
})
export class PointsModule {}
