import { dayString, type BrandCalendar } from './calendar';
import { countsAsPurchase, storeKeyOf, type PurchaseRecord } from './member-facts';

export interface MonthlySalesRow {
  _id: string;
  month: string;
  store: string;
  /** Day of month ("01" … "31") → [orders, net fen]. */
  days: Record<string, [number, number]>;
}

/** Orders and net sales per store and business day, grouped by store and month (few, small documents). */
export class SalesRollup {
  /** Store → business day number → [orders, net fen]. */
  private readonly stores = new Map<string, Map<number, [number, number]>>();

  constructor(private readonly calendar: BrandCalendar) {}

  add(purchase: PurchaseRecord): void {
    if (!countsAsPurchase(purchase)) return;
    const day = this.calendar.dayOf(purchase.paidAt);
    const store = storeKeyOf(purchase);
    let days = this.stores.get(store);
    if (!days) this.stores.set(store, (days = new Map()));
    const cell = days.get(day);
    if (cell) {
      cell[0] += 1;
      cell[1] += purchase.totalFen - purchase.refundedFen;
    } else days.set(day, [1, purchase.totalFen - purchase.refundedFen]);
  }

  result(): MonthlySalesRow[] {
    const rows = new Map<string, MonthlySalesRow>();
    for (const [store, days] of this.stores) {
      // Days in order, so an unchanged month serialises the same and is not rewritten.
      for (const [dayNumber, cell] of [...days].sort((a, b) => a[0] - b[0])) {
        const day = dayString(dayNumber);
        const month = day.slice(0, 7);
        const key = `${month}|${store}`;
        let row = rows.get(key);
        if (!row) rows.set(key, (row = { _id: key, month, store, days: {} }));
        row.days[day.slice(8)] = cell;
      }
    }
    return [...rows.values()];
  }
}

/**
 * Orders and net sales per period (day, or ISO week starting Monday) from the monthly rows, limited to
 * [fromDay, toDay] and to some stores; periods without sales are present with zeros.
 */
export function salesSeries(
  rows: Iterable<Pick<MonthlySalesRow, 'month' | 'store' | 'days'>>,
  fromDay: number,
  toDay: number,
  periodOf: (day: number) => number,
  includeStore: (store: string) => boolean,
): Array<{ period: number; orders: number; netFen: number }> {
  const series = new Map<number, { period: number; orders: number; netFen: number }>();
  for (let day = fromDay; day <= toDay; day++) {
    const period = periodOf(day);
    if (!series.has(period)) series.set(period, { period, orders: 0, netFen: 0 });
  }
  for (const row of rows) {
    if (!includeStore(row.store)) continue;
    for (const [dom, [orders, netFen]] of Object.entries(row.days)) {
      const [year, month] = row.month.split('-').map(Number);
      const day = Math.round(Date.UTC(year, month - 1, Number(dom)) / 86_400_000);
      if (day < fromDay || day > toDay) continue;
      const entry = series.get(periodOf(day))!;
      entry.orders += orders;
      entry.netFen += netFen;
    }
  }
  return [...series.values()].sort((a, b) => a.period - b.period);
}
