import { z } from 'zod';
import { CouponBenefit } from './coupons';
import { calendarDay } from './dates';
import { defineEndpoint } from './endpoint';

/**
 * The store directory and geo-triggered offers (docs/stores-and-geo-offers.md). Coordinates are GCJ-02 (the
 * "Mars" datum WeChat's getLocation returns with type 'gcj02' and Chinese maps use): longitude first, as GeoJSON.
 * The messages of the field checks are the words HQ reads.
 */

export const STORE_CODE_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
export const STORE_NAME_MAX = 40;
export const STORE_ADDRESS_MAX = 120;
export const STORE_PLACE_MAX = 20;
export const STORE_HOURS_MAX = 60;

/** What HQ may set on an offer: radius in metres and the frequency cap in days. */
export const GEO_OFFER_LIMITS = { radiusMin: 50, radiusMax: 5000, capDaysMin: 1, capDaysMax: 90 } as const;
/** How many stores the nearby list shows. */
export const NEARBY_STORES_MAX = 20;
/**
 * Decimal places a member's position is rounded to before use: 4 places is about 11 m, finer than the smallest
 * radius and coarse enough not to pin a member to a doorway.
 */
export const POSITION_DECIMALS = 4;

const roundTo = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

export const StoreCode = z.string().trim().regex(STORE_CODE_PATTERN, '门店编码只能包含字母、数字、- 和 _，1 到 16 个字符');
const text = (label: string, max: number) => z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 个字`);

export const Longitude = z
  .number({ message: '经度必须是数字' })
  .min(-180, '经度必须在 -180 到 180 之间')
  .max(180, '经度必须在 -180 到 180 之间');
export const Latitude = z
  .number({ message: '纬度必须是数字' })
  .min(-90, '纬度必须在 -90 到 90 之间')
  .max(90, '纬度必须在 -90 到 90 之间');
/** A degree in a query string: a plain decimal number (no empty string, exponent or hex read as a number). */
const degreeText = z
  .string()
  .regex(/^-?\d{1,3}(\.\d{1,17})?$/, '坐标必须是十进制数字')
  .transform(Number);

/** A place as HQ enters it and a store reports it: GCJ-02 longitude and latitude in degrees. */
export const StoreLocation = z.object({ lng: Longitude, lat: Latitude }).strict();
export type StoreLocation = z.infer<typeof StoreLocation>;

/** A member's position, rounded to POSITION_DECIMALS before the server uses it. */
export const MemberPosition = z
  .object({ lng: Longitude, lat: Latitude })
  .strict()
  .transform((p) => ({ lng: roundTo(p.lng, POSITION_DECIMALS), lat: roundTo(p.lat, POSITION_DECIMALS) }));
export type MemberPosition = z.output<typeof MemberPosition>;

export const STORE_STATUSES = ['active', 'retired'] as const;
export type StoreStatus = (typeof STORE_STATUSES)[number];

/** scheduled: not started; running: claimable now; finished: past its end; ended: HQ ended it early. */
export const GEO_OFFER_STATUSES = ['scheduled', 'running', 'finished', 'ended'] as const;
export type GeoOfferStatus = (typeof GEO_OFFER_STATUSES)[number];

export const GeoOfferView = z.object({
  id: z.string(),
  storeCode: z.string(),
  templateId: z.string(),
  couponName: z.string(),
  benefit: CouponBenefit,
  radiusMetres: z.number().int(),
  /** A member gets the offer at most once per this many days (windows counted from the start). */
  capDays: z.number().int(),
  /** First and last day, Beijing calendar days; the offer runs from 00:00 of the first to 24:00 of the last. */
  startsOn: z.string(),
  endsOn: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  status: z.enum(GEO_OFFER_STATUSES),
  /** How many times members got it. */
  claims: z.number().int(),
});
export type GeoOfferView = z.infer<typeof GeoOfferView>;

export const StoreView = z.object({
  code: z.string(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  region: z.string(),
  location: z.object({ lng: z.number(), lat: z.number() }),
  openingHours: z.string().optional(),
  /** Retired stores stay for history (purchases name them) but are shown to no member. */
  status: z.enum(STORE_STATUSES),
  updatedAt: z.iso.datetime(),
  /** The store's offers not yet over (running or scheduled), then the latest finished ones. */
  offers: z.array(GeoOfferView),
});
export type StoreView = z.infer<typeof StoreView>;

export const NewStore = z
  .object({
    code: StoreCode,
    name: text('门店名称', STORE_NAME_MAX),
    address: text('地址', STORE_ADDRESS_MAX),
    city: text('城市', STORE_PLACE_MAX),
    region: text('大区', STORE_PLACE_MAX),
    location: StoreLocation,
    openingHours: text('营业时间', STORE_HOURS_MAX).optional(),
  })
  .strict();
export type NewStore = z.input<typeof NewStore>;

/** What HQ changes of a store; `openingHours: null` removes the hours. */
export const StoreChanges = z
  .object({
    name: text('门店名称', STORE_NAME_MAX).optional(),
    address: text('地址', STORE_ADDRESS_MAX).optional(),
    city: text('城市', STORE_PLACE_MAX).optional(),
    region: text('大区', STORE_PLACE_MAX).optional(),
    location: StoreLocation.optional(),
    openingHours: text('营业时间', STORE_HOURS_MAX).nullable().optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: '请至少修改一项' });
export type StoreChanges = z.input<typeof StoreChanges>;

export const StoreParams = z.object({ code: StoreCode }).strict();
const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'an id');
export const GeoOfferParams = z.object({ offerId: objectId }).strict();

export const NewGeoOffer = z
  .object({
    /** An active coupon template HQ made, not one paid for with points. */
    templateId: objectId,
    radiusMetres: z
      .number()
      .int('半径必须是整数米')
      .min(GEO_OFFER_LIMITS.radiusMin, `半径至少 ${GEO_OFFER_LIMITS.radiusMin} 米`)
      .max(GEO_OFFER_LIMITS.radiusMax, `半径最多 ${GEO_OFFER_LIMITS.radiusMax} 米`),
    capDays: z
      .number()
      .int('频次必须是整数天')
      .min(GEO_OFFER_LIMITS.capDaysMin, `每位会员至少间隔 ${GEO_OFFER_LIMITS.capDaysMin} 天`)
      .max(GEO_OFFER_LIMITS.capDaysMax, `每位会员最多间隔 ${GEO_OFFER_LIMITS.capDaysMax} 天`),
    startsOn: calendarDay,
    endsOn: calendarDay,
  })
  .strict()
  .refine((o) => o.endsOn >= o.startsOn, { message: '结束日期不能早于开始日期', path: ['endsOn'] });
export type NewGeoOffer = z.input<typeof NewGeoOffer>;

export const StoreList = z.object({ stores: z.array(StoreView) });

export const listStores = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/stores',
  summary: 'The store directory (active and retired, by code) with each store’s geo offers',
  tag: 'hq',
  auth: 'hq',
  response: StoreList,
});

export const createStore = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/stores',
  summary: 'HQ adds a store with its GCJ-02 position (a code already in the directory is refused with CONFLICT)',
  tag: 'hq',
  auth: 'hq',
  body: NewStore,
  successStatus: 201,
  response: StoreView,
});

export const updateStore = defineEndpoint({
  method: 'PATCH',
  path: '/api/v1/hq/stores/:code',
  summary: 'HQ changes a store’s name, address, city, region, position or opening hours',
  tag: 'hq',
  auth: 'hq',
  params: StoreParams,
  body: StoreChanges,
  response: StoreView,
});

export const retireStore = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/stores/:code/retire',
  summary: 'HQ retires a store: members no longer see it nor its offers (purchases keep its code)',
  tag: 'hq',
  auth: 'hq',
  params: StoreParams,
  successStatus: 200,
  response: StoreView,
});

export const reactivateStore = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/stores/:code/reactivate',
  summary: 'HQ brings a retired store back',
  tag: 'hq',
  auth: 'hq',
  params: StoreParams,
  successStatus: 200,
  response: StoreView,
});

export const createGeoOffer = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/stores/:code/geo-offers',
  summary:
    'HQ attaches a coupon offer to a store: radius, frequency cap, first and last Beijing day (an overlapping offer of the store is refused with GEO_OFFER_OVERLAP)',
  tag: 'hq',
  auth: 'hq',
  params: StoreParams,
  body: NewGeoOffer,
  successStatus: 201,
  response: GeoOfferView,
});

export const endGeoOffer = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/geo-offers/:offerId/end',
  summary: 'HQ ends an offer now (coupons already claimed stay valid)',
  tag: 'hq',
  auth: 'hq',
  params: GeoOfferParams,
  successStatus: 200,
  response: GeoOfferView,
});

/** Where the member stands with a store's offer. */
export const GEO_OFFER_CLAIM_STATES = [
  /** Inside the radius, with marketing consent, not yet taken in this window: may claim now. */
  'claimable',
  /** Already taken in this window: `nextClaimAt` says when it opens again (absent when not within the offer). */
  'claimed',
  /** Farther than the radius. */
  'too-far',
  /** No position was given (location refused): come near the store and share the position. */
  'needs-location',
  /** The member has not agreed to marketing: offers are marketing. */
  'needs-consent',
] as const;
export type GeoOfferClaimState = (typeof GEO_OFFER_CLAIM_STATES)[number];

export const NearbyOffer = z.object({
  id: z.string(),
  couponName: z.string(),
  benefit: CouponBenefit,
  radiusMetres: z.number().int(),
  capDays: z.number().int(),
  endsAt: z.iso.datetime(),
  state: z.enum(GEO_OFFER_CLAIM_STATES),
  nextClaimAt: z.iso.datetime().optional(),
});
export type NearbyOffer = z.infer<typeof NearbyOffer>;

export const NearbyStore = z.object({
  code: z.string(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  openingHours: z.string().optional(),
  /** Metres from the member's position along the earth's surface; absent without a position. */
  distanceMetres: z.number().int().optional(),
  offer: NearbyOffer.optional(),
});
export type NearbyStore = z.infer<typeof NearbyStore>;

export const NearbyQuery = z
  .object({ lng: degreeText.pipe(Longitude).optional(), lat: degreeText.pipe(Latitude).optional() })
  .strict()
  .refine((q) => (q.lng === undefined) === (q.lat === undefined), { message: '经度和纬度需要同时提供', path: ['lat'] });
export type NearbyQuery = z.input<typeof NearbyQuery>;

export const NearbyStores = z.object({
  /** Nearest first with a position; by city and code without one. */
  stores: z.array(NearbyStore),
  located: z.boolean(),
});
export type NearbyStores = z.infer<typeof NearbyStores>;

export const nearbyStores = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/stores/nearby',
  summary:
    'The nearest active stores to the member’s position (GCJ-02 lng/lat, rounded, not stored), with their distance and current offer; without a position, the stores by city',
  tag: 'stores',
  auth: 'member',
  query: NearbyQuery,
  rateLimit: { limit: 60, windowSeconds: 60 },
  response: NearbyStores,
});

export const GeoOfferClaim = z.object({ position: MemberPosition }).strict();
export type GeoOfferClaim = z.input<typeof GeoOfferClaim>;

export const GeoOfferClaimResult = z.object({
  offerId: z.string(),
  storeCode: z.string(),
  couponName: z.string(),
  distanceMetres: z.number().int(),
  claimedAt: z.iso.datetime(),
  /** When the member may get it again (the next cap window), or absent when the offer is over by then. */
  nextClaimAt: z.iso.datetime().optional(),
});
export type GeoOfferClaimResult = z.infer<typeof GeoOfferClaimResult>;

export const claimGeoOffer = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/geo-offers/:offerId/claim',
  summary:
    'The member claims a store’s offer from where they stand (send an Idempotency-Key header): inside the radius, with marketing consent, once per cap window',
  tag: 'stores',
  auth: 'member',
  params: GeoOfferParams,
  body: GeoOfferClaim,
  successStatus: 200,
  rateLimit: { limit: 20, windowSeconds: 60 },
  response: GeoOfferClaimResult,
});
