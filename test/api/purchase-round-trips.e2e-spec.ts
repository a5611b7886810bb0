import { getConnectionToken } from '@nestjs/mongoose';
import { Types, type Connection } from 'mongoose';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { ProgrammePolicy } from '../../server/src/programme/programme-policy.service';
import { startApp, type RunningApp } from '../support/app';
import { signedPost } from '../support/signed-request';

/*
 * Purchase ingest is the hottest write path (a store event sends hundreds a second): its cost is dominated by
 * database round trips, so how many it makes is part of its design. These tests pin that count, and so keep a
 * change from quietly adding reads back (it was twenty commands per purchase before the benchmark found it).
 */
describe('purchase ingest: database round trips', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let members: MembersService;
  const operations: string[] = [];

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('round-trips-pos', 'Round trips POS');
    members = running.app.get(MembersService);
    // The programme policy's cache refresh reads its settings every 5 s in the background: not an ingest's work,
    // and on a slow machine it would land inside a measured request now and then.
    running.app.get(ProgrammePolicy).onApplicationShutdown();
    // mongoose reports every collection operation the models issue (a transaction's commit is not one of them).
    running.app.get<Connection>(getConnectionToken()).set('debug', (collection: string, method: string) => {
      operations.push(`${collection}.${method}`);
    });
  });
  afterAll(async () => {
    await running?.close();
  });

  let order = 0;
  const purchase = (phone: string) => ({
    orderId: `RT-${Date.now()}-${++order}`,
    member: { phone },
    storeCode: 'SH01',
    channel: 'store',
    paidAt: new Date().toISOString(),
    lines: [{ sku: 'SK-001', category: '护肤', quantity: 1, unitPriceFen: 12_000 }],
    totalFen: 12_000,
  });
  const send = async (body: unknown) => {
    operations.length = 0;
    const response = await signedPost(running.baseUrl, '/api/v1/purchases', body, pos);
    expect(response.status).toBe(200);
    return {
      result: (await response.json()) as { balance: number; replayed: boolean; memberId: string },
      operations: [...operations],
    };
  };

  it('a new purchase reads the member, records it, measures it in one read and earns in one transaction', async () => {
    const phone = '13912345001';
    await members.register({ phone });
    await send(purchase(phone)); // the first one also notes the store on the member and reads the integration
    const { result, operations: made } = await send(purchase(phone));
    expect(result).toMatchObject({ balance: 240, replayed: false });
    expect(made).toEqual([
      'integration_nonces.insertOne', // the signature's nonce, accepted once
      'members.findOne', // who the till means
      'purchases.insertOne', // recorded once per orderId (the unique index refuses a second)
      'purchases.find', // caps, tier figures and the month's tasks, from the member's other purchases
      'points_accounts.findOneAndUpdate', // the earning's transaction: balance, entry, lot
      'points_entries.insertOne',
      'points_lots.insertOne',
      'purchases.findOneAndUpdate', // applied, with its outcome
    ]);
    // Fewer reads, the same books: each earning's lot holds its points, and the account its debt (none).
    const db = running.app.get<Connection>(getConnectionToken()).db!;
    const memberId = new Types.ObjectId(result.memberId);
    const lots = await db.collection('points_lots').find({ memberId }).toArray();
    expect(lots.map((lot) => lot.remaining)).toEqual([120, 120]);
    expect(await db.collection('points_accounts').findOne({ _id: memberId })).toMatchObject({ balance: 240, debt: 0 });
  });

  it('a retried purchase is answered from its record', async () => {
    const phone = '13912345002';
    await members.register({ phone });
    const body = purchase(phone);
    const first = await send(body);
    const again = await send(body);
    expect(again.result).toEqual({ ...first.result, replayed: true });
    expect(again.operations).toEqual([
      'integration_nonces.insertOne',
      'members.findOne',
      'purchases.insertOne',
      'purchases.findOne',
      'points_accounts.findOne',
    ]);
  });
});
