import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProgrammeModule } from '../programme';
import { MembersService } from './members.service';
import { Counter, CounterSchema } from './schemas/member-counter.schema';
import { Member, MemberSchema } from './schemas/member.schema';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Member.name, schema: MemberSchema },
      { name: Counter.name, schema: CounterSchema },
    ]),
    ProgrammeModule,
  ],
  providers: [MembersService],
  exports: [MembersService, MongooseModule],
})
export class MembersModule {}
