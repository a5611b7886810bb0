import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { JobRegistryModule } from './job-registry';
import { JobRunner } from './job-runner.service';
import { JobScheduler } from './job-scheduler.service';
import { JobRun, JobRunSchema } from './schemas/job-run.schema';

/**
 * The jobs core: a timer in every instance and a database lease so each job runs once per period. It knows no
 * feature: features register their jobs with the JobRegistry (see job-registry.ts).
 */
@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([{ name: JobRun.name, schema: JobRunSchema }]),
    JobRegistryModule,
  ],
  providers: [JobRunner, JobScheduler],
  exports: [JobScheduler],
})
export class JobsModule {}
