import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { appConfig, type AppConfig } from '../../config/app-config';
import { Clock } from '../clock/clock';
import { AccessGuard } from './access.guard';
import { AccessTokens } from './access-token';

/**
 * Who may call what: the access tokens and the guard that checks every endpoint against its contract. The
 * staff rights it reads come from whichever module provides StaffRightsLookup (the staff feature).
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(appConfig)],
  providers: [
    {
      provide: AccessTokens,
      inject: [appConfig.KEY, Clock],
      useFactory: (config: AppConfig, clock: Clock) =>
        new AccessTokens(config.security.accessTokenSecret, config.security.accessTokenTtlSeconds, 'memberloop', () =>
          clock.now(),
        ),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccessTokens],
})
export class AccessModule {}
