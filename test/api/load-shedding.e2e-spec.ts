import { connect, type Socket } from 'node:net';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { sendSigned, signedHeaders } from '../support/signed-request';

/*
 * Past saturation a process sheds load: at most ADMISSION_MAX_IN_FLIGHT API requests run, ADMISSION_MAX_QUEUE wait,
 * the rest get 503 SERVER_BUSY with Retry-After at once. The attacks: a burst larger than the process (every
 * purchase must still be credited exactly once after the tills retry, the health check still answers), and
 * connections that never finish sending (they must not take the places of others).
 */
describe('load shedding', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let port: number;

  beforeAll(async () => {
    running = await startApp({ ADMISSION_MAX_IN_FLIGHT: '2', ADMISSION_MAX_QUEUE: '2', ADMISSION_MAX_WAIT_MS: '5000' });
    pos = await running.app.get(IntegrationsService).register('shedding-pos', 'Shedding POS');
    port = Number(new URL(running.baseUrl).port);
  });
  afterAll(async () => {
    await running?.close();
  });

  /** A client that sends a request's headers and never its body (a slow uploader, or an attacker's connection). */
  const openSlowly = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /api/v1/purchases HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
        );
        resolve(socket);
      });
      socket.on('error', reject);
    });

  it('clients sending slowly hold no place: ten of them never shut others out of a two-place process', async () => {
    const slow = await Promise.all(Array.from({ length: 10 }, () => openSlowly()));
    await new Promise((r) => setTimeout(r, 150));
    try {
      for (let i = 0; i < 5; i++) expect((await fetch(`${running.baseUrl}/api/v1/program`)).status).toBe(200);
    } finally {
      for (const socket of slow) socket.destroy();
    }
  });

  it('a burst larger than the process: every purchase answered, each credited exactly once after retries', async () => {
    const members = running.app.get(MembersService);
    const phones = Array.from({ length: 8 }, (_, i) => `1390000${String(7000 + i)}`);
    const ids = await Promise.all(phones.map(async (phone) => (await members.register({ phone }))._id));
    // Each request is signed once and, when shed, sent again byte for byte: a refused request consumed nothing,
    // not even its signature's nonce.
    const requests = Array.from({ length: 48 }, (_, i) => {
      const body = JSON.stringify({
        orderId: `SHED-${i}`,
        member: { phone: phones[i % phones.length] },
        storeCode: 'SH01',
        channel: 'store',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK-001', category: '护肤', quantity: 1, unitPriceFen: 10_000 }],
        totalFen: 10_000,
      });
      const target = '/api/v1/purchases';
      // Every other one from a page of the H5 dev server (a browser sends Origin): its refusal must carry the CORS
      // headers the page needs to read it, though it is refused in Fastify's hooks rather than on the Node request.
      const origin: Record<string, string> = i % 2 === 1 ? { origin: 'http://localhost:10086' } : {};
      return { method: 'POST', target, body, headers: { ...signedHeaders(pos, { method: 'POST', target, body }), ...origin } };
    });

    let shed = 0;
    let healthDuringBurst: Promise<number> | undefined;
    const answers = await Promise.all(
      requests.map(async (request) => {
        for (;;) {
          const response = await sendSigned(running.baseUrl, request);
          if (response.status !== 503) return { status: response.status, body: (await response.json()) as { replayed: boolean } };
          shed += 1;
          expect(response.headers.get('access-control-allow-origin')).toBe(request.headers.origin ?? null);
          // The load balancer's check is never shed, even while the API is.
          healthDuringBurst ??= fetch(`${running.baseUrl}/health`).then((r) => r.status);
          expect(response.headers.get('retry-after')).toBe('1');
          expect(await response.json()).toMatchObject({ code: 'SERVER_BUSY' });
          await new Promise((r) => setTimeout(r, 1000 * Number(response.headers.get('retry-after'))));
        }
      }),
    );
    expect(shed).toBeGreaterThan(0); // the burst was larger than 2 running + 2 waiting
    expect(await healthDuringBurst).toBe(200);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // Whoever got through first did the work; nothing a shed request sent was applied.
    expect(answers.filter((a) => !a.body.replayed)).toHaveLength(requests.length);

    const db = running.app.get<Connection>(getConnectionToken()).db!;
    const memberIds = ids;
    const entries = await db
      .collection('points_entries')
      .find({ memberId: { $in: memberIds } })
      .toArray();
    const purchases = entries.filter((e) => e.source.type === 'purchase');
    expect(new Set(purchases.map((e) => e.source.id)).size).toBe(requests.length);
    expect(purchases).toHaveLength(requests.length);
    // The books balance: each account holds exactly what its ledger lines (purchases and the tasks they met) add to.
    for (const memberId of memberIds) {
      const mine = entries.filter((e) => e.memberId.equals(memberId));
      const account = await db.collection('points_accounts').findOne({ _id: memberId });
      expect(account?.balance).toBe(mine.reduce((sum, e) => sum + (e.points as number), 0));
      expect(mine.filter((e) => e.source.type === 'purchase')).toHaveLength(requests.length / phones.length);
    }
  });
});
