import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { claimGeoOffer, nearbyStores, type NearbyOffer, type NearbyStore } from '@memberloop/shared';
import { useAction } from '../../hooks/use-action';
import { distanceText } from '../../services/distance-text';
import { positionIfAllowed } from '../../services/member-position';
import { callAsMember } from '../../services/session';
import { NEARBY_OFFER_TEXT as TEXT, nearbyOfferText } from './home-text';

interface Found {
  store: NearbyStore & { offer: NearbyOffer; distanceMetres: number };
  position: { lng: number; lat: number };
}

/** The nearest store whose offer the member may claim where they stand, asking nothing; undefined otherwise. */
function claimableNearby(): Promise<Found | undefined> {
  return positionIfAllowed().then(
    (position) =>
      position &&
      callAsMember(nearbyStores, { query: { lng: String(position.lng), lat: String(position.lat) } }).then(({ stores }) => {
        const store = stores.find((s) => s.offer?.state === 'claimable' && s.distanceMetres !== undefined);
        return store && { store: store as Found['store'], position };
      }),
  );
}

/**
 * A store's offer near the member, on the member card: only when the member already allowed the position (nothing
 * is asked here; 我的 → 附近门店 asks, with its reason), looked up after the card loaded and again whenever it
 * reloads (`loaded` changes). 领取 claims it where the member stands; a tap on the words opens 附近门店. Promise
 * chains, not async functions: the main package pays for the weapp build's async transform.
 */
export function NearbyOfferBanner({ loaded }: { loaded: unknown }) {
  const [found, setFound] = useState<Found>();
  const [claimed, setClaimed] = useState(false);
  const { busy, run } = useAction();

  useEffect(() => {
    let live = true;
    claimableNearby()
      .catch(() => undefined)
      .then((next) => {
        if (live) {
          setFound(next);
          setClaimed(false);
        }
      });
    return () => {
      live = false;
    };
  }, [loaded]);

  if (!found) return null;
  const { store, position } = found;

  const claim = () =>
    run(
      (key) =>
        callAsMember(claimGeoOffer, {
          params: { offerId: store.offer.id },
          body: { position },
          headers: { 'idempotency-key': key },
        }),
      store.offer.id,
    ).then((done) => done && setClaimed(true));

  return (
    <View className='home__nearby' data-testid='home-nearby-offer'>
      <Text className='home__nearby-text' onClick={() => void Taro.navigateTo({ url: TEXT.url })}>
        {nearbyOfferText(store.name, store.offer.couponName, distanceText(store.distanceMetres))}
      </Text>
      {claimed ? (
        <Text className='home__nearby-done' data-testid='home-nearby-claimed'>
          {TEXT.claimed}
        </Text>
      ) : (
        <Button
          className='primary-button home__nearby-claim'
          data-testid='home-nearby-claim'
          disabled={busy || undefined}
          onClick={() => void claim()}
        >
          {TEXT.claim}
        </Button>
      )}
    </View>
  );
}
