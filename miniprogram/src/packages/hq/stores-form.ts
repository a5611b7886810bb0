import { Latitude, Longitude, NewGeoOffer, NewStore, StoreChanges, type StoreView } from '@memberloop/shared';
import { checkContract, type ContractCheck } from '../../services/contract-check';

/** The store form's fields, as typed. */
export interface StoreDraft {
  code: string;
  name: string;
  address: string;
  city: string;
  region: string;
  lng: string;
  lat: string;
  openingHours: string;
}

export type StoreField = keyof StoreDraft;

export const EMPTY_STORE: StoreDraft = {
  code: '',
  name: '',
  address: '',
  city: '',
  region: '',
  lng: '',
  lat: '',
  openingHours: '',
};

export function draftOfStore(store: StoreView): StoreDraft {
  return {
    code: store.code,
    name: store.name,
    address: store.address,
    city: store.city,
    region: store.region,
    lng: String(store.location.lng),
    lat: String(store.location.lat),
    openingHours: store.openingHours ?? '',
  };
}

/** A typed degree as a number; NaN for anything that is not a plain decimal (the contract then names the field). */
function degree(text: string): number {
  return /^\s*-?\d{1,3}(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
}

const FAULTS = {
  code: '门店编码只能包含字母、数字、- 和 _，1 到 16 个字符',
  name: '请填写门店名称，40 字以内',
  address: '请填写地址，120 字以内',
  city: '请填写城市，20 字以内',
  region: '请填写大区，20 字以内',
  location: '请填写门店的经纬度（GCJ-02）',
  openingHours: '营业时间最多 60 个字',
};

const LNG_FAULT = '经度为 -180 到 180 之间的数字（GCJ-02）';
const LAT_FAULT = '纬度为 -90 到 90 之间的数字（GCJ-02）';

/** The form's problems keyed by its own fields: the contract's one `location` problem becomes lng's and lat's. */
function byField<T>(check: ContractCheck<T>, location?: { lng: number; lat: number }): ContractCheck<T> {
  if (check.ok || !location) return check;
  const { location: _whole, ...problems } = check.problems;
  if (!Longitude.safeParse(location.lng).success) problems.lng = LNG_FAULT;
  if (!Latitude.safeParse(location.lat).success) problems.lat = LAT_FAULT;
  return { ...check, problems };
}

/** A new store from the form, checked against the server's contract before it is sent. */
export function checkNewStore(draft: StoreDraft): ContractCheck<NewStore> {
  const location = { lng: degree(draft.lng), lat: degree(draft.lat) };
  return byField(
    checkContract(
      NewStore,
      {
        code: draft.code.trim(),
        name: draft.name,
        address: draft.address,
        city: draft.city,
        region: draft.region,
        location,
        ...(draft.openingHours.trim() ? { openingHours: draft.openingHours } : {}),
      },
      FAULTS,
    ),
    location,
  );
}

/** What the form changes of `store` (only what differs), checked; null when nothing changed. */
export function checkStoreChanges(store: StoreView, draft: StoreDraft): ContractCheck<StoreChanges> | null {
  const lng = degree(draft.lng);
  const lat = degree(draft.lat);
  const hours = draft.openingHours.trim();
  const changes: Record<string, unknown> = {
    ...(draft.name.trim() !== store.name ? { name: draft.name } : {}),
    ...(draft.address.trim() !== store.address ? { address: draft.address } : {}),
    ...(draft.city.trim() !== store.city ? { city: draft.city } : {}),
    ...(draft.region.trim() !== store.region ? { region: draft.region } : {}),
    ...(lng !== store.location.lng || lat !== store.location.lat ? { location: { lng, lat } } : {}),
    ...(hours !== (store.openingHours ?? '') ? { openingHours: hours || null } : {}),
  };
  if (Object.keys(changes).length === 0) return null;
  return byField(checkContract(StoreChanges, changes, FAULTS), { lng, lat });
}

/** The offer form's fields, as typed or picked. */
export interface OfferDraft {
  templateId: string;
  radius: string;
  capDays: string;
  startsOn: string;
  endsOn: string;
}

export function emptyOfferDraft(today: string): OfferDraft {
  return { templateId: '', radius: '500', capDays: '7', startsOn: today, endsOn: today };
}

const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function checkNewOffer(draft: OfferDraft): ContractCheck<NewGeoOffer> {
  return checkContract(
    NewGeoOffer,
    {
      templateId: draft.templateId,
      radiusMetres: whole(draft.radius),
      capDays: whole(draft.capDays),
      startsOn: draft.startsOn,
      endsOn: draft.endsOn,
    },
    {
      templateId: '请选择一张优惠券',
      radiusMetres: '半径为 50 到 5000 米的整数',
      capDays: '领取间隔为 1 到 90 天的整数',
      startsOn: '请选择开始日期',
      endsOn: '结束日期不能早于开始日期',
    },
  );
}
