import { generateDemoBrand, type DemoMember, type DemoPurchase } from './demo-brand';
import { DEMO_PRODUCTS, DEMO_STORES } from './demo-catalogue';

function collect(seed: number) {
  const members: DemoMember[] = [];
  const purchases: DemoPurchase[] = [];
  for (const item of generateDemoBrand({
    members: 500,
    purchases: 5000,
    months: 18,
    until: new Date('2026-11-01T00:00:00Z'),
    seed,
  })) {
    if (item.kind === 'member') members.push(item.member);
    else purchases.push(item.purchase);
  }
  return { members, purchases };
}

describe('the demo brand', () => {
  const { members, purchases } = collect(42);

  it('is reproducible from its seed', () => {
    const again = collect(42);
    expect(again.members.slice(0, 5)).toEqual(members.slice(0, 5));
    expect(again.purchases.length).toBe(purchases.length);
    expect(collect(7).members[0]).not.toEqual(members[0]);
  });

  it('has members with unique valid mobile numbers, Chinese names and real regions', () => {
    expect(new Set(members.map((m) => m.phone)).size).toBe(members.length);
    for (const m of members) {
      expect(m.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(m.name).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('has roughly the asked number of purchases, in time order, with consistent totals', () => {
    expect(purchases.length).toBeGreaterThan(2500);
    expect(purchases.length).toBeLessThan(10000);
    for (let i = 1; i < purchases.length; i++)
      expect(purchases[i].paidAt.getTime()).toBeGreaterThanOrEqual(purchases[i - 1].paidAt.getTime());
    const skus = new Set(DEMO_PRODUCTS.map((p) => p.sku));
    const stores = new Set(DEMO_STORES.map((s) => s.code));
    for (const p of purchases.slice(0, 500)) {
      expect(p.totalFen).toBe(p.lines.reduce((s, l) => s + l.quantity * l.unitPriceFen, 0));
      for (const line of p.lines) expect(skus.has(line.sku)).toBe(true);
      if (p.channel === 'store') expect(stores.has(p.storeCode!)).toBe(true);
    }
    expect(new Set(purchases.map((p) => p.orderId)).size).toBe(purchases.length);
  });

  it('mixes habits: one-time buyers, regulars, some refunds, nothing before registration', () => {
    const perMember = new Map<string, number>();
    for (const p of purchases) perMember.set(p.memberNo, (perMember.get(p.memberNo) ?? 0) + 1);
    const counts = [...perMember.values()];
    expect(counts.filter((c) => c === 1).length).toBeGreaterThan(10);
    expect(Math.max(...counts)).toBeGreaterThan(30);
    const refunds = purchases.filter((p) => p.refund).length / purchases.length;
    expect(refunds).toBeGreaterThan(0.01);
    expect(refunds).toBeLessThan(0.06);
    const registered = new Map(members.map((m) => [m.memberNo, m.registeredAt.getTime()]));
    for (const p of purchases) expect(p.paidAt.getTime()).toBeGreaterThanOrEqual(registered.get(p.memberNo)!);
  });

  it('gives every store its own code', () => {
    expect(new Set(DEMO_STORES.map((s) => s.code)).size).toBe(DEMO_STORES.length);
  });
});
