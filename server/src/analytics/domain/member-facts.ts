import type { BrandCalendar } from './calendar';
import type { LifecycleFacts } from './lifecycle';
import type { RfmRaw } from './rfm-scoring';

/** A purchase as the analytics read it. */
export interface PurchaseRecord {
  paidAt: Date | number;
  totalFen: number;
  refundedFen: number;
  channel: 'store' | 'online';
  storeCode?: string | null;
}

/** Where a purchase counts by store: its store, or 'online' for the shop. */
export function storeKeyOf(purchase: Pick<PurchaseRecord, 'storeCode'>): string {
  return purchase.storeCode ?? 'online';
}

/** A fully refunded purchase did not happen, for analytics; a partly refunded one counts at its net amount. */
export function countsAsPurchase(purchase: Pick<PurchaseRecord, 'totalFen' | 'refundedFen'>): boolean {
  return !(purchase.totalFen > 0 && purchase.refundedFen >= purchase.totalFen);
}

export interface RecentPurchase {
  day: number;
  netFen: number;
}

/** One member's purchase history, folded: what RFM, the lifecycle stage and churn risk are computed from. */
export interface MemberFacts extends LifecycleFacts {
  orders: number;
  netFen: number;
  firstAt: number;
  lastAt: number;
  /** Purchases and net spend within the RFM look-back. */
  lookbackOrders: number;
  lookbackNetFen: number;
  /** The most recent purchases, newest first (at most RECENT_KEPT). */
  recent: RecentPurchase[];
  stores: Array<{ store: string; orders: number; netFen: number }>;
}

export const RECENT_KEPT = 4;

export interface FactsWindow {
  /** Purchases after this day are ignored (paid "in the future" by a skewed till clock). */
  asOfDay: number;
  /** First day of the lifecycle window. */
  activeFrom: number;
  /** First day of the RFM look-back; null = whole history. */
  lookbackFrom: number | null;
}

/**
 * Folds one member's purchases, in any order, in constant memory per member: the streaming recompute feeds
 * it purchase by purchase, the incremental pass a member's purchases at once.
 */
export class MemberFactsBuilder {
  private facts: MemberFacts | null = null;

  constructor(
    private readonly calendar: BrandCalendar,
    private readonly window: FactsWindow,
  ) {}

  add(purchase: PurchaseRecord): void {
    if (!countsAsPurchase(purchase)) return;
    const at = typeof purchase.paidAt === 'number' ? purchase.paidAt : purchase.paidAt.getTime();
    const day = this.calendar.dayOf(at);
    if (day > this.window.asOfDay) return;
    const netFen = purchase.totalFen - purchase.refundedFen;
    const f = (this.facts ??= {
      orders: 0,
      netFen: 0,
      firstAt: at,
      lastAt: at,
      firstDay: day,
      lastDay: day,
      purchasesInWindow: 0,
      lookbackOrders: 0,
      lookbackNetFen: 0,
      recent: [],
      stores: [],
    });
    f.orders += 1;
    f.netFen += netFen;
    if (at < f.firstAt) {
      f.firstAt = at;
      f.firstDay = day;
    }
    if (at > f.lastAt) {
      f.lastAt = at;
      f.lastDay = day;
    }
    if (day >= this.window.activeFrom) f.purchasesInWindow += 1;
    if (this.window.lookbackFrom === null || day >= this.window.lookbackFrom) {
      f.lookbackOrders += 1;
      f.lookbackNetFen += netFen;
    }
    insertRecent(f.recent, { day, netFen });
    const key = storeKeyOf(purchase);
    const store = f.stores.find((s) => s.store === key);
    if (store) {
      store.orders += 1;
      store.netFen += netFen;
    } else f.stores.push({ store: key, orders: 1, netFen });
  }

  /** The folded facts; null when the member has no purchase that counts. */
  result(): MemberFacts | null {
    return this.facts;
  }
}

function insertRecent(recent: RecentPurchase[], purchase: RecentPurchase): void {
  let i = recent.length;
  while (i > 0 && recent[i - 1].day < purchase.day) i -= 1;
  if (i >= RECENT_KEPT) return;
  recent.splice(i, 0, purchase);
  if (recent.length > RECENT_KEPT) recent.pop();
}

/** RFM's raw values as of a day; frequency and monetary within the look-back. */
export function rfmRawOf(facts: MemberFacts, asOfDay: number): RfmRaw {
  return { recencyDays: asOfDay - facts.lastDay, frequency: facts.lookbackOrders, monetaryFen: facts.lookbackNetFen };
}
