import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { exited, startServerProcess } from '../../server/bench/processes';
import { runningEngineUri } from '../../server/src/database/embedded/persistence/lock-file';
import { fakeLoginCode } from '../../server/src/wechat/fake/fake-wechat-identities';
import { signedHeaders, type IntegrationCredentials } from '../support/signed-request';

/*
 * SERVER_PROCESSES=2: a primary that runs the embedded database and two workers on one port. The attacks: the same
 * purchases sent twice at once through different processes (each credited once: nothing the money path relies on
 * is per process), a worker killed mid-service (another takes its place, the service goes on), a stop (workers
 * first, the database last: everything acknowledged is there at the next start).
 */
jest.setTimeout(120_000);

/** Live processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[1]) === pid && fields[0] !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** One request on a connection of its own, so the primary hands it to any worker. */
function post(baseUrl: string, path: string, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      `${baseUrl}${path}`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('several server processes on one port (SERVER_PROCESSES)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'memberloop-cluster-'));
  let server: { child: ChildProcess; baseUrl: string };
  let client: MongoClient;
  let pos: IntegrationCredentials;
  let memberNo: string;
  let memberId: ObjectId;
  let order = 0;

  const paidAt = new Date().toISOString();
  /** The till's purchase: the same body each time it is sent for one order, freshly signed. */
  const purchase = (orderId: string) => {
    const body = JSON.stringify({
      orderId,
      member: { memberNo },
      storeCode: 'SH01',
      channel: 'store',
      paidAt,
      lines: [{ sku: 'SK-001', category: '护肤', quantity: 1, unitPriceFen: 10_000 }],
      totalFen: 10_000,
    });
    return post(
      server.baseUrl,
      '/api/v1/purchases',
      body,
      signedHeaders(pos, { method: 'POST', target: '/api/v1/purchases', body }),
    );
  };

  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: dataDir, SERVER_PROCESSES: '2' });
    const uri = await waitFor(() => runningEngineUri(join(dataDir, 'db')), 'the engine address');
    client = await MongoClient.connect(uri, { directConnection: true });
    const login = async (name: string) => {
      const response = await post(server.baseUrl, '/api/v1/auth/wechat-login', JSON.stringify({ code: fakeLoginCode(name) }), {});
      return JSON.parse(response.body) as { accessToken: string; member: { id: string; memberNo: string } };
    };
    const hq = await login('cluster-hq');
    await client
      .db()
      .collection('staff_roles')
      .insertOne({ memberId: new ObjectId(hq.member.id), role: 'hq', communityIds: [], storeIds: [] });
    const token = (await login('cluster-hq')).accessToken;
    const created = await post(
      server.baseUrl,
      '/api/v1/hq/integrations',
      JSON.stringify({ integrationId: 'cluster-pos', name: 'Cluster POS' }),
      { authorization: `Bearer ${token}` },
    );
    expect(created.status).toBe(201);
    pos = JSON.parse(created.body) as IntegrationCredentials;
    const member = await login('cluster-member');
    memberNo = member.member.memberNo;
    memberId = new ObjectId(member.member.id);
  });
  afterAll(async () => {
    await client?.close();
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
  });

  it('runs two workers; the same purchases sent twice at once through them are each credited once', async () => {
    expect(childrenOf(server.child.pid!)).toHaveLength(2);
    const orders = Array.from({ length: 20 }, () => `CLUSTER-${++order}`);
    const answers = await Promise.all(orders.flatMap((id) => [purchase(id), purchase(id)]));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const firsts = answers.map((a) => JSON.parse(a.body) as { replayed: boolean }).filter((a) => !a.replayed);
    expect(firsts).toHaveLength(orders.length);

    const entries = await client.db().collection('points_entries').find({ memberId }).toArray();
    expect(entries.filter((e) => e.source.type === 'purchase')).toHaveLength(orders.length);
    const account = await client.db().collection('points_accounts').findOne({ _id: memberId });
    expect(account?.balance).toBe(entries.reduce((sum, e) => sum + (e.points as number), 0));
  });

  it('a worker killed mid-service is replaced and the service goes on', async () => {
    const [victim] = childrenOf(server.child.pid!);
    process.kill(victim, 'SIGKILL');
    const replaced = await waitFor(() => {
      const now = childrenOf(server.child.pid!);
      return now.length === 2 && !now.includes(victim) ? now : undefined;
    }, 'a new worker');
    expect(replaced).toHaveLength(2);
    const answers = await Promise.all(Array.from({ length: 10 }, () => purchase(`CLUSTER-${++order}`)));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  });

  it('stops workers first and the database last: what was acknowledged is there at the next start', async () => {
    const balance = (await client.db().collection('points_accounts').findOne({ _id: memberId }))?.balance as number;
    expect(balance).toBeGreaterThan(0);
    await client.close();
    const workers = childrenOf(server.child.pid!);
    server.child.kill('SIGTERM');
    await exited(server.child);
    expect(server.child.exitCode).toBe(0);
    for (const pid of workers) expect(childrenOf(server.child.pid!)).not.toContain(pid);

    // One process on the same files now: it starts the engine itself, which finds every purchase.
    server = await startServerProcess({ DATA_DIR: dataDir });
    const uri = await waitFor(() => runningEngineUri(join(dataDir, 'db')), 'the engine address');
    client = await MongoClient.connect(uri, { directConnection: true });
    expect((await client.db().collection('points_accounts').findOne({ _id: memberId }))?.balance).toBe(balance);
  });
});
