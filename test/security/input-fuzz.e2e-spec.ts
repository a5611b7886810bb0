import { createHash, randomBytes } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import { ERROR_CODES } from '@memberloop/shared';
import fc from 'fast-check';
import type { Connection } from 'mongoose';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { signIntegrationRequest } from '../../server/src/integrations/domain/request-signature';
import { startApp, type RunningApp } from '../support/app';
import { loginAs, loginAsStaff } from '../support/sessions';

type Auth = 'public' | 'member' | 'manager' | 'hq' | 'integration';
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  auth: Auth;
  bodyFields: string[];
  queryFields: string[];
  pathParams: string[];
}

/** Cases per endpoint; FUZZ_RUNS raises it for a longer local run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

const deeplyNested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
};

/** Values that break a field: wrong types, operators, keys MongoDB treats specially, huge, negative, overflowing. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    { $gt: '' },
    { $ne: null },
    { $where: 'sleep(1000)' },
    { $regex: '.*' },
    { 'a.b': 1 },
    { $set: { balance: 1e9 } },
    ['$gt'],
    null,
    true,
    -1,
    -2_147_483_649,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    0.5,
    '',
    ' ',
    'x'.repeat(100_000),
    '2026-02-30T25:61:00+99:00',
    '1970-01-01T00:00:00Z',
    'Mars/Olympus',
    '０１２３',
    '\u0000',
    '<script>alert(1)</script>',
    'ffffffffffffffffffffffff',
    'not-an-object-id',
    deeplyNested(300),
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 3 }),
);

const hostileKey = fc.constantFrom('$where', '$set', '$gt', 'a.b', '__proto__', 'constructor', 'prototype', '', 'x'.repeat(2000));

const hostileParam = fc.constantFrom(
  'not-an-id',
  '$where',
  '0'.repeat(23),
  'zz'.repeat(12),
  '%24gt',
  '..%2F..%2Fetc',
  'x'.repeat(3000),
  '-1',
  '1e309',
  '%E4%B8%AD',
);

function bodyArbitrary(fields: string[]): fc.Arbitrary<unknown> {
  const wrongFields =
    fields.length > 0
      ? fc.record(Object.fromEntries(fields.map((f) => [f, hostileValue])), { requiredKeys: [] })
      : fc.constant({});
  const withEvilKeys = fc
    .tuple(wrongFields, fc.dictionary(hostileKey, hostileValue, { maxKeys: 3 }))
    .map(([a, b]) => ({ ...a, ...b }));
  return fc.oneof(wrongFields, withEvilKeys, hostileValue, fc.anything({ maxDepth: 3 }));
}

function queryArbitrary(fields: string[]): fc.Arbitrary<string> {
  const names = [...fields, '$where', 'a[$gt]', 'limit', 'cursor'];
  return fc
    .dictionary(
      fc.constantFrom(...names),
      fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('$gt', '-1', '1e309', 'NaN', '[]', 'x'.repeat(5000))),
      {
        maxKeys: 4,
      },
    )
    .map((q) => new URLSearchParams(q).toString());
}

/**
 * Input fuzzing across the whole API, generated from the OpenAPI document: every endpoint gets malformed bodies,
 * queries, path parameters and headers from its rightful caller. Each answer is a 4xx with a stable error code,
 * never a 5xx, and refused requests write nothing.
 */
describe('malformed input across the whole API', () => {
  let running: RunningApp;
  let operations: Operation[];
  let tokens: Record<'member' | 'hq', string>;
  let integration: { integrationId: string; secret: string };
  let cases = 0;

  beforeAll(async () => {
    running = await startApp();
    const document = (await (await fetch(`${running.baseUrl}/api/docs/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            'x-auth'?: Auth;
            parameters?: Array<{ name: string; in: string }>;
            requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          }
        >
      >;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op['x-auth'] !== undefined)
        .map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          auth: op['x-auth'] as Auth,
          bodyFields: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
          queryFields: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        })),
    );
    tokens = {
      member: (await loginAs(running, 'fuzz-member')).accessToken,
      hq: (await loginAsStaff(running, 'fuzz-hq', 'hq')).accessToken,
    };
    integration = await running.app.get(IntegrationsService).register('fuzz-pos', 'Fuzz POS');
  });
  afterAll(async () => {
    await running?.close();
    console.log(`input fuzzing: ${operations?.length} endpoints, ${cases} malformed requests`);
  });

  const digest = async () => {
    const db = running.app.get<Connection>(getConnectionToken()).db!;
    const hash = createHash('sha256');
    for (const { name } of (await db.listCollections().toArray()).sort((a, b) => a.name.localeCompare(b.name))) {
      // Nonces record that a signed request was seen (written by the signature guard before any handler).
      if (name === 'job_runs' || name === 'integration_nonces') continue;
      hash.update(name).update(JSON.stringify(await db.collection(name).find().sort({ _id: 1 }).toArray()));
    }
    return hash.digest('hex');
  };

  const send = (operation: Operation, path: string, query: string, body: unknown, extraHeaders: Record<string, string>) => {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { ...extraHeaders };
    if (raw !== undefined) headers['content-type'] = 'application/json';
    if (operation.auth === 'member') headers.authorization = `Bearer ${tokens.member}`;
    if (operation.auth === 'manager' || operation.auth === 'hq') headers.authorization = `Bearer ${tokens.hq}`;
    if (operation.auth === 'integration') {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(18).toString('base64url');
      // Signed as it goes on the wire: fetch normalizes the URL (escapes, dot segments) before sending it.
      const sent = new URL(`${running.baseUrl}${path}${query ? `?${query}` : ''}`);
      const target = `${sent.pathname}${sent.search}`;
      Object.assign(headers, {
        'x-integration-id': integration.integrationId,
        'x-timestamp': timestamp,
        'x-nonce': nonce,
        'x-signature': signIntegrationRequest(integration.secret, {
          method: operation.method,
          target,
          timestamp,
          nonce,
          rawBody: raw ?? '',
        }),
      });
    }
    return fetch(`${running.baseUrl}${path}${query ? `?${query}` : ''}`, { method: operation.method, headers, body: raw });
  };

  it('answers every malformed request with a 4xx and a stable code, and writes nothing', async () => {
    const problems: string[] = [];
    for (const operation of operations) {
      const before = await digest();
      let accepted = false;
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            params: fc.tuple(...operation.pathParams.map(() => hostileParam)),
            query: queryArbitrary(operation.queryFields),
            body: ['POST', 'PUT', 'PATCH'].includes(operation.method)
              ? bodyArbitrary(operation.bodyFields)
              : fc.constant(undefined),
            idempotencyKey: fc.constantFrom(undefined, '', 'k', 'x'.repeat(300), 'key with spaces', 'ok-key-000000001'),
          }),
          async ({ params, query, body, idempotencyKey }) => {
            cases += 1;
            let i = 0;
            const path = operation.path.replace(/\{\w+\}/g, () => params[i++] as string);
            const headers: Record<string, string> = idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey };
            const response = await send(operation, path, query, body, headers);
            const text = await response.text();
            if (response.status >= 500) {
              problems.push(
                `${operation.method} ${operation.path} → ${response.status} ${text.slice(0, 200)} for ${JSON.stringify({ path, query, body }).slice(0, 300)}`,
              );
              return;
            }
            if (response.status < 400) {
              accepted = true;
              return;
            }
            const code = (JSON.parse(text) as { code?: string }).code;
            if (!ERROR_CODES.includes(code as never))
              problems.push(
                `${operation.method} ${operation.path} → ${response.status} without a stable code: ${text.slice(0, 200)}`,
              );
          },
        ),
        { numRuns: RUNS, seed: 20261126, endOnFailure: true },
      );
      if (!accepted && (await digest()) !== before)
        problems.push(`${operation.method} ${operation.path}: refused requests changed the database`);
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
