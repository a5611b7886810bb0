import { Module } from '@nestjs/common';
import { TiersModule } from '../tiers/tiers.module';
import { ProgrammeController } from './programme.controller';

@Module({ imports: [TiersModule], controllers: [ProgrammeController] })
export class ProgrammeModule {}
