import { getModelToken } from '@nestjs/mongoose';
import { LoginResult } from '@memberloop/shared';
import { Types, type Model } from 'mongoose';
import { StaffRole } from '../../server/src/staff/schemas/staff-role.schema';
import { fakeLoginCode } from '../../server/src/wechat/fake/fake-wechat-identities';
import type { RunningApp } from './app';

/** Signs in through the real login endpoint with a fake WeChat code, as the mini-program does. */
export async function loginAs(running: RunningApp, name: string): Promise<LoginResult> {
  const response = await fetch(`${running.baseUrl}/api/v1/auth/wechat-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: fakeLoginCode(name) }),
  });
  return LoginResult.parse(await response.json());
}

/** Signs in a member who holds a staff role (granted directly, as HQ's tools will). */
export async function loginAsStaff(
  running: RunningApp,
  name: string,
  role: 'manager' | 'hq',
  scope: { communityIds?: string[]; storeIds?: string[] } = {},
): Promise<LoginResult> {
  const member = await loginAs(running, name);
  const roles = running.app.get<Model<StaffRole>>(getModelToken(StaffRole.name));
  await roles.updateOne(
    { memberId: new Types.ObjectId(member.member.id) },
    { $set: { role, communityIds: scope.communityIds ?? [], storeIds: scope.storeIds ?? [] } },
    { upsert: true },
  );
  return loginAs(running, name);
}

/** fetch with the member's bearer token and JSON. */
export function authorized(running: RunningApp, token: string) {
  return (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${running.baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
}
