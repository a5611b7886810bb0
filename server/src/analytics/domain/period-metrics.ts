import type { MetricSet } from '@memberloop/shared';

/**
 * The period metrics as additive counters: the service streams members (and their purchases, ledger entries,
 * win-back contacts) through the `add…` functions into one set of counters per group, then reads rates off.
 */
export interface MetricCounters {
  customers: number;
  repeatCustomers: number;
  revenueFen: number;
  customerDays: number;
  retained: number;
  wakeUpContacted: number;
  wakeUpResponded: number;
  reactivationContacted: number;
  reactivationResponded: number;
  pointsEarned: number;
  pointsRedeemed: number;
  lifetimeCustomers: number;
  lifetimeNetFen: number;
}

export function emptyCounters(): MetricCounters {
  return {
    customers: 0,
    repeatCustomers: 0,
    revenueFen: 0,
    customerDays: 0,
    retained: 0,
    wakeUpContacted: 0,
    wakeUpResponded: 0,
    reactivationContacted: 0,
    reactivationResponded: 0,
    pointsEarned: 0,
    pointsRedeemed: 0,
    lifetimeCustomers: 0,
    lifetimeNetFen: 0,
  };
}

export interface MetricsPeriod {
  fromDay: number;
  toDay: number;
  retentionDays: number;
  /** Today: a day's customers count for retention only once their N days have passed. */
  asOfDay: number;
}

/**
 * One customer's purchases (business day and net amount; fully refunded ones left out) from the period's first
 * day to N days after its last: purchase count, revenue, repeat purchase and N-day retention.
 */
export function addCustomerPurchases(
  counters: MetricCounters,
  purchases: ReadonlyArray<{ day: number; netFen: number }>,
  period: MetricsPeriod,
): void {
  let inPeriod = 0;
  let revenue = 0;
  const days = new Set<number>();
  for (const p of purchases) {
    if (p.day < period.fromDay || p.day > period.toDay) continue;
    inPeriod += 1;
    revenue += p.netFen;
    days.add(p.day);
  }
  if (inPeriod === 0) return;
  counters.customers += 1;
  if (inPeriod >= 2) counters.repeatCustomers += 1;
  counters.revenueFen += revenue;
  const lastCohortDay = Math.min(period.toDay, period.asOfDay - period.retentionDays);
  for (const day of days) {
    if (day > lastCohortDay) continue;
    counters.customerDays += 1;
    if (purchases.some((p) => p.day > day && p.day <= day + period.retentionDays)) counters.retained += 1;
  }
}

/** A win-back contact of the period: sleeping members count for wake-up, lost ones for reactivation. */
export function addWinbackContact(counters: MetricCounters, stageAtContact: string, responded: boolean): void {
  if (stageAtContact === 'sleeping') {
    counters.wakeUpContacted += 1;
    if (responded) counters.wakeUpResponded += 1;
  } else if (stageAtContact === 'lost') {
    counters.reactivationContacted += 1;
    if (responded) counters.reactivationResponded += 1;
  }
}

/** Points a member earned and redeemed in the period (redeemed as a positive number). */
export function addPoints(counters: MetricCounters, earned: number, redeemed: number): void {
  counters.pointsEarned += earned;
  counters.pointsRedeemed += redeemed;
}

/** A customer acquired in the period, with their net spend to date. */
export function addLifetimeValue(counters: MetricCounters, netFenToDate: number): void {
  counters.lifetimeCustomers += 1;
  counters.lifetimeNetFen += netFenToDate;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export function metricSet(c: MetricCounters, retentionDays: number): MetricSet {
  return {
    customers: c.customers,
    repeatCustomers: c.repeatCustomers,
    repeatPurchaseRate: ratio(c.repeatCustomers, c.customers),
    revenueFen: c.revenueFen,
    arpuFen: c.customers === 0 ? null : Math.round(c.revenueFen / c.customers),
    retention: {
      days: retentionDays,
      customerDays: c.customerDays,
      retained: c.retained,
      rate: ratio(c.retained, c.customerDays),
    },
    wakeUp: { contacted: c.wakeUpContacted, responded: c.wakeUpResponded, rate: ratio(c.wakeUpResponded, c.wakeUpContacted) },
    reactivation: {
      contacted: c.reactivationContacted,
      responded: c.reactivationResponded,
      rate: ratio(c.reactivationResponded, c.reactivationContacted),
    },
    pointsRedemption: {
      earned: c.pointsEarned,
      redeemed: c.pointsRedeemed,
      rate: c.pointsEarned === 0 ? null : Math.min(1, ratio(c.pointsRedeemed, c.pointsEarned) ?? 0),
    },
    lifetimeValue: {
      customers: c.lifetimeCustomers,
      averageFen: c.lifetimeCustomers === 0 ? null : Math.round(c.lifetimeNetFen / c.lifetimeCustomers),
    },
  };
}

export type MetricsDimension = 'store' | 'region' | 'tier';

/** Counters overall and per store, region and tier. */
export class MetricsBreakdown {
  readonly overall = emptyCounters();
  private readonly groups: Record<MetricsDimension, Map<string, MetricCounters>> = {
    store: new Map(),
    region: new Map(),
    tier: new Map(),
  };

  group(dimension: MetricsDimension, key: string): MetricCounters {
    const map = this.groups[dimension];
    let counters = map.get(key);
    if (!counters) map.set(key, (counters = emptyCounters()));
    return counters;
  }

  /** The overall counters and the member's region and tier groups: where member-level figures go. */
  memberGroups(region: string | undefined, tier: string): MetricCounters[] {
    return [this.overall, this.group('region', region ?? 'unknown'), this.group('tier', tier)];
  }

  view(dimension: MetricsDimension, retentionDays: number): Array<{ key: string; metrics: MetricSet }> {
    return [...this.groups[dimension]]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, counters]) => ({ key, metrics: metricSet(counters, retentionDays) }));
  }
}
