import { fakerZH_CN as faker } from '@faker-js/faker';
import { DEMO_PRODUCTS, DEMO_REGIONS, DEMO_STORES, type DemoStore } from './demo-catalogue';

export interface DemoMember {
  memberNo: string;
  name: string;
  phone: string;
  birthday: { month: number; day: number };
  region: string;
  city: string;
  registeredAt: Date;
}

export interface DemoPurchase {
  orderId: string;
  memberNo: string;
  channel: 'store' | 'online';
  storeCode?: string;
  paidAt: Date;
  lines: Array<{ sku: string; category: string; quantity: number; unitPriceFen: number }>;
  totalFen: number;
  /** A later refund of the whole order, for some purchases. */
  refund?: { refundId: string; refundedAt: Date };
}

export interface DemoBrandOptions {
  members: number;
  /** Roughly how many purchases in total (the actual number varies with members' habits). */
  purchases: number;
  months: number;
  /** The history ends here (default: now). */
  until: Date;
  seed: number;
}

const DAY = 86_400_000;

/** A member's buying habit: how often they buy while active, and when (if ever) they stopped. */
interface Habit {
  monthlyRate: number;
  activeFrom: number;
  activeUntil: number;
  preferredStore?: DemoStore;
  onlineShare: number;
}

function habitFor(member: DemoMember, start: number, end: number, meanRate: number): Habit {
  // Heavy-tailed: most members buy rarely, a few buy a lot (what RFM and lifecycle analytics need to show).
  const rate = meanRate * Math.exp(faker.number.float({ min: -1.6, max: 1.4 }));
  const registered = member.registeredAt.getTime();
  const churns = faker.datatype.boolean({ probability: 0.35 });
  const activeUntil = churns ? registered + faker.number.float({ min: 0.05, max: 1 }) * (end - registered) : end;
  const local = DEMO_STORES.filter((s) => s.city === member.city);
  return {
    monthlyRate: rate,
    activeFrom: Math.max(start, registered),
    activeUntil,
    preferredStore: local[0],
    onlineShare: faker.number.float({ min: 0.1, max: 0.8 }),
  };
}

function uniquePhone(taken: Set<string>): string {
  for (;;) {
    const phone = `1${faker.helpers.arrayElement(['3', '5', '7', '8', '9'])}${faker.string.numeric(9)}`;
    if (!taken.has(phone)) {
      taken.add(phone);
      return phone;
    }
  }
}

/**
 * A realistic, reproducible demo brand: members with Chinese names across seven regions, and their
 * purchases over the last months in stores and online, some refunded. Same seed, same brand.
 */
export function* generateDemoBrand(
  options: DemoBrandOptions,
): Generator<{ kind: 'member'; member: DemoMember } | { kind: 'purchase'; purchase: DemoPurchase }> {
  faker.seed(options.seed);
  const end = options.until.getTime();
  const start = end - options.months * 30 * DAY;
  const phones = new Set<string>();
  const regions = Object.keys(DEMO_REGIONS);
  const members: DemoMember[] = [];
  for (let i = 0; i < options.members; i++) {
    const region = faker.helpers.weightedArrayElement(regions.map((r, k) => ({ value: r, weight: k < 2 ? 3 : 1 })));
    const birth = faker.date.birthdate({ min: 18, max: 60, mode: 'age', refDate: options.until });
    members.push({
      memberNo: `M${String(i + 1).padStart(6, '0')}`,
      name: faker.person.fullName(),
      phone: uniquePhone(phones),
      birthday: { month: birth.getUTCMonth() + 1, day: birth.getUTCDate() },
      region,
      city: faker.helpers.arrayElement(DEMO_REGIONS[region]),
      // More members joined recently than long ago.
      registeredAt: new Date(start + Math.sqrt(faker.number.float({ min: 0, max: 1 })) * (end - start)),
    });
  }
  for (const member of members) yield { kind: 'member', member };

  const habits = members.map((member) => habitFor(member, start, end, 1));
  // Members are active for part of the window only: scale the rates so the expected total is what was asked.
  const expected = habits.reduce((sum, h) => sum + (h.monthlyRate * Math.max(0, h.activeUntil - h.activeFrom)) / (30 * DAY), 0);
  const scale = expected > 0 ? options.purchases / expected : 0;
  const purchases: DemoPurchase[] = [];
  let orderNo = 0;
  for (const [index, member] of members.entries()) {
    const habit = { ...habits[index], monthlyRate: habits[index].monthlyRate * scale };
    let at = habit.activeFrom + faker.number.float({ min: 0, max: 3 }) * DAY;
    while (at < habit.activeUntil) {
      const online = !habit.preferredStore || faker.datatype.boolean({ probability: habit.onlineShare });
      const lines = faker.helpers
        .arrayElements(
          DEMO_PRODUCTS,
          faker.helpers.weightedArrayElement([
            { value: 1, weight: 6 },
            { value: 2, weight: 3 },
            { value: 3, weight: 1 },
          ]),
        )
        .map((p) => ({
          sku: p.sku,
          category: p.category,
          quantity: faker.helpers.weightedArrayElement([
            { value: 1, weight: 8 },
            { value: 2, weight: 2 },
          ]),
          unitPriceFen: p.priceFen,
        }));
      const paidAt = new Date(Math.floor(at));
      orderNo += 1;
      const purchase: DemoPurchase = {
        orderId: `${online ? 'WEB' : 'POS'}-${String(orderNo).padStart(8, '0')}`,
        memberNo: member.memberNo,
        channel: online ? 'online' : 'store',
        ...(online ? {} : { storeCode: habit.preferredStore?.code }),
        paidAt,
        lines,
        totalFen: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0),
      };
      const refundedAt = paidAt.getTime() + faker.number.float({ min: 1, max: 14 }) * DAY;
      if (faker.datatype.boolean({ probability: 0.03 }) && refundedAt < end) {
        purchase.refund = { refundId: `RF-${purchase.orderId}`, refundedAt: new Date(Math.floor(refundedAt)) };
      }
      purchases.push(purchase);
      // Exponential gaps: a Poisson process at the member's monthly rate.
      at += (-Math.log(1 - faker.number.float({ min: 0, max: 0.999 })) / habit.monthlyRate) * 30 * DAY;
    }
  }
  purchases.sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime() || a.orderId.localeCompare(b.orderId));
  for (const purchase of purchases) yield { kind: 'purchase', purchase };
}
