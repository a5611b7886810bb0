import type { CouponBenefit, GeoOfferView, StoreView } from '@memberloop/shared';
import type { Types } from 'mongoose';
import { offerStatus } from './domain/geo-offer-rules';
import type { GeoOffer } from './schemas/geo-offer.schema';
import type { StoredStore } from './schemas/store.schema';

export type LeanStore = StoredStore & { _id: Types.ObjectId };
export type LeanGeoOffer = Omit<GeoOffer, 'benefit'> & { _id: Types.ObjectId; benefit: CouponBenefit };

export function geoOfferView(offer: LeanGeoOffer, now: Date, claims: number): GeoOfferView {
  return {
    id: offer._id.toHexString(),
    storeCode: offer.storeCode,
    templateId: offer.templateId.toHexString(),
    couponName: offer.couponName,
    benefit: offer.benefit,
    radiusMetres: offer.radiusMetres,
    capDays: offer.capDays,
    startsOn: offer.startsOn,
    endsOn: offer.endsOn,
    startsAt: offer.startsAt.toISOString(),
    endsAt: offer.endsAt.toISOString(),
    status: offerStatus(offer, now),
    claims,
  };
}

export function storeView(store: LeanStore, offers: GeoOfferView[]): StoreView {
  const [lng, lat] = store.location.coordinates;
  return {
    code: store.code,
    name: store.name,
    address: store.address,
    city: store.city,
    region: store.region,
    location: { lng, lat },
    ...(store.openingHours ? { openingHours: store.openingHours } : {}),
    status: store.status,
    updatedAt: store.updatedAt.toISOString(),
    offers,
  };
}
