import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type CouponBenefit,
  type GeoOfferView,
  type NewGeoOffer,
  NewStore,
  StoreChanges,
  type StoreStatus,
  type StoreView,
} from '@memberloop/shared';
import type { z } from 'zod';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { KeyedLock } from '../common/keyed-lock';
import { appConfig, type AppConfig } from '../config/app-config';
import { CouponStore } from '../coupons';
import { offerPeriod, offersOverlap, offerStatus } from './domain/geo-offer-rules';
import { GeoOffer, GeoOfferClaim } from './schemas/geo-offer.schema';
import { StoreDirectory } from './store-directory.store';
import { StoredStore } from './schemas/store.schema';
import { geoOfferView, storeView, type LeanGeoOffer, type LeanStore } from './store-views';

/** HQ's list shows a store's offers not over and at most this many finished ones. */
const FINISHED_OFFERS_SHOWN = 3;
const DIRECTORY_MAX = 1000;

/**
 * HQ's store directory and the offers attached to stores. Every change is a staff call, recorded by the audit
 * interceptor with who made it and what was sent.
 */
@Injectable()
export class StoreDirectoryService {
  /** One offer change per store at a time in this process, so two HQ tabs cannot both pass the overlap check. */
  private readonly offerChanges = new KeyedLock();

  constructor(
    @InjectModel(StoredStore.name) private readonly stores: Model<StoredStore>,
    @InjectModel(GeoOffer.name) private readonly offers: Model<GeoOffer>,
    @InjectModel(GeoOfferClaim.name) private readonly claims: Model<GeoOfferClaim>,
    private readonly coupons: CouponStore,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly directory: StoreDirectory,
  ) {}

  async list(): Promise<StoreView[]> {
    const stores = await this.stores.find().sort({ code: 1 }).limit(DIRECTORY_MAX).lean<LeanStore[]>();
    return this.withOffers(stores);
  }

  async create(input: z.output<typeof NewStore>): Promise<StoreView> {
    const now = this.clock.now();
    try {
      const [created] = await this.stores.create([
        {
          code: input.code,
          name: input.name,
          address: input.address,
          city: input.city,
          region: input.region,
          location: { type: 'Point' as const, coordinates: [input.location.lng, input.location.lat] as [number, number] },
          ...(input.openingHours ? { openingHours: input.openingHours } : {}),
          status: 'active',
          createdAt: now,
          updatedAt: now,
        },
      ]);
      await this.directory.refreshRegions();
      return storeView(created.toObject() as LeanStore, []);
    } catch (error) {
      if ((error as { code?: number }).code === 11000)
        throw new AppError('CONFLICT', `Store ${input.code} is already in the directory: change it instead.`, {
          code: input.code,
        });
      throw error;
    }
  }

  async update(code: string, changes: z.output<typeof StoreChanges>): Promise<StoreView> {
    const set: Record<string, unknown> = { updatedAt: this.clock.now() };
    for (const field of ['name', 'address', 'city', 'region'] as const) if (changes[field]) set[field] = changes[field];
    if (changes.location) set.location = { type: 'Point', coordinates: [changes.location.lng, changes.location.lat] };
    if (typeof changes.openingHours === 'string') set.openingHours = changes.openingHours;
    const unset = changes.openingHours === null ? { $unset: { openingHours: 1 } } : {};
    const updated = await this.stores.findOneAndUpdate({ code }, { $set: set, ...unset }, { new: true }).lean<LeanStore>();
    if (!updated) throw new AppError('NOT_FOUND', `No store ${code} in the directory.`);
    if (changes.region) await this.directory.refreshRegions();
    return this.viewOf(updated);
  }

  async setStatus(code: string, status: StoreStatus): Promise<StoreView> {
    const updated = await this.stores
      .findOneAndUpdate({ code }, { $set: { status, updatedAt: this.clock.now() } }, { new: true })
      .lean<LeanStore>();
    if (!updated) throw new AppError('NOT_FOUND', `No store ${code} in the directory.`);
    return this.viewOf(updated);
  }

  /** Attaches an offer to an active store: an active free coupon template, days not past, no other offer then. */
  async createOffer(createdBy: Types.ObjectId, code: string, input: NewGeoOffer): Promise<GeoOfferView> {
    return this.offerChanges.run(code, async () => {
      const now = this.clock.now();
      const store = await this.stores.findOne({ code }).lean<LeanStore>();
      if (!store) throw new AppError('NOT_FOUND', `No store ${code} in the directory.`);
      if (store.status !== 'active')
        throw new AppError('GEO_OFFER_NOT_ACTIVE', `Store ${code} is retired: bring it back before giving it an offer.`);
      const template = await this.coupons.activeTemplate(input.templateId);
      if (!template) {
        const known = await this.coupons.templateNames([new Types.ObjectId(input.templateId)]);
        if (known.size > 0)
          throw new AppError('COUPON_TEMPLATE_RETIRED', `「${known.get(input.templateId)}」is retired: choose an active coupon.`);
        throw new AppError('NOT_FOUND', 'No such coupon template.');
      }
      if (template.pointsPrice)
        throw new AppError(
          'VALIDATION_FAILED',
          `「${template.name}」is exchanged for points: a store offer gives a free coupon.`,
          {
            issues: [{ path: 'templateId', message: '积分兑换的券不能作为门店优惠' }],
          },
        );
      const period = offerPeriod(input.startsOn, input.endsOn, this.config.brand.timeZone);
      if (period.endsAt <= now)
        throw new AppError('VALIDATION_FAILED', 'The offer’s last day has passed: choose days from today on.', {
          issues: [{ path: 'endsOn', message: '结束日期已过，请选择今天或以后的日期' }],
        });
      const others = await this.offers.find({ storeCode: code, endsAt: { $gt: now } }).lean<LeanGeoOffer[]>();
      const clash = others.find((o) => offerStatus(o, now) !== 'ended' && offersOverlap(o, period));
      if (clash)
        throw new AppError(
          'GEO_OFFER_OVERLAP',
          `Store ${code} already has an offer from ${clash.startsOn} to ${clash.endsOn}: end it or choose other days.`,
          { offerId: clash._id.toHexString(), startsOn: clash.startsOn, endsOn: clash.endsOn },
        );
      const [created] = await this.offers.create([
        {
          storeCode: code,
          templateId: template._id,
          couponName: template.name,
          benefit: template.benefit,
          radiusMetres: input.radiusMetres,
          capDays: input.capDays,
          ...period,
          createdBy,
          createdAt: now,
        },
      ]);
      return geoOfferView(created.toObject() as unknown as LeanGeoOffer, now, 0);
    });
  }

  /** Ends an offer now; an offer already over is refused (nothing to end). */
  async endOffer(offerId: Types.ObjectId): Promise<GeoOfferView> {
    const now = this.clock.now();
    const ended = await this.offers
      .findOneAndUpdate(
        { _id: offerId, endsAt: { $gt: now }, endedAt: { $exists: false } },
        { $set: { endedAt: now } },
        { new: true },
      )
      .lean<LeanGeoOffer>();
    if (!ended) {
      const offer = await this.offers.exists({ _id: offerId });
      if (!offer) throw new AppError('NOT_FOUND', 'No such store offer.');
      throw new AppError('GEO_OFFER_NOT_ACTIVE', 'This offer is already over.');
    }
    const [view] = await this.offerViews([ended]);
    return view;
  }

  private async viewOf(store: LeanStore): Promise<StoreView> {
    const [view] = await this.withOffers([store]);
    return view;
  }

  /** Each store with its offers not over, then its latest finished ones. */
  private async withOffers(stores: LeanStore[]): Promise<StoreView[]> {
    const offers = await this.offers
      .find({ storeCode: { $in: stores.map((s) => s.code) } })
      .sort({ endsAt: -1, _id: -1 })
      .lean<LeanGeoOffer[]>();
    const views = await this.offerViews(offers);
    return stores.map((store) => {
      const mine = views.filter((o) => o.storeCode === store.code);
      const open = mine.filter((o) => o.status === 'running' || o.status === 'scheduled');
      const over = mine.filter((o) => o.status === 'finished' || o.status === 'ended').slice(0, FINISHED_OFFERS_SHOWN);
      return storeView(store, [...open, ...over]);
    });
  }

  private async offerViews(offers: LeanGeoOffer[]): Promise<GeoOfferView[]> {
    const counts = await this.claims.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: { offerId: { $in: offers.map((o) => o._id) }, state: 'granted' } },
      { $group: { _id: '$offerId', n: { $sum: 1 } } },
    ]);
    const byOffer = new Map(counts.map((c) => [c._id.toHexString(), c.n]));
    const now = this.clock.now();
    return offers.map((o) =>
      geoOfferView({ ...o, benefit: o.benefit as CouponBenefit }, now, byOffer.get(o._id.toHexString()) ?? 0),
    );
  }
}
