import { groupBuyPriceFloorFen, type StaffPolicy } from '@memberloop/shared';
import type { Refusal } from './refusals';

export interface DealAuthor {
  role: 'manager' | 'hq';
  storeIds: readonly string[];
}

/**
 * Why the staff member may not offer a deal in these stores, or null. HQ offers deals anywhere, also brand-wide
 * (no stores); a manager only in stores of their own, and so never brand-wide.
 */
export function whyDealStoresRefused(author: DealAuthor, storeCodes: readonly string[] | undefined): Refusal | null {
  if (author.role === 'hq') return null;
  if (!storeCodes || storeCodes.length === 0)
    return { code: 'FORBIDDEN', message: 'Name the stores the deal is for: only HQ offers deals to the whole brand.' };
  const outside = storeCodes.filter((code) => !author.storeIds.includes(code));
  if (outside.length > 0)
    return { code: 'FORBIDDEN', message: `Store(s) ${outside.join(', ')} are not yours: offer deals only in your own stores.` };
  return null;
}

/** Why the group price is below HQ's floor for the normal price, naming the floor; null when it is not. */
export function whyGroupPriceRefused(
  normalPriceFen: number,
  groupPriceFen: number,
  floor: StaffPolicy['groupBuyPriceFloor'],
): (Refusal & { floorFen: number }) | null {
  const floorFen = groupBuyPriceFloorFen(normalPriceFen, floor);
  if (groupPriceFen >= floorFen) return null;
  return {
    code: 'VALIDATION_FAILED',
    floorFen,
    message:
      `The group price must be at least ¥${(floorFen / 100).toFixed(2)}: HQ's floor is ${floor.minPercentOfNormalPrice}% ` +
      `of the normal price and never below ¥${(floor.minFen / 100).toFixed(2)}.`,
  };
}
