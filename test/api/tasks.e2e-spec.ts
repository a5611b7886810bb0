import { MemberTasks, PurchaseIngestResult } from '@memberloop/shared';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs } from '../support/sessions';
import { signedPost } from '../support/signed-request';

describe('monthly tasks and badges', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let order = 0;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('tasks-pos', 'Tasks POS');
  });
  afterAll(async () => {
    await running?.close();
  });

  const buy = async (phone: string, priceFen: number) =>
    PurchaseIngestResult.parse(
      await (
        await signedPost(
          running.baseUrl,
          '/api/v1/purchases',
          {
            orderId: `TASK-${++order}`,
            member: { phone },
            storeCode: 'HZ01',
            channel: 'store',
            paidAt: new Date().toISOString(),
            lines: [{ sku: 'SK-1', category: '彩妆', quantity: 1, unitPriceFen: priceFen }],
            totalFen: priceFen,
          },
          pos,
        )
      ).json(),
    );

  it('pays the bonus and the badge on the third purchase of the month, once, and shows the progress', async () => {
    const session = await loginAs(running, 'task-shopper');
    await running.app.get(MembersService).attachPhone(session.member.id, '13755556666');
    const api = authorized(running, session.accessToken);
    const before = MemberTasks.parse(await (await api('/api/v1/me/tasks')).json());
    expect(before.tasks[0]).toMatchObject({ code: 'monthly-3-purchases', progress: 0, completed: false, target: 3 });
    expect(before.badges).toEqual([]);

    expect((await buy('13755556666', 1_000)).balance).toBe(10);
    expect((await buy('13755556666', 1_000)).balance).toBe(20);
    const third = await buy('13755556666', 1_000);
    expect(third).toMatchObject({ pointsEarned: 10, balance: 130 });
    const fourth = await buy('13755556666', 1_000);
    expect(fourth.balance).toBe(140);

    const after = MemberTasks.parse(await (await api('/api/v1/me/tasks')).json());
    expect(after.tasks[0]).toMatchObject({ progress: 3, completed: true });
    expect(after.badges).toEqual([expect.objectContaining({ code: 'regular-shopper', name: '常客', timesEarned: 1 })]);
  });
});
