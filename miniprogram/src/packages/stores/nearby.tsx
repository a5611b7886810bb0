import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { claimGeoOffer, nearbyStores, type NearbyOffer, type NearbyStore } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { couponFace } from '../../services/coupon-text';
import { callAsMember } from '../../services/session';
import { CAN_OPEN_SETTINGS, locateMember, openLocationSettings, type Located } from './member-position';
import { CLAIM_REFUSALS, distanceText, OFFER_STATE_TEXT, STORES_TEXT as T } from './stores-text';
import './stores.css';

/** Where the page is with the member's position: not asked yet (the reason shows), asking, or an answer. */
type Asking = { kind: 'not-asked' } | { kind: 'asking' } | Located;

function Offer(props: { offer: NearbyOffer; busy: boolean; onClaim: () => void }) {
  const { offer } = props;
  const face = couponFace(offer.benefit);
  return (
    <View className='nearby-offer' data-testid='nearby-offer' data-state={offer.state}>
      <View className='nearby-offer__face'>
        <Text className='nearby-offer__value'>{face.value}</Text>
        <Text className='nearby-offer__condition'>{face.condition}</Text>
      </View>
      <View className='nearby-offer__body'>
        <Text className='nearby-offer__name'>
          <Text className='nearby-offer__tag'>{T.offerTag}</Text>
          {offer.couponName}
        </Text>
        <Text className='nearby-offer__meta'>
          {T.radius(offer.radiusMetres)} · {T.cap(offer.capDays)} · {T.until(offer.endsAt)}
        </Text>
        {offer.state === 'claimable' ? (
          <Button
            className='primary-button nearby-offer__claim'
            data-testid='nearby-claim'
            disabled={props.busy || undefined}
            loading={props.busy || undefined}
            onClick={props.onClaim}
          >
            {props.busy ? T.claiming : T.claim}
          </Button>
        ) : (
          <Text className='nearby-offer__state' data-testid='nearby-offer-state'>
            {offer.state === 'claimed' && offer.nextClaimAt
              ? `${T.claimed}；${T.again(offer.nextClaimAt)}`
              : OFFER_STATE_TEXT[offer.state]}
          </Text>
        )}
      </View>
    </View>
  );
}

function StoreRow(props: { store: NearbyStore; busy: boolean; onClaim: (offer: NearbyOffer) => void }) {
  const { store } = props;
  return (
    <View className='nearby-store' data-testid='nearby-store' data-code={store.code}>
      <View className='nearby-store__head'>
        <Text className='nearby-store__name'>{store.name}</Text>
        {store.distanceMetres !== undefined && (
          <Text className='nearby-store__distance' data-testid='nearby-distance'>
            {distanceText(store.distanceMetres)}
          </Text>
        )}
      </View>
      <Text className='nearby-store__address'>
        {store.city} · {store.address}
      </Text>
      {store.openingHours && <Text className='nearby-store__hours'>{T.hours(store.openingHours)}</Text>}
      {store.offer && <Offer offer={store.offer} busy={props.busy} onClaim={() => props.onClaim(store.offer!)} />}
    </View>
  );
}

/**
 * Stores near the member, nearest first, with the store's offer to claim when standing near it. The page says why
 * it wants the position before WeChat (or the browser) asks; without it, the stores show by city.
 */
export default function NearbyStoresPage() {
  const [asking, setAsking] = useState<Asking>({ kind: 'not-asked' });
  const position = asking.kind === 'located' ? { lng: asking.lng, lat: asking.lat } : undefined;
  // The loader reads the latest position, also when reloaded right after it was found.
  const located = useRef(position);
  located.current = position;
  const { state, reload } = useRemote(() => {
    const at = located.current;
    return callAsMember(nearbyStores, { query: at ? { lng: String(at.lng), lat: String(at.lat) } : {} });
  });
  const { busy, run } = useAction();

  const locate = async () => {
    setAsking({ kind: 'asking' });
    const found = await locateMember();
    located.current = found.kind === 'located' ? { lng: found.lng, lat: found.lat } : undefined;
    setAsking(found);
    await reload();
  };

  const fromSettings = async () => {
    if (await openLocationSettings()) await locate();
  };

  const claim = async (offer: NearbyOffer) => {
    if (!position) return;
    const done = await run(
      (key) =>
        callAsMember(claimGeoOffer, {
          params: { offerId: offer.id },
          body: { position },
          headers: { 'idempotency-key': key },
        }),
      offer.id,
      { success: (result) => T.success(result.couponName), refusals: CLAIM_REFUSALS },
    );
    // Claimed or refused, the offer's state on screen is the server's.
    void reload();
    if (done) void Taro.navigateTo({ url: '/packages/coupons/index' }).catch(() => undefined);
  };

  return (
    <View className='page nearby'>
      {(asking.kind === 'not-asked' || asking.kind === 'asking') && (
        <View className='nearby-why' data-testid='nearby-why'>
          <Text className='nearby-why__title'>{T.whyTitle}</Text>
          <Text className='nearby-why__text'>{T.why}</Text>
          <Button
            className='primary-button'
            data-testid='nearby-allow'
            disabled={asking.kind === 'asking' || undefined}
            onClick={() => void locate()}
          >
            {asking.kind === 'asking' ? T.locating : T.allow}
          </Button>
          <Text className='nearby-why__skip' data-testid='nearby-skip' onClick={() => setAsking({ kind: 'refused' })}>
            {T.skip}
          </Text>
        </View>
      )}
      {(asking.kind === 'refused' || asking.kind === 'unavailable') && (
        <View className='nearby-notice' data-testid='nearby-refused'>
          <Text>{asking.kind === 'refused' ? T.refused : T.unavailable}</Text>
          {asking.kind === 'refused' && CAN_OPEN_SETTINGS ? (
            <Text className='nearby-notice__action' onClick={() => void fromSettings()}>
              {T.openSettings}
            </Text>
          ) : (
            <Text className='nearby-notice__action' data-testid='nearby-retry' onClick={() => void locate()}>
              {T.retry}
            </Text>
          )}
        </View>
      )}
      <Screen state={state} onRetry={reload}>
        {({ stores, located }) => (
          <Section title={located ? T.listTitle : T.allTitle}>
            {stores.length === 0 && <Empty text={T.none} />}
            {stores.map((store) => (
              <StoreRow key={store.code} store={store} busy={busy} onClaim={(offer) => void claim(offer)} />
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
