import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Clock } from '../common/clock/clock';
import type { FakeWechatServer } from './fake/fake-wechat-server';
import { WechatApiClient } from './wechat-api.client';
import { wechatConfig, type WechatConfig } from './wechat.config';

/**
 * Where WeChat's API is: the real one when WECHAT_API_BASE is set, otherwise the local fake, started here
 * and stopped on shutdown so development and tests need no WeChat account.
 */
@Injectable()
export class WechatApiEndpoint implements OnApplicationShutdown {
  private readonly logger = new Logger('Wechat');
  private fake?: FakeWechatServer;

  constructor(
    @Inject(wechatConfig.KEY) private readonly config: WechatConfig,
    private readonly clock: Clock,
  ) {}

  async resolveBaseUrl(): Promise<string> {
    const { apiBase, appId, appSecret, fakePort } = this.config;
    if (apiBase) {
      this.logger.log(`WeChat API: ${apiBase} (AppID ${appId})`);
      return apiBase;
    }
    // Loaded only when needed: a deployment on the real WeChat never loads the fake.
    const { startFakeWechatServer } = await import('./fake/fake-wechat-server');
    this.fake = await startFakeWechatServer({ appId, appSecret, port: fakePort, clock: this.clock });
    this.logger.log(
      `WeChat API: using the local fake at ${this.fake.baseUrl} (set WECHAT_API_BASE, WECHAT_APP_ID and WECHAT_APP_SECRET for the real one)`,
    );
    return this.fake.baseUrl;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.fake?.stop();
    this.fake = undefined;
  }
}

/** WeChat's server API for the mini-program: inject `WechatApiClient`. Needs the global ClockModule. */
@Module({
  imports: [ConfigModule.forFeature(wechatConfig)],
  providers: [
    WechatApiEndpoint,
    {
      provide: WechatApiClient,
      inject: [WechatApiEndpoint, wechatConfig.KEY, Clock],
      useFactory: async (endpoint: WechatApiEndpoint, config: WechatConfig, clock: Clock) =>
        new WechatApiClient({
          baseUrl: await endpoint.resolveBaseUrl(),
          appId: config.appId,
          appSecret: config.appSecret,
          timeoutMs: config.timeoutMs,
          clock,
        }),
    },
  ],
  exports: [WechatApiClient],
})
export class WechatModule {}
