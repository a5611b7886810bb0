import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

/**
 * HQ manages staff from its screen: grants, changes and revocations, each audited once and applying at the staff
 * member's next request; no one changes their own role, and the brand always keeps one HQ, even when two HQs
 * demote each other at the same moment.
 */
describe('HQ manages staff accounts', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });

  const as = async (name: string, role?: 'hq' | 'manager') => {
    const session = role ? await loginAsStaff(running, name, role) : await loginAs(running, name);
    return { call: authorized(running, session.accessToken), memberNo: session.member.memberNo };
  };

  it('grants a manager their stores, promotes, lists and revokes, each in the audit log once', async () => {
    const hq = await as('admin-hq', 'hq');
    const clerk = await as('admin-clerk');
    const granted = await hq.call(`/api/v1/hq/staff/${clerk.memberNo}`, {
      method: 'PUT',
      body: { role: 'manager', storeCodes: ['S01', 'S02'] },
    });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toEqual({
      memberNo: clerk.memberNo,
      role: 'manager',
      storeCodes: ['S01', 'S02'],
      communityIds: [],
    });

    const listed = (await (await hq.call('/api/v1/hq/staff')).json()) as { staff: Array<{ memberNo: string; role: string }> };
    expect(listed.staff.find((s) => s.memberNo === clerk.memberNo)).toMatchObject({
      role: 'manager',
      storeCodes: ['S01', 'S02'],
    });
    expect(listed.staff[0].role).toBe('hq');

    const promoted = await hq.call(`/api/v1/hq/staff/${clerk.memberNo}`, { method: 'PUT', body: { role: 'hq' } });
    expect(await promoted.json()).toMatchObject({ role: 'hq', storeCodes: [] });

    const revoked = await hq.call(`/api/v1/hq/staff/${clerk.memberNo}`, { method: 'DELETE' });
    expect(await revoked.json()).toEqual({ memberNo: clerk.memberNo, revoked: true });
    const again = await hq.call(`/api/v1/hq/staff/${clerk.memberNo}`, { method: 'DELETE' });
    expect(await again.json()).toEqual({ memberNo: clerk.memberNo, revoked: false });

    const audit = (await (await hq.call(`/api/v1/hq/audit-log?targetId=${clerk.memberNo}`)).json()) as {
      entries: Array<{ action: string }>;
    };
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['staff.role-change', 'staff.role-grant', 'staff.role-revoke']);
  });

  it('refuses bad input with stable codes and changes nothing', async () => {
    const hq = await as('admin-hq-2', 'hq');
    const member = await as('admin-member');
    const bad = async (body: unknown, path = member.memberNo) => {
      const response = await hq.call(`/api/v1/hq/staff/${path}`, { method: 'PUT', body });
      return { status: response.status, body: (await response.json()) as { code: string } };
    };
    expect(await bad({ role: 'owner' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await bad({ role: 'hq', storeCodes: ['S01'] })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await bad({ role: 'manager', storeCodes: ['S01', 'S01'] })).toMatchObject({ status: 400 });
    expect(await bad({ role: 'manager' }, 'M99999999')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const listed = (await (await hq.call('/api/v1/hq/staff')).json()) as { staff: Array<{ memberNo: string }> };
    expect(listed.staff.map((s) => s.memberNo)).not.toContain(member.memberNo);
  });

  it('is for HQ only: a member and a manager are refused', async () => {
    const manager = await as('admin-manager', 'manager');
    const member = await as('admin-plain');
    for (const caller of [manager, member]) {
      expect((await caller.call('/api/v1/hq/staff')).status).toBe(403);
      const attempt = await caller.call(`/api/v1/hq/staff/${caller.memberNo}`, { method: 'PUT', body: { role: 'hq' } });
      expect(attempt.status).toBe(403);
    }
  });

  it('never lets staff change their own role, nor take the last HQ away, even two HQs at once', async () => {
    // A fresh app: these HQs are the brand's only two.
    await running.close();
    running = await startApp();
    const first = await as('only-hq-1', 'hq');
    const second = await as('only-hq-2', 'hq');

    const own = await first.call(`/api/v1/hq/staff/${first.memberNo}`, { method: 'DELETE' });
    expect(own.status).toBe(403);
    expect(await own.json()).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'OWN_ROLE' } });

    // Each demotes the other at the same moment: without a guard both would go and the brand would have no HQ.
    const [a, b] = await Promise.all([
      first.call(`/api/v1/hq/staff/${second.memberNo}`, { method: 'PUT', body: { role: 'manager' } }),
      second.call(`/api/v1/hq/staff/${first.memberNo}`, { method: 'DELETE' }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    // The loser is refused because it would remove the last HQ, or because its caller was demoted first.
    expect([403, 409]).toContain(statuses[1]);
    const survivor = a.status === 200 ? first : second;
    const staff = (await (await survivor.call('/api/v1/hq/staff')).json()) as { staff: Array<{ role: string }> };
    expect(staff.staff.filter((s) => s.role === 'hq')).toHaveLength(1);

    const other = survivor === first ? second : first;
    const last = await survivor.call(`/api/v1/hq/staff/${other.memberNo}`, { method: 'DELETE' });
    expect(last.status).toBe(200);
    const lastHq = await other.call(`/api/v1/hq/staff/${survivor.memberNo}`, { method: 'DELETE' });
    expect(lastHq.status).toBe(403); // no longer staff at all
  });
});
