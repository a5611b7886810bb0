import { AnalyticsRecomputeStart, AnalyticsRecomputeView, type AuditEntryView, DashboardView } from '@memberloop/shared';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { z } from 'zod';
import { ProfileRecomputeService } from '../../server/src/analytics/profile-recompute.service';
import { RecomputeRunsService } from '../../server/src/analytics/recompute-runs.service';
import { RecomputeLock, RecomputeRun } from '../../server/src/analytics/schemas/recompute-run.schema';
import { Clock } from '../../server/src/common/clock/clock';
import { Member } from '../../server/src/members/schemas/member.schema';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const Latest = z.object({ run: AnalyticsRecomputeView.nullable() });

/** HQ's full analytics recompute from the dashboard: one at a time, its progress polled, audited. */
describe('analytics recompute: HQ starts one and watches its progress', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let manager: ReturnType<typeof authorized>;
  let member: ReturnType<typeof authorized>;
  let profiles: ProfileRecomputeService;
  let runs: Model<RecomputeRun>;
  let locks: Model<RecomputeLock>;
  let members: Model<Member>;

  beforeAll(async () => {
    running = await startApp();
    profiles = running.app.get(ProfileRecomputeService);
    runs = running.app.get(getModelToken(RecomputeRun.name));
    locks = running.app.get(getModelToken(RecomputeLock.name));
    members = running.app.get(getModelToken(Member.name));
    hq = authorized(running, (await loginAsStaff(running, 'recompute-hq', 'hq')).accessToken);
    manager = authorized(running, (await loginAsStaff(running, 'recompute-sh', 'manager', { storeIds: ['SH01'] })).accessToken);
    member = authorized(running, (await loginAs(running, 'recompute-member-0')).accessToken);
    for (let i = 1; i < 8; i++) await loginAs(running, `recompute-member-${i}`);
  }, 60_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await running?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  const start = async (api = hq) => {
    const response = await api('/api/v1/hq/analytics/recomputes', { method: 'POST' });
    expect(response.status).toBe(202);
    return AnalyticsRecomputeStart.parse(await response.json());
  };
  const latest = async () => {
    const response = await hq('/api/v1/hq/analytics/recomputes/latest');
    expect(response.status).toBe(200);
    return Latest.parse(await response.json()).run;
  };
  const untilFinished = async (id: string): Promise<AnalyticsRecomputeView> => {
    for (let i = 0; i < 200; i++) {
      const run = await latest();
      expect(run?.id).toBe(id);
      if (run && (run.status === 'done' || run.status === 'failed')) return run;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`recompute ${id} did not finish`);
  };
  /** Holds every recompute after its first progress report until `release` (the real work runs after). */
  const gate = () => {
    let release!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const original = profiles.recomputeAll.bind(profiles);
    const spy = jest.spyOn(profiles, 'recomputeAll').mockImplementation(async (asOf, onProgress) => {
      await onProgress?.({ phase: 'profiles', processed: 3, total: 9 }, false);
      await opened;
      return original(asOf, onProgress);
    });
    return { release, spy };
  };
  const activeMembers = () => members.countDocuments({ status: 'active' });

  it('has no run before the first one; HQ starts one and polls it to done, every member processed', async () => {
    expect(await latest()).toBeNull();
    const before = AnalyticsRecomputeStart.parse(await start());
    expect(before.started).toBe(true);
    expect(before.run).toMatchObject({ trigger: 'hq', status: 'queued', processed: 0, finishedAt: null, summary: null });
    const done = await untilFinished(before.run.id);
    const count = await activeMembers();
    expect(count).toBeGreaterThanOrEqual(10);
    expect(done).toMatchObject({ status: 'done', phase: 'rescoring', processed: count, total: count, failure: null });
    expect(done.summary?.members).toBe(count);
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));

    // The dashboard says when its figures were computed: this run.
    const today = new Date().toISOString().slice(0, 10);
    const dashboard = DashboardView.parse(await (await hq(`/api/v1/staff/analytics/dashboard?from=${today}&to=${today}`)).json());
    expect(dashboard.asOf).not.toBeNull();
    expect(Date.parse(dashboard.asOf!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    expect(dashboard.members).toBe(count);
  });

  it('two starts at once make one run: both answers name it, only one is started', async () => {
    const spy = jest.spyOn(profiles, 'recomputeAll');
    const runsBefore = await runs.countDocuments();
    const [a, b] = await Promise.all([start(), start()]);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    expect(a.run.id).toBe(b.run.id);
    await untilFinished(a.run.id);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await runs.countDocuments()).toBe(runsBefore + 1);
  });

  it('two server instances starting at once make one run (the lock is in the database)', async () => {
    const spy = jest.spyOn(profiles, 'recomputeAll');
    const other = new RecomputeRunsService(runs, locks, profiles, running.app.get(Clock));
    const mine = running.app.get(RecomputeRunsService);
    expect(other.owner).not.toBe(mine.owner);
    const results = await Promise.all([mine.start('a'), other.start('b'), mine.start('c'), other.start('d')]);
    expect(results.filter((r) => r.started)).toHaveLength(1);
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    await untilFinished(results[0].run.id);
    await other.onApplicationShutdown();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('shows progress while it runs; a start then, or the nightly job, gets the running one', async () => {
    const { release, spy } = gate();
    const first = await start();
    expect(first.started).toBe(true);
    let seen: AnalyticsRecomputeView | null = null;
    for (let i = 0; i < 100 && seen?.status !== 'running'; i++) {
      seen = await latest();
      if (seen?.status !== 'running') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toMatchObject({ id: first.run.id, status: 'running', phase: 'profiles', processed: 3, total: 9 });

    const second = await start();
    expect(second).toMatchObject({ started: false, run: { id: first.run.id, status: 'running', processed: 3 } });
    const nightly = await running.app.get(RecomputeRunsService).runScheduled();
    expect(nightly).toEqual({ joined: first.run.id });
    expect(spy).toHaveBeenCalledTimes(1);

    release();
    const done = await untilFinished(first.run.id);
    expect(done.status).toBe('done');
    expect(done.processed).toBe(await activeMembers());
  });

  it('the nightly run reports the same way', async () => {
    const result = await running.app.get(RecomputeRunsService).runScheduled();
    expect(result).toMatchObject({ members: await activeMembers() });
    const run = await latest();
    expect(run).toMatchObject({ trigger: 'schedule', status: 'done', processed: await activeMembers() });
  });

  it('a failed run is recorded failed with a short reason, and the next start works', async () => {
    jest.spyOn(profiles, 'recomputeAll').mockRejectedValueOnce(new Error('cursor closed'));
    const failed = await start();
    const run = await untilFinished(failed.run.id);
    expect(run).toMatchObject({ status: 'failed', failure: 'cursor closed', summary: null });
    expect(run.finishedAt).not.toBeNull();

    const next = await start();
    expect(next.started).toBe(true);
    expect(next.run.id).not.toBe(failed.run.id);
    expect((await untilFinished(next.run.id)).status).toBe('done');
  });

  it('a run whose server stopped (lease lapsed) reads failed, and a new start takes over', async () => {
    const now = running.app.get(Clock).now();
    const stale = new Types.ObjectId();
    await runs.create({
      _id: stale,
      trigger: 'hq',
      status: 'running',
      phase: 'profiles',
      processed: 4,
      total: 10,
      startedAt: new Date(now.getTime() - 3_600_000),
      updatedAt: new Date(now.getTime() - 3_600_000),
    });
    await locks.updateOne(
      { _id: 'full-recompute' },
      { $set: { runId: stale, owner: 'a crashed server', leaseUntil: new Date(now.getTime() - 1000) } },
      { upsert: true },
    );
    expect(await latest()).toMatchObject({ id: stale.toHexString(), status: 'failed', failure: 'interrupted' });

    const next = await start();
    expect(next.started).toBe(true);
    expect(await runs.findById(stale).lean()).toMatchObject({ status: 'failed', failure: 'interrupted' });
    expect((await untilFinished(next.run.id)).status).toBe('done');
  });

  it('refuses managers and members: HQ only', async () => {
    const runsBefore = await runs.countDocuments();
    for (const api of [manager, member]) {
      expect((await api('/api/v1/hq/analytics/recomputes', { method: 'POST' })).status).toBe(403);
      expect((await api('/api/v1/hq/analytics/recomputes/latest')).status).toBe(403);
    }
    expect(await runs.countDocuments()).toBe(runsBefore);
  });

  it('records each start in the audit log, by whom', async () => {
    const action = encodeURIComponent('POST /api/v1/hq/analytics/recomputes');
    const response = await hq(`/api/v1/hq/audit-log?limit=100&action=${action}`);
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as { entries: AuditEntryView[] };
    expect(entries.length).toBeGreaterThanOrEqual(5);
    expect(entries.every((e) => e.role === 'hq')).toBe(true);
  });
});
