import { AppError } from '../common/errors/app-error';
import type { Principal } from '../common/auth/principal';

/** Whose figures a caller sees: HQ all (or one store it picks), a manager their stores (or one of them). */
export type AnalyticsScope = { kind: 'all' } | { kind: 'stores'; stores: string[] };

export function analyticsScopeOf(principal: Principal, storeCode?: string): AnalyticsScope {
  if (principal.kind !== 'staff') throw new AppError('FORBIDDEN', 'Only community managers and HQ may read analytics.');
  if (principal.role === 'hq') return storeCode ? { kind: 'stores', stores: [storeCode] } : { kind: 'all' };
  if (storeCode) {
    if (!principal.storeIds.includes(storeCode)) throw new AppError('FORBIDDEN', `Store ${storeCode} is not one of your stores.`);
    return { kind: 'stores', stores: [storeCode] };
  }
  return { kind: 'stores', stores: [...principal.storeIds] };
}

/** Whether a member (by their stores) or a purchase (by its store) is within the scope. */
export function inScope(scope: AnalyticsScope, stores: readonly string[]): boolean {
  return scope.kind === 'all' || stores.some((s) => scope.stores.includes(s));
}

export function scopeStores(scope: AnalyticsScope): 'all' | string[] {
  return scope.kind === 'all' ? 'all' : scope.stores;
}
