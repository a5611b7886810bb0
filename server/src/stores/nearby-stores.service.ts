import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  NEARBY_STORES_MAX,
  type CouponBenefit,
  type GeoOfferClaimResult,
  type MemberPosition,
  type NearbyOffer,
  type NearbyStore,
  type NearbyStores,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponsService } from '../coupons';
import { MemberStore } from '../members';
import { capWindow, claimState, nextClaimAt, offerStatus, withinRadius } from './domain/geo-offer-rules';
import { GeoOffer, GeoOfferClaim } from './schemas/geo-offer.schema';
import { StoredStore, type GeoPoint } from './schemas/store.schema';
import type { LeanGeoOffer, LeanStore } from './store-views';

type StoreWithDistance = LeanStore & { distanceMetres: number };

/** Where the offer log keeps a member's position: 3 decimal places, about 100 m. */
const LOG_DECIMALS = 3;
const rough = (value: number) => Math.round(value * 10 ** LOG_DECIMALS) / 10 ** LOG_DECIMALS;

const point = (position: MemberPosition): GeoPoint => ({ type: 'Point', coordinates: [position.lng, position.lat] });

/**
 * The member's "stores near me" and the claim of a store's offer. Distances come from the database's 2dsphere index
 * ($geoNear, metres on the sphere) and the stores' stored positions; the client's only input is where the member
 * stands, rounded, and it is kept nowhere but in the offer log of a claim.
 */
@Injectable()
export class NearbyStoresService {
  constructor(
    @InjectModel(StoredStore.name) private readonly stores: Model<StoredStore>,
    @InjectModel(GeoOffer.name) private readonly offers: Model<GeoOffer>,
    @InjectModel(GeoOfferClaim.name) private readonly claims: Model<GeoOfferClaim>,
    private readonly coupons: CouponsService,
    private readonly members: MemberStore,
    private readonly clock: Clock,
  ) {}

  /** The nearest active stores with distance and running offer; without a position, the active stores by city. */
  async nearby(memberId: Types.ObjectId, position: MemberPosition | undefined): Promise<NearbyStores> {
    const stores: Array<LeanStore & { distanceMetres?: number }> = position
      ? await this.stores.aggregate<StoreWithDistance>([
          {
            $geoNear: {
              near: point(position),
              distanceField: 'distanceMetres',
              spherical: true,
              query: { status: 'active' },
            },
          },
          { $limit: NEARBY_STORES_MAX },
        ])
      : await this.stores.find({ status: 'active' }).sort({ city: 1, code: 1 }).limit(NEARBY_STORES_MAX).lean<LeanStore[]>();
    const now = this.clock.now();
    const running = await this.runningOffers(
      stores.map((s) => s.code),
      now,
    );
    const [consent, taken] = await Promise.all([
      running.length > 0 ? this.marketingConsent(memberId) : Promise.resolve(false),
      this.claimedWindows(memberId, running, now),
    ]);
    return {
      located: position !== undefined,
      stores: stores.map((store): NearbyStore => {
        const offer = running.find((o) => o.storeCode === store.code);
        const distance = store.distanceMetres === undefined ? undefined : Math.round(store.distanceMetres);
        return {
          code: store.code,
          name: store.name,
          address: store.address,
          city: store.city,
          ...(store.openingHours ? { openingHours: store.openingHours } : {}),
          ...(distance === undefined ? {} : { distanceMetres: distance }),
          ...(offer
            ? { offer: this.nearbyOffer(offer, store.distanceMetres, consent, taken.has(offer._id.toHexString()), now) }
            : {}),
        };
      }),
    };
  }

  /**
   * Gives the member the offer's coupon: only while it runs, at its active store, with marketing consent, from
   * within its radius (measured here from the store's stored position), once per cap window. The window's grant is
   * reserved first under a unique key (offer, member, window), then the coupon is issued with the same key: a
   * concurrent or repeated claim finds the reservation, and one left pending by a crash is finished by the next.
   */
  async claim(memberId: Types.ObjectId, offerId: Types.ObjectId, position: MemberPosition): Promise<GeoOfferClaimResult> {
    const now = this.clock.now();
    const offer = await this.offers.findById(offerId).lean<LeanGeoOffer>();
    if (!offer) throw new AppError('NOT_FOUND', 'No such store offer.');
    if (offerStatus(offer, now) !== 'running') throw new AppError('GEO_OFFER_NOT_ACTIVE', 'This store offer is not running.');
    const [store] = await this.stores.aggregate<StoreWithDistance>([
      {
        $geoNear: {
          near: point(position),
          distanceField: 'distanceMetres',
          spherical: true,
          query: { code: offer.storeCode, status: 'active' },
        },
      },
      { $limit: 1 },
    ]);
    if (!store) throw new AppError('GEO_OFFER_NOT_ACTIVE', 'The store of this offer is closed.');
    if (!(await this.marketingConsent(memberId)))
      throw new AppError('MARKETING_CONSENT_REQUIRED', 'Store offers are marketing: agree to marketing first.');
    const distanceMetres = Math.round(store.distanceMetres);
    if (!withinRadius(store.distanceMetres, offer.radiusMetres))
      throw new AppError(
        'OUTSIDE_OFFER_RADIUS',
        `You are ${distanceMetres} m from the store; the offer is within ${offer.radiusMetres} m.`,
        {
          distanceMetres,
          radiusMetres: offer.radiusMetres,
        },
      );

    const window = capWindow(offer.startsAt, offer.capDays, now);
    const again = nextClaimAt(window, offer);
    const key = { offerId, memberId, window: window.index };
    const reservation = await this.reserve(key, {
      storeCode: offer.storeCode,
      state: 'pending',
      distanceMetres,
      roughPosition: [rough(position.lng), rough(position.lat)],
      claimedAt: now,
    });
    if (reservation === 'granted')
      throw new AppError('GEO_OFFER_ALREADY_CLAIMED', 'You already got this store offer in this period.', {
        ...(again ? { nextClaimAt: again.toISOString() } : {}),
      });

    const issueKey = `geo-offer:${offerId.toHexString()}:${memberId.toHexString()}:${window.index}`;
    const outcome = await this.coupons.issueFromStock(memberId, offer.templateId, issueKey);
    if (outcome === 'issued' || outcome === 'already-issued') {
      await this.claims.updateOne(key, { $set: { state: 'granted' } });
      return {
        offerId: offerId.toHexString(),
        storeCode: offer.storeCode,
        couponName: offer.couponName,
        distanceMetres,
        claimedAt: now.toISOString(),
        ...(again ? { nextClaimAt: again.toISOString() } : {}),
      };
    }
    // Nothing was given: the window stays open for when the coupon can be given again.
    await this.claims.deleteOne({ ...key, state: 'pending' });
    if (outcome === 'out-of-stock') throw new AppError('OUT_OF_STOCK', `「${offer.couponName}」has all been claimed.`);
    if (outcome === 'limit-reached')
      throw new AppError('LIMIT_REACHED', `You already hold 「${offer.couponName}」 as many times as allowed.`);
    throw new AppError('COUPON_TEMPLATE_RETIRED', `「${offer.couponName}」is no longer given.`);
  }

  /** Reserves the window's grant: 'reserved' (ours, or a pending one to finish) or 'granted' (taken already). */
  private async reserve(
    key: { offerId: Types.ObjectId; memberId: Types.ObjectId; window: number },
    fields: Omit<GeoOfferClaim, 'offerId' | 'memberId' | 'window'>,
  ): Promise<'reserved' | 'granted'> {
    try {
      await this.claims.create([{ ...key, ...fields }]);
      return 'reserved';
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const existing = await this.claims.findOne(key, { state: 1 }).lean();
      return existing?.state === 'granted' ? 'granted' : 'reserved';
    }
  }

  private nearbyOffer(
    offer: LeanGeoOffer,
    distanceMetres: number | undefined,
    marketingConsent: boolean,
    claimedThisWindow: boolean,
    now: Date,
  ): NearbyOffer {
    const state = claimState({ distanceMetres, radiusMetres: offer.radiusMetres, marketingConsent, claimedThisWindow });
    const again = state === 'claimed' ? nextClaimAt(capWindow(offer.startsAt, offer.capDays, now), offer) : undefined;
    return {
      id: offer._id.toHexString(),
      couponName: offer.couponName,
      benefit: offer.benefit as CouponBenefit,
      radiusMetres: offer.radiusMetres,
      capDays: offer.capDays,
      endsAt: (offer.endedAt && offer.endedAt < offer.endsAt ? offer.endedAt : offer.endsAt).toISOString(),
      state,
      ...(again ? { nextClaimAt: again.toISOString() } : {}),
    };
  }

  /** The running offer of each of these stores (one at most per store). */
  private async runningOffers(storeCodes: string[], now: Date): Promise<LeanGeoOffer[]> {
    if (storeCodes.length === 0) return [];
    const candidates = await this.offers
      .find({ storeCode: { $in: storeCodes }, startsAt: { $lte: now }, endsAt: { $gt: now } })
      .sort({ startsAt: -1 })
      .lean<LeanGeoOffer[]>();
    return candidates.filter((o) => offerStatus(o, now) === 'running');
  }

  /** The ids of these offers the member got in their current window. */
  private async claimedWindows(memberId: Types.ObjectId, offers: LeanGeoOffer[], now: Date): Promise<Set<string>> {
    if (offers.length === 0) return new Set();
    const granted = await this.claims
      .find({
        memberId,
        state: 'granted',
        $or: offers.map((o) => ({ offerId: o._id, window: capWindow(o.startsAt, o.capDays, now).index })),
      })
      .lean();
    return new Set(granted.map((c) => c.offerId.toHexString()));
  }

  private async marketingConsent(memberId: Types.ObjectId): Promise<boolean> {
    const [member] = await this.members.activeMarketingConsents([memberId]);
    return member?.consents?.marketing?.granted === true;
  }
}
