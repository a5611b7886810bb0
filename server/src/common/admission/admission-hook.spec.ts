import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { registerAdmission, RETRY_AFTER_SECONDS } from './admission-hook';

/** One request on `agent` (one keep-alive connection when the agent allows one socket): status, headers, body. */
function send(port: number, agent: Agent | undefined, headers: Record<string, string> = {}, path = '/api/slow') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('registerAdmission on a server', () => {
  let fastify: FastifyInstance;
  let port: number;
  const releases: Array<() => void> = [];
  let reports: string[];

  beforeEach(async () => {
    reports = [];
    fastify = new FastifyAdapter().getInstance() as unknown as FastifyInstance;
    // One place, no queue, and a budget of 20 fast refusals a second.
    registerAdmission(
      fastify,
      { maxInFlight: 1, maxQueue: 0, maxWaitMs: 1000 },
      { fastRefusalsPerSecond: 20, report: (message) => reports.push(message), reportEveryMs: 300 },
    );
    fastify.get('/api/slow', () => new Promise((resolve) => releases.push(() => resolve({ ok: true }))));
    fastify.get('/health', () => ({ status: 'ok' }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    port = (fastify.server.address() as { port: number }).port;
  });
  afterEach(async () => {
    releases.splice(0).forEach((release) => release());
    await fastify.close();
  });

  /** Takes the one place with a request that runs until the test ends. */
  const fill = async () => {
    void send(port, undefined);
    while (releases.length === 0) await new Promise((r) => setTimeout(r, 5));
  };

  it.each([
    ['at the Node request', {}],
    ['in Fastify (a browser request with an Origin)', { origin: 'http://localhost:10086' }],
  ])('a full process refuses %s with 503 SERVER_BUSY and Retry-After; the health check still answers', async (_, headers) => {
    await fill();
    const refused = await send(port, undefined, headers);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'SERVER_BUSY' });
    // Refusals are not logged one by one, but counted in the next report.
    while (reports.length === 0) await new Promise((r) => setTimeout(r, 50));
    expect(reports[0]).toMatch(/^Load shedding: 1 API requests refused in the last 0.3 s with 503 SERVER_BUSY \(0 of them held/);
    expect((await send(port, undefined, {}, '/health')).status).toBe(200);
    // Once the place is free, the next request is admitted.
    releases.splice(0).forEach((release) => release());
    const next = send(port, undefined, headers);
    while (releases.length === 0) await new Promise((r) => setTimeout(r, 5));
    releases.splice(0).forEach((release) => release());
    expect((await next).status).toBe(200);
  });

  it.each([
    ['at the Node request', {}],
    ['in Fastify', { origin: 'http://localhost:10086' }],
  ])(
    'a connection re-sending the moment it is refused is held to its Retry-After past the budget (%s); a polite client is answered at once',
    async (_, headers) => {
      await fill();
      const flood = new Agent({ keepAlive: true, maxSockets: 1 });
      const refusedAt: number[] = [];
      const until = performance.now() + 2500;
      const flooding = (async () => {
        while (performance.now() < until) {
          const answer = await send(port, flood, headers);
          expect(answer.status).toBe(503);
          refusedAt.push(performance.now());
        }
      })();
      // A client that honours Retry-After, on its own connection, while the flood goes on.
      await new Promise((r) => setTimeout(r, 300));
      const polite = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < 2; i++) {
        const t0 = performance.now();
        const answer = await send(port, polite, headers);
        expect(answer.status).toBe(503);
        // Held, it would wait most of a second; answered at once, a few ms (a loaded machine: well under 500).
        expect(performance.now() - t0).toBeLessThan(500);
        await new Promise((r) => setTimeout(r, 1000 * Number(answer.headers['retry-after'])));
      }
      await flooding;
      flood.destroy();
      polite.destroy();
      // Unpaced, one connection over loopback is refused hundreds of times in 2.5 s; paced, about the budget's
      // worth before the pacer steps in, then once a second.
      expect(refusedAt.length).toBeLessThan(40);
      const gaps = refusedAt.slice(1).map((t, i) => t - refusedAt[i]);
      expect(gaps[gaps.length - 1]).toBeGreaterThan(900);
      expect(reports.some((report) => /\(1 of them held until their Retry-After/.test(report))).toBe(true);
    },
    15_000,
  );
});
