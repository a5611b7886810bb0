import { ConsoleLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ClockModule } from '../common/clock/clock.module';
import { fakeLoginCode } from './fake/fake-wechat-identities';
import { WechatApiClient } from './wechat-api.client';
import { WechatUnreachableError } from './wechat-api.errors';
import { WechatModule } from './wechat.module';

class RecordingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  override log(message: unknown): void {
    this.lines.push(String(message));
  }
}

describe('WechatModule', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('starts the local fake when WECHAT_API_BASE is unset, says so once, and stops it on shutdown', async () => {
    for (const name of ['WECHAT_API_BASE', 'WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'WECHAT_FAKE_PORT']) delete process.env[name];
    const logger = new RecordingLogger();
    const moduleRef = await Test.createTestingModule({ imports: [ClockModule, WechatModule] })
      .setLogger(logger)
      .compile();
    await moduleRef.init();
    const client = moduleRef.get(WechatApiClient);

    const session = await client.code2Session(fakeLoginCode('alice'));
    expect(session.openid).toHaveLength(28);
    const announcements = logger.lines.filter((line) => line.startsWith('WeChat API:'));
    expect(announcements).toEqual([
      expect.stringMatching(
        /^WeChat API: using the local fake at http:\/\/127\.0\.0\.1:\d+ \(set WECHAT_API_BASE, WECHAT_APP_ID and WECHAT_APP_SECRET for the real one\)$/,
      ),
    ]);

    await moduleRef.close();
    await expect(client.code2Session(fakeLoginCode('alice'))).rejects.toBeInstanceOf(WechatUnreachableError);
  });
});
