import type { AuditEntryView } from '@memberloop/shared';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

describe('the staff audit log', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let hqId: string;

  beforeAll(async () => {
    running = await startApp();
    const session = await loginAsStaff(running, 'audit-hq', 'hq');
    hq = authorized(running, session.accessToken);
    hqId = session.member.id;
  });
  afterAll(async () => {
    await running?.close();
  });

  const entries = async (query = '') =>
    ((await (await hq(`/api/v1/hq/audit-log?limit=100${query}`)).json()) as { entries: AuditEntryView[] }).entries;

  it('records every staff change and staff reads of members, once, and nothing that was refused', async () => {
    const template = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '审计券',
        benefit: { kind: 'fixed', amountFen: 100 },
        validity: { type: 'afterClaim', days: 3 },
        totalStock: 5,
      },
    });
    expect(template.status).toBe(201);
    const created = (await entries()).filter((e) => e.action === 'POST /api/v1/hq/coupon-templates');
    expect(created).toEqual([
      expect.objectContaining({
        actor: hqId,
        role: 'hq',
        details: expect.objectContaining({ body: expect.objectContaining({ name: '审计券' }) }),
      }),
    ]);

    // A refused change leaves no entry.
    const before = (await entries()).length;
    const bad = await hq('/api/v1/hq/coupon-templates', { body: { name: '' } });
    expect(bad.status).toBe(400);
    expect((await entries()).length).toBe(before);

    // A manager looking at a member's record is recorded as a read.
    const shopper = await loginAs(running, 'audit-shopper');
    await running.app.get(MembersService).attachPhone(shopper.member.id, '13512345678');
    const manager = await loginAsStaff(running, 'audit-manager', 'hq');
    const view = await authorized(running, manager.accessToken)(`/api/v1/staff/members/${shopper.member.memberNo}`);
    expect(view.status).toBe(200);
    const reads = await entries(`&actor=${manager.member.id}`);
    expect(reads).toEqual([
      expect.objectContaining({
        action: 'GET /api/v1/staff/members/:memberNo',
        target: { type: 'memberNo', id: shopper.member.memberNo },
      }),
    ]);

    // Communities write their own entries in the change's transaction: one entry, not two.
    const community = await hq('/api/v1/hq/communities', { body: { name: '审计社群', kind: 'interest' } });
    expect(community.status).toBe(201);
    const communityEntries = (await entries()).filter((e) => e.action.includes('communit'));
    expect(communityEntries).toHaveLength(1);
  });

  it('is for HQ only', async () => {
    const member = authorized(running, (await loginAs(running, 'audit-nosy')).accessToken);
    expect((await member('/api/v1/hq/audit-log')).status).toBe(403);
    const manager = authorized(running, (await loginAsStaff(running, 'audit-mgr2', 'manager')).accessToken);
    expect((await manager('/api/v1/hq/audit-log')).status).toBe(403);
  });
});
