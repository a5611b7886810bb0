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
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}
interface Operation {
  method: string;
  path: string;
  auth: Auth;
  body?: JsonSchema;
  query: Record<string, JsonSchema>;
  pathParams: Record<string, JsonSchema>;
}

/** Cases per endpoint; FUZZ_RUNS raises it for a longer local run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

const deeplyNested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
};

const deeplyNestedArray = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
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
    '2024-02-30',
    '2023-02-29',
    '2024-02-30T10:00:00Z',
    '2024-04-31T00:00:00+08:00',
    '+275760-09-13T00:00:01Z',
    '1970-01-01T00:00:00Z',
    '1e309',
    'NaN',
    'Infinity',
    1e21,
    -0,
    2 ** 53,
    Array.from({ length: 5_000 }, () => 1),
    deeplyNestedArray(300),
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

const realDay = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** A value the schema accepts (as far as a JSON schema can say): the starting point a hostile field is put into. */
function validArbitrary(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant('x');
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((c) => validArbitrary(c, depth + 1)));
  if (schema.allOf?.length) return validArbitrary(schema.allOf[0], depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const record = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, validArbitrary(v, depth + 1)]));
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
    }
    case 'array':
      return fc.array(validArbitrary(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: Math.min(schema.maximum ?? 1_000_000, 1_000_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'string': {
      if (schema.format === 'date') return realDay.map((iso) => iso.slice(0, 10));
      if (schema.format === 'date-time') return realDay;
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern)).filter((v) => v.length <= (schema.maxLength ?? 200));
        } catch {
          // A pattern fast-check cannot generate from: any short string.
        }
      }
      const minLength = schema.minLength ?? 0;
      return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 20, 20)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** Puts a hostile value (or a hostile key) somewhere in a valid value: at the top, or at one of its fields. */
function plantHostile(value: unknown, hostile: unknown, key: string, pick: number, asKey: boolean): unknown {
  const paths: Array<Array<string | number>> = [[]];
  const walk = (node: unknown, path: Array<string | number>) => {
    if (paths.length > 50 || !node || typeof node !== 'object') return;
    for (const [k, child] of Object.entries(node)) {
      const at = [...path, Array.isArray(node) ? Number(k) : k];
      paths.push(at);
      walk(child, at);
    }
  };
  walk(value, []);
  const path = paths[pick % paths.length];
  if (path.length === 0) return asKey && value && typeof value === 'object' ? { ...value, [key]: hostile } : hostile;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (asKey && parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last]))
    parent[last] = { ...(parent[last] as object), [key]: hostile };
  else parent[last] = hostile;
  return copy;
}

function bodyArbitrary(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema);
  const planted = fc
    .tuple(valid, hostileValue, hostileKey, fc.nat(), fc.boolean())
    .map(([value, hostile, key, pick, asKey]) => plantHostile(value, hostile, key, pick, asKey));
  return fc.oneof({ arbitrary: planted, weight: 4 }, { arbitrary: valid, weight: 1 }, hostileValue, fc.anything({ maxDepth: 3 }));
}

const hostileQueryValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('$gt', '-1', '1e309', 'NaN', 'Infinity', '[]', '2024-02-30', '2023-02-29T10:00:00Z', '0x1F', 'x'.repeat(5000)),
);

function queryArbitrary(fields: Record<string, JsonSchema>): fc.Arbitrary<string> {
  const names = Object.keys(fields);
  const valid = fc.record(
    Object.fromEntries(
      names.map((n) => [n, validArbitrary(fields[n]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))]),
    ),
    { requiredKeys: [] },
  );
  const hostile = fc.dictionary(fc.constantFrom(...names, '$where', 'a[$gt]', 'a.b', 'limit', 'cursor'), hostileQueryValue, {
    maxKeys: 4,
  });
  return fc.tuple(valid, hostile).map(([a, b]) => new URLSearchParams({ ...(a as Record<string, string>), ...b }).toString());
}

function paramArbitrary(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  return fc.oneof(
    hostileParam,
    validArbitrary(schema).map((v) => encodeURIComponent(String(v))),
    fc.stringMatching(/^[0-9a-f]{24}$/),
  );
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
    running = await startApp({ JOBS_ENABLED: 'false' });
    const document = (await (await fetch(`${running.baseUrl}/api/docs/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            'x-auth'?: Auth;
            parameters?: Array<{ name: string; in: string; schema?: JsonSchema }>;
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
          body: op.requestBody?.content?.['application/json']?.schema,
          query: Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}])),
          pathParams: Object.fromEntries(
            (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, p.schema ?? {}]),
          ),
        })),
    );
    tokens = {
      member: (await loginAs(running, 'fuzz-member')).accessToken,
      hq: (await loginAsStaff(running, 'fuzz-hq', 'hq')).accessToken,
    };
    // The write check relies on the commit counter moving with every write, and only then.
    const mark = await commitMark();
    expect(mark).not.toBe('');
    expect(await commitMark()).toBe(mark);
    integration = await running.app.get(IntegrationsService).register('fuzz-pos', 'Fuzz POS');
    expect(await commitMark()).not.toBe(mark);
  });
  afterAll(async () => {
    await running?.close();
    console.log(`input fuzzing: ${operations?.length} endpoints, ${cases} malformed requests`);
  });

  /**
   * What the database holds, as one hash. Left out: job leases, the signature guard's nonces (a signed request was
   * seen), the answers kept for Idempotency-Keys (the key's record, as Stripe keeps a refused request's answer) and
   * the audit log's entries of refused staff requests (recorded on purpose).
   */
  const digest = async () => {
    const db = running.app.get<Connection>(getConnectionToken()).db!;
    const hash = createHash('sha256');
    for (const { name } of (await db.listCollections().toArray()).sort((a, b) => a.name.localeCompare(b.name))) {
      if (['job_runs', 'integration_nonces', 'idempotent_requests'].includes(name)) continue;
      const filter = name === 'audit_log' ? { action: { $not: /^refused:/ } } : {};
      hash.update(name).update(JSON.stringify(await db.collection(name).find(filter).sort({ _id: 1 }).toArray()));
    }
    return hash.digest('hex');
  };
  /** The database's commit counter (its operationTime): a request that moved it wrote something. */
  const commitMark = async () => {
    const reply = await running.app.get<Connection>(getConnectionToken()).db!.command({ ping: 1 });
    return String((reply as { operationTime?: unknown }).operationTime ?? '');
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
    expect(operations.length).toBeGreaterThan(100);
    let current = await digest();
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            params: fc.record(
              Object.fromEntries(Object.entries(operation.pathParams).map(([n, schema]) => [n, paramArbitrary(schema)])),
            ),
            query: queryArbitrary(operation.query),
            body: ['POST', 'PUT', 'PATCH'].includes(operation.method) ? bodyArbitrary(operation.body) : fc.constant(undefined),
            idempotencyKey: fc.constantFrom(
              undefined,
              '',
              'k',
              'x'.repeat(300),
              'key with spaces',
              '$where..',
              'ok-key-000000001',
            ),
          }),
          async ({ params, query, body, idempotencyKey }) => {
            cases += 1;
            const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]);
            const headers: Record<string, string> = idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey };
            const before = await commitMark();
            const response = await send(operation, path, query, body, headers);
            const text = await response.text();
            const wrote = (await commitMark()) !== before;
            const request = JSON.stringify({ path, query, body }).slice(0, 300);
            if (response.status >= 500) {
              problems.push(`${operation.method} ${operation.path} → ${response.status} ${text.slice(0, 200)} for ${request}`);
            } else if (response.status >= 400) {
              const answer = JSON.parse(text) as { code?: string; message?: unknown };
              if (!ERROR_CODES.includes(answer.code as never) || typeof answer.message !== 'string')
                problems.push(
                  `${operation.method} ${operation.path} → ${response.status} without the error shape: ${text.slice(0, 200)}`,
                );
            }
            if (!wrote) return;
            const after = await digest();
            if (response.status >= 400 && after !== current)
              problems.push(`${operation.method} ${operation.path} → ${response.status} changed the database for ${request}`);
            current = after;
          },
        ),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261126), endOnFailure: true },
      );
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
