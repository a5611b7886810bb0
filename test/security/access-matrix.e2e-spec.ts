import { createHash, randomBytes } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { signIntegrationRequest } from '../../server/src/integrations/domain/request-signature';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { loginAs, loginAsStaff } from '../support/sessions';

type Auth = 'public' | 'member' | 'manager' | 'hq' | 'integration';
interface Operation {
  method: string;
  path: string;
  auth: Auth;
}

/** A value for a path parameter that passes its format check, so the guard (not validation) decides. */
function sampleParam(name: string): string {
  if (name === 'imageId') return 'ab'.repeat(16);
  if (name === 'memberNo') return 'M00000001';
  if (name === 'sku') return 'SK-1';
  return 'a1'.repeat(12);
}

function concretePath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, (_, name: string) => sampleParam(name));
}

/**
 * The access-control matrix, generated from the OpenAPI document: every endpoint called by every kind of caller
 * that may not call it, each refused with the right status and code, and the database unchanged afterwards.
 */
describe('access control across the whole API', () => {
  let running: RunningApp;
  let operations: Operation[];
  const tokens: Record<'member' | 'manager' | 'hq' | 'expired' | 'forged', string> = {
    member: '',
    manager: '',
    hq: '',
    expired: '',
    forged: '',
  };
  let integration: { integrationId: string; secret: string };
  const checked: string[] = [];

  beforeAll(async () => {
    running = await startApp();
    const document = (await (await fetch(`${running.baseUrl}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-auth'?: Auth }>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation['x-auth'] !== undefined)
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, auth: operation['x-auth'] as Auth })),
    );
    // A token issued 16 minutes "ago": the clock moves past its 15-minute life before the others are issued.
    tokens.expired = (await loginAs(running, 'matrix-expired')).accessToken;
    timeOf(running).advance(16 * 60_000);
    tokens.member = (await loginAs(running, 'matrix-member')).accessToken;
    tokens.manager = (await loginAsStaff(running, 'matrix-manager', 'manager', { communityIds: [], storeIds: [] })).accessToken;
    tokens.hq = (await loginAsStaff(running, 'matrix-hq', 'hq')).accessToken;
    const [header, payload] = tokens.member.split('.');
    tokens.forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    integration = await running.app.get(IntegrationsService).register('matrix-pos', 'Matrix POS');
  });
  afterAll(async () => {
    timeOf(running)?.reset();
    await running?.close();
    // The counts the closing note quotes.
    console.log(`access matrix: ${operations?.length} endpoints, ${checked.length} refused calls checked`);
  });

  const call = (operation: Operation, headers: Record<string, string>, body?: string) =>
    fetch(`${running.baseUrl}${concretePath(operation.path)}`, {
      method: operation.method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body,
    });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const bodyFor = (operation: Operation) => (['POST', 'PUT', 'PATCH'].includes(operation.method) ? '{}' : undefined);

  /** Every document of every collection, hashed: what "nothing changed" is checked against. */
  const databaseDigest = async () => {
    const connection = running.app.get<Connection>(getConnectionToken());
    const db = connection.db!;
    const hash = createHash('sha256');
    const collections = (await db.listCollections().toArray()).map((c) => c.name).sort();
    for (const name of collections) {
      // Sessions (refresh tokens) and job bookkeeping change with time, not with these calls.
      if (name === 'job_runs') continue;
      const docs = await db.collection(name).find().sort({ _id: 1 }).toArray();
      hash.update(name).update(JSON.stringify(docs));
    }
    return hash.digest('hex');
  };

  it('covers the whole API', () => {
    expect(operations.length).toBeGreaterThan(60);
    for (const auth of ['public', 'member', 'manager', 'hq', 'integration'] as const) {
      expect(operations.some((o) => o.auth === auth)).toBe(true);
    }
  });

  it('refuses every caller who may not call an endpoint, and changes nothing', async () => {
    const before = await databaseDigest();
    const problems: string[] = [];
    const expectRefusal = async (operation: Operation, caller: string, response: Response, status: number, codes: string[]) => {
      checked.push(`${operation.method} ${operation.path} as ${caller}`);
      const body = (await response.json().catch(() => ({}))) as { code?: string };
      if (response.status !== status || !codes.includes(body.code ?? '')) {
        problems.push(
          `${operation.method} ${operation.path} as ${caller}: ${response.status} ${body.code} (expected ${status} ${codes.join('|')})`,
        );
      }
    };
    for (const operation of operations) {
      const body = bodyFor(operation);
      if (operation.auth === 'public') continue;
      if (operation.auth === 'integration') {
        const raw = body ?? '';
        const now = String(Math.floor(Date.now() / 1000));
        await expectRefusal(operation, 'anonymous', await call(operation, {}, body), 401, ['UNAUTHENTICATED']);
        const signed = (timestamp: string, secret: string, id = integration.integrationId) => {
          const nonce = randomBytes(18).toString('base64url');
          const target = concretePath(operation.path);
          return {
            'x-integration-id': id,
            'x-timestamp': timestamp,
            'x-nonce': nonce,
            'x-signature': signIntegrationRequest(secret, { method: operation.method, target, timestamp, nonce, rawBody: raw }),
          };
        };
        await expectRefusal(operation, 'wrong signature', await call(operation, signed(now, 'x'.repeat(43)), body), 401, [
          'UNAUTHENTICATED',
        ]);
        await expectRefusal(
          operation,
          'expired signature',
          await call(operation, signed(String(Number(now) - 3600), integration.secret), body),
          401,
          ['UNAUTHENTICATED'],
        );
        await expectRefusal(
          operation,
          'unknown integration',
          await call(operation, signed(now, integration.secret, 'nobody'), body),
          401,
          ['UNAUTHENTICATED'],
        );
        await expectRefusal(operation, 'a member', await call(operation, bearer(tokens.member), body), 401, ['UNAUTHENTICATED']);
        continue;
      }
      await expectRefusal(operation, 'anonymous', await call(operation, {}, body), 401, ['UNAUTHENTICATED']);
      await expectRefusal(operation, 'a forged token', await call(operation, bearer(tokens.forged), body), 401, [
        'UNAUTHENTICATED',
      ]);
      await expectRefusal(operation, 'an expired token', await call(operation, bearer(tokens.expired), body), 401, [
        'TOKEN_EXPIRED',
      ]);
      if (operation.auth === 'manager' || operation.auth === 'hq') {
        await expectRefusal(operation, 'a member', await call(operation, bearer(tokens.member), body), 403, ['FORBIDDEN']);
      }
      if (operation.auth === 'hq') {
        await expectRefusal(operation, 'a manager', await call(operation, bearer(tokens.manager), body), 403, ['FORBIDDEN']);
      }
    }
    expect(problems).toEqual([]);
    expect(await databaseDigest()).toBe(before);
  }, 120_000);

  it('lets HQ through every staff endpoint’s door (what it then finds is up to the endpoint)', async () => {
    const problems: string[] = [];
    for (const operation of operations.filter((o) => o.auth === 'manager' || o.auth === 'hq')) {
      const response = await call(operation, bearer(tokens.hq), bodyFor(operation));
      if (response.status === 401 || response.status === 403 || response.status >= 500) {
        problems.push(`${operation.method} ${operation.path}: ${response.status}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
