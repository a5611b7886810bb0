import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PersonalDataModule } from '../common/crypto/personal-data.module';
import { ProgrammeModule } from '../programme';
import { MembersService } from './members.service';
import { Counter, CounterSchema } from './schemas/member-counter.schema';
import { Member, MemberSchema } from './schemas/member.schema';
import { MemberStore } from './member.store';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Member.name, schema: MemberSchema },
      { name: Counter.name, schema: CounterSchema },
    ]),
    PersonalDataModule,
    ProgrammeModule,
  ],
  providers: [MemberStore, MembersService],
  exports: [MemberStore, MembersService],
})
export class MembersModule {}
