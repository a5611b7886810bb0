import { DEMO_STORES } from './demo-catalogue';

export interface DemoStaff {
  /** The name in the local WeChat fake's login code: sign in with `dev:<login>`. */
  login: string;
  nickname: string;
  role: 'hq' | 'manager';
  storeIds: string[];
}

const storeIn = (city: string) => DEMO_STORES.filter((s) => s.city === city).map((s) => s.code);

/** HQ and three store managers, so the manager pages have someone to sign in as. */
export const DEMO_STAFF: DemoStaff[] = [
  { login: 'demo-hq', nickname: '总部运营', role: 'hq', storeIds: [] },
  { login: 'demo-manager-shanghai', nickname: '上海店长', role: 'manager', storeIds: storeIn('上海') },
  { login: 'demo-manager-guangzhou', nickname: '广州店长', role: 'manager', storeIds: storeIn('广州') },
  { login: 'demo-manager-chengdu', nickname: '成都店长', role: 'manager', storeIds: storeIn('成都') },
];
