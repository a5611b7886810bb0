import { createHash } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { SIGNATURE_WORKED_EXAMPLE } from '../../server/src/integrations/signature-scheme.doc';
import { MembersService } from '../../server/src/members/members.service';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { startApp, type RunningApp } from '../support/app';
import { sendSigned, signedHeaders, signedPost } from '../support/signed-request';

/**
 * A till's signed request, captured on the wire, must do exactly what was signed, once: replayed against another
 * hold, path, method or query, or sent again as it is, it is refused (UNAUTHENTICATED) and writes nothing.
 */
describe('integration signatures: a captured request cannot be replayed', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let otherPos: IntegrationCredentials;
  let phoneSeq = 0;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('sig-pos', 'Signature POS');
    otherPos = await running.app.get(IntegrationsService).register('sig-pos-2', 'Second POS');
  });
  afterAll(async () => {
    await running?.close();
  });

  /** Every collection but the job bookkeeping and the record of nonces seen (a refused request adds to neither). */
  const digest = async () => {
    const db = running.app.get<Connection>(getConnectionToken()).db!;
    const hash = createHash('sha256');
    for (const { name } of (await db.listCollections().toArray()).sort((a, b) => a.name.localeCompare(b.name))) {
      if (name === 'job_runs') continue;
      hash.update(name).update(JSON.stringify(await db.collection(name).find().sort({ _id: 1 }).toArray()));
    }
    return hash.digest('hex');
  };

  const memberWithHolds = async (...holdIds: string[]) => {
    const phone = `1370000${String(++phoneSeq).padStart(4, '0')}`;
    const member = await running.app.get(MembersService).register({ phone });
    await running.app.get(PointsLedgerService).earn({
      memberId: member._id,
      points: 10_000,
      reason: 'test grant',
      source: { type: 'test', id: phone },
      idempotencyKey: `grant:${phone}`,
      occurredAt: new Date(),
      availableAt: new Date(),
      expiresAt: new Date(Date.now() + 200 * 86_400_000),
    });
    for (const holdId of holdIds) {
      const held = await signedPost(
        running.baseUrl,
        '/api/v1/points/holds',
        { holdId, member: { phone }, points: 100, orderTotalFen: 100_000, storeCode: 'HZ01' },
        pos,
      );
      expect(held.status).toBe(201);
    }
  };

  /** A request as the till signed it. */
  const capture = (method: string, target: string, body: unknown, credentials = pos) => {
    const raw = body === undefined ? '' : JSON.stringify(body);
    return { method, target, body: raw, headers: signedHeaders(credentials, { method, target, body: raw }) };
  };

  const expectRefusedWritingNothing = async (replay: Parameters<typeof sendSigned>[1]) => {
    const before = await digest();
    const response = await sendSigned(running.baseUrl, replay);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await digest()).toBe(before);
  };

  it('refuses a cancel signed for one hold replayed against another hold', async () => {
    await memberWithHolds('SIG-A1', 'SIG-B1');
    const cancelA = capture('POST', '/api/v1/points/holds/SIG-A1/cancel', {});
    await expectRefusedWritingNothing({ ...cancelA, target: '/api/v1/points/holds/SIG-B1/cancel' });
  });

  it('refuses a signed commit replayed to the cancel path of the same hold', async () => {
    await memberWithHolds('SIG-A2');
    const commit = capture('POST', '/api/v1/points/holds/SIG-A2/commit', { orderId: 'ORD-SIG-A2' });
    await expectRefusedWritingNothing({ ...commit, target: '/api/v1/points/holds/SIG-A2/cancel' });
  });

  it('refuses a request signed for another method', async () => {
    await memberWithHolds('SIG-A3');
    const put = capture('PUT', '/api/v1/points/holds/SIG-A3/cancel', {});
    await expectRefusedWritingNothing({ ...put, method: 'POST' });
  });

  it('refuses a request whose query was added, changed or dropped', async () => {
    await memberWithHolds('SIG-A4');
    const plain = capture('POST', '/api/v1/points/holds/SIG-A4/cancel', {});
    await expectRefusedWritingNothing({ ...plain, target: `${plain.target}?holdId=SIG-A4` });
    const withQuery = capture('POST', '/api/v1/points/holds/SIG-A4/cancel?channel=pos', {});
    await expectRefusedWritingNothing({ ...withQuery, target: '/api/v1/points/holds/SIG-A4/cancel?channel=online' });
    await expectRefusedWritingNothing({ ...withQuery, target: '/api/v1/points/holds/SIG-A4/cancel' });
  });

  it('accepts a request once: the same request sent again is refused and writes nothing', async () => {
    await memberWithHolds('SIG-A5');
    const cancel = capture('POST', '/api/v1/points/holds/SIG-A5/cancel', {});
    expect((await sendSigned(running.baseUrl, cancel)).ok).toBe(true);
    await expectRefusedWritingNothing(cancel);
  });

  it('accepts one of many copies of a request sent at the same moment', async () => {
    await memberWithHolds('SIG-A6');
    const commit = capture('POST', '/api/v1/points/holds/SIG-A6/commit', { orderId: 'ORD-SIG-A6' });
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () => sendSigned(running.baseUrl, commit).then((response) => response.status)),
    );
    expect(statuses.filter((status) => status < 300)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(49);
  });

  it('keeps nonces per integration, and refuses nonces of the wrong shape', async () => {
    await memberWithHolds('SIG-A7', 'SIG-B7');
    const nonce = 'shared-nonce-0000000007';
    const first = { ...capture('POST', '/api/v1/points/holds/SIG-A7/cancel', {}) };
    first.headers = signedHeaders(pos, { method: 'POST', target: first.target, body: first.body, nonce });
    expect((await sendSigned(running.baseUrl, first)).ok).toBe(true);
    // Another till may pick the same nonce: it is not a replay of the first till's request.
    const other = { method: 'POST', target: '/api/v1/purchases', body: '{}' };
    const otherResponse = await sendSigned(running.baseUrl, {
      ...other,
      headers: signedHeaders(otherPos, { ...other, nonce }),
    });
    expect(otherResponse.status).toBe(400);

    for (const bad of ['short', 'x'.repeat(65), 'has spaces in it here', 'dots.are.not.allowed.here']) {
      const request = { method: 'POST', target: '/api/v1/points/holds/SIG-B7/cancel', body: '{}' };
      await expectRefusedWritingNothing({ ...request, headers: signedHeaders(pos, { ...request, nonce: bad }) });
    }
    const request = { method: 'POST', target: '/api/v1/points/holds/SIG-B7/cancel', body: '{}' };
    const { 'x-nonce': _dropped, ...withoutNonce } = signedHeaders(pos, request);
    await expectRefusedWritingNothing({ ...request, headers: withoutNonce });
  });

  it('documents the scheme with its worked example in the OpenAPI description', async () => {
    const document = (await (await fetch(`${running.baseUrl}/api/docs/openapi.json`)).json()) as {
      info: { description: string };
    };
    expect(document.info.description).toContain('X-Nonce');
    expect(document.info.description).toContain(SIGNATURE_WORKED_EXAMPLE.signature);
    expect(document.info.description).toContain(SIGNATURE_WORKED_EXAMPLE.body);
  });
});
