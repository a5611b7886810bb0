import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AlsoBoughtView, MyRecommendations } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { ProductStore, type CatalogueProduct } from '../catalogue';
import { Clock } from '../common/clock/clock';
import { MemberStore } from '../members';
import { PurchaseStore, type PurchaseBasket } from '../purchases';
import { AnalyticsSettingsService } from './analytics-settings.service';
import { AnalyticsStateStore } from './analytics-state.store';
import { BulkWriter, CursorReader } from './cursor-reader';
import { monthsBefore } from './domain/calendar';
import { countsAsPurchase } from './domain/member-facts';
import { ItemSimilarityBuilder, picksFor, type SimilarItem } from './domain/item-similarity';
import { ProfileRecomputeService } from './profile-recompute.service';
import { ItemNeighbours, MemberPicks } from './schemas/recommendations.schema';

const BEST_SELLERS_KEY = 'best-sellers';

/**
 * "Members who bought A also bought B": the nightly job folds each member's distinct items of the look-back
 * into co-purchase counts (one pass over the purchases in member order, one basket in memory at a time),
 * keeps every item's most similar items (cosine), then a second pass computes the picks of the members who
 * consented to personalisation. Members without that consent get best-sellers.
 */
@Injectable()
export class RecommendationsService {
  private readonly logger = new Logger('Analytics');

  constructor(
    @InjectModel(ItemNeighbours.name) private readonly neighbours: Model<ItemNeighbours>,
    @InjectModel(MemberPicks.name) private readonly picks: Model<MemberPicks>,
    private readonly profiles: ProfileRecomputeService,
    private readonly settings: AnalyticsSettingsService,
    private readonly state: AnalyticsStateStore,
    private readonly clock: Clock,
    private readonly purchases: PurchaseStore,
    private readonly members: MemberStore,
    private readonly catalogue: ProductStore,
  ) {}

  async recomputeAll(): Promise<Record<string, unknown>> {
    const started = Date.now();
    const settings = (await this.settings.get()).recommendations;
    const now = this.clock.now();
    const since = this.profiles.calendar.startOf(monthsBefore(this.profiles.calendar.dayOf(now), settings.lookbackMonths));
    const generation = new Types.ObjectId().toHexString();

    const similarity = new ItemSimilarityBuilder();
    let baskets = 0;
    await this.forEachBasket(since, async (_memberId, items) => {
      similarity.addBasket(items);
      baskets += 1;
    });
    const lists = similarity.neighbours({ topK: settings.neighbours, minTogether: settings.minCoPurchases });
    const writer = new BulkWriter<unknown>(1000, (ops) => this.neighbours.collection.bulkWrite(ops as never, { ordered: false }));
    for (const [sku, items] of lists) {
      await writer.add({
        replaceOne: { filter: { _id: sku }, replacement: { generation, buyers: similarity.buyersOf(sku), items }, upsert: true },
      });
    }
    await writer.flush();
    await this.neighbours.deleteMany({ generation: { $ne: generation } });
    await this.state.set(BEST_SELLERS_KEY, { items: similarity.bestSellers(50), computedAt: now.toISOString() });

    // Picks, for members who consented to personalisation.
    const consenting = new Set<string>();
    for await (const member of this.members.personalisationConsentingIds()) consenting.add(String(member._id));
    const pickWriter = new BulkWriter<unknown>(1000, (ops) => this.picks.collection.bulkWrite(ops as never, { ordered: false }));
    let members = 0;
    if (consenting.size > 0) {
      // Their whole history: a pick is never something they ever bought.
      await this.forEachBasket(new Date(0), async (memberId, items) => {
        if (!consenting.has(memberId.toHexString())) return;
        const picked = picksFor(new Set(items), (sku) => lists.get(sku), settings.picks);
        members += 1;
        await pickWriter.add({
          replaceOne: { filter: { _id: memberId }, replacement: { generation, items: picked, computedAt: now }, upsert: true },
        });
      });
    }
    await pickWriter.flush();
    // Picks of members who withdrew consent or stopped buying go with the old generation.
    await this.picks.deleteMany({ generation: { $ne: generation } });
    const summary = { baskets, items: lists.size, members, ms: Date.now() - started };
    this.logger.log(summary, 'analytics recommendations done');
    return summary;
  }

  /**
   * The member's picks without what they bought since they were computed; best-sellers without consent. Only active
   * products of the catalogue, with their names, pictures and prices: a SKU the catalogue does not know (or retired)
   * is left out, so a member never sees a code.
   */
  async forMember(memberId: Types.ObjectId): Promise<MyRecommendations> {
    const member = await this.members.activePersonalisationConsent(memberId);
    const limit = (await this.settings.get()).recommendations.picks;
    if (member?.consents?.personalisation?.granted === true) {
      const picks = await this.picks.findById(memberId).lean<MemberPicks>();
      if (picks && picks.items.length > 0) {
        const boughtSince = await this.skusBoughtSince(memberId, picks.computedAt);
        const fresh = picks.items.filter((p) => !boughtSince.has(p.sku));
        const products = await this.catalogue.activeBySku(fresh.flatMap((p) => [p.sku, p.becauseOf]));
        const items = fresh.flatMap((p) => {
          const product = products.get(p.sku);
          if (!product) return [];
          const because = products.get(p.becauseOf);
          return [
            {
              ...shown(product),
              score: p.score,
              reason: 'also-bought' as const,
              becauseOf: p.becauseOf,
              ...(because ? { becauseOfName: because.name } : {}),
            },
          ];
        });
        if (items.length > 0) return { personalised: true, generatedAt: picks.computedAt.toISOString(), items };
      }
    }
    const best = await this.state.get<{ items: Array<{ sku: string; buyers: number }>; computedAt: string }>(BEST_SELLERS_KEY);
    const sellers = best?.items ?? [];
    const products = await this.catalogue.activeBySku(sellers.map((b) => b.sku));
    return {
      personalised: false,
      generatedAt: best?.computedAt ?? null,
      items: sellers
        .flatMap((b) => {
          const product = products.get(b.sku);
          return product ? [{ ...shown(product), score: b.buyers, reason: 'popular' as const }] : [];
        })
        .slice(0, limit),
    };
  }

  /** Items bought with this one, as active products of the catalogue (unknown and retired SKUs left out). */
  async alsoBought(sku: string): Promise<AlsoBoughtView> {
    const doc = await this.neighbours.findById(sku).lean<{ items: SimilarItem[] }>();
    const similar = doc?.items ?? [];
    const products = await this.catalogue.activeBySku(similar.map((item) => item.sku));
    return {
      sku,
      items: similar.flatMap((item) => {
        const product = products.get(item.sku);
        return product ? [{ ...shown(product), score: item.score, together: item.together }] : [];
      }),
    };
  }

  /** Each member's distinct items (lines not wholly refunded) of the purchases since a day, member by member. */
  private async forEachBasket(since: Date, handle: (memberId: Types.ObjectId, items: string[]) => Promise<void>): Promise<void> {
    const reader = new CursorReader(this.purchases.appliedBasketsInMemberOrder(since));
    let current: Types.ObjectId | null = null;
    let items = new Set<string>();
    const flush = async () => {
      if (current && items.size > 0) await handle(current, [...items]);
      items = new Set();
    };
    try {
      for (;;) {
        let row = reader.current();
        if (row === undefined) {
          if (!(await reader.refill())) break;
          row = reader.current() as PurchaseBasket;
        }
        reader.take();
        if (!current || !row.memberId.equals(current)) {
          await flush();
          current = row.memberId;
        }
        if (!countsAsPurchase(row)) continue;
        // Newest purchases first, so a capped basket keeps the latest items.
        for (const line of row.lines) if (line.quantity > (line.refundedQuantity ?? 0)) items.add(line.sku);
      }
      await flush();
    } finally {
      await reader.close();
    }
  }

  private async skusBoughtSince(memberId: Types.ObjectId, since: Date): Promise<Set<string>> {
    const rows = await this.purchases.appliedSkusOfMemberSince(memberId, since);
    return new Set(rows.flatMap((r) => r.lines.map((l) => l.sku)));
  }
}

/** What a member is shown of a recommended product. */
function shown(product: CatalogueProduct) {
  return {
    sku: product.sku,
    name: product.name,
    category: product.category,
    ...(product.imageUrl ? { imageUrl: product.imageUrl } : {}),
    priceFen: product.priceFen,
  };
}
