import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, type AppConfig } from './config/app-config';
import { ErrorFilter } from './common/errors/error-filter';
import { ContractResponseInterceptor } from './common/contract';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ProgrammeModule } from './programme/programme.module';
import { ClockModule } from './common/clock/clock.module';
import { PersonalDataModule } from './common/crypto/personal-data.module';
import { PurchasesModule } from './purchases/purchases.module';
import { AuthModule } from './auth/auth.module';
import { AccessModule } from './common/auth/access.module';
import { MeModule } from './me/me.module';
import { GiftsModule } from './gifts/gifts.module';
import { CheckoutModule } from './checkout/checkout.module';
import { CouponsModule } from './coupons/coupons.module';
import { JobsModule } from './jobs/jobs.module';
import { ReviewsModule } from './reviews/reviews.module';
import { StaffModule } from './staff/staff.module';
import { JobRegistryModule } from './jobs/job-registry';
import { AuditModule } from './audit/audit.module';
import { GroupBuysModule } from './group-buys/group-buys.module';
import { CommunitiesModule } from './communities/communities.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { ReferralsModule } from './referrals/referrals.module';
import { AssistsModule } from './assists/assists.module';
import { PostsModule } from './posts/posts.module';
import { TasksModule } from './tasks/tasks.module';
import { TiersModule } from './tiers/tiers.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { MemberMergeModule } from './member-merge/member-merge.module';
import { ServiceTicketsModule } from './service-tickets/service-tickets.module';
import { PaidMembershipModule } from './paid-membership/paid-membership.module';
import { CampaignExperimentsModule } from './campaign-experiments/campaign-experiments.module';
import { SurveysModule } from './surveys/surveys.module';
import { RegionBenefitsModule } from './region-benefits/region-benefits.module';
import { StoresModule } from './stores/stores.module';
import { FestivalCalendarModule } from './festival-calendar/festival-calendar.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.log.level,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-signature"]'],
          // Health probes every few seconds would drown everything else.
          autoLogging: { ignore: (req) => req.url === '/health' },
          // A person at a terminal in development reads short lines ("[context] message", requests as
          // "request completed GET /path 200 3 ms", errors with their stack); everything else (production, CI,
          // tests, a log file or pipe) gets one JSON object per line for the log collector.
          ...(config.env === 'development' && process.stdout.isTTY === true
            ? {
                transport: {
                  target: 'pino-pretty',
                  options: {
                    translateTime: 'SYS:HH:MM:ss.l',
                    ignore: 'pid,hostname,context,req,res,responseTime',
                    messageFormat:
                      '{if context}[{context}] {end}{msg}{if req.method} {req.method} {req.url}{end}' +
                      '{if res.statusCode} {res.statusCode}{end}{if responseTime} {responseTime} ms{end}',
                  },
                },
              }
            : {}),
        },
      }),
    }),
    ClockModule,
    PersonalDataModule,
    DatabaseModule,
    HealthModule,
    ProgrammeModule,
    AccessModule,
    AuthModule,
    PurchasesModule,
    MeModule,
    GiftsModule,
    CheckoutModule,
    CouponsModule,
    JobsModule,
    ReviewsModule,
    StaffModule,
    JobRegistryModule,
    AuditModule,
    GroupBuysModule,
    CommunitiesModule,
    AnalyticsModule,
    ReferralsModule,
    AssistsModule,
    PostsModule,
    TasksModule,
    TiersModule,
    CatalogueModule,
    MemberMergeModule,
    ServiceTicketsModule,
    PaidMembershipModule,
    CampaignExperimentsModule,
    SurveysModule,
    RegionBenefitsModule,
    StoresModule,
    FestivalCalendarModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: ContractResponseInterceptor },
  ],
})
export class AppModule {}
