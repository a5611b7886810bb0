import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  brandDay,
  createGeoOffer,
  createStore,
  endGeoOffer,
  listHqCouponTemplates,
  listStores,
  reactivateStore,
  retireStore,
  updateStore,
  type GeoOfferView,
  type HqCouponTemplateView,
  type StoreView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { brandTimeZone } from '../../services/brand-time-zone';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import {
  checkNewOffer,
  checkNewStore,
  checkStoreChanges,
  draftOfStore,
  emptyOfferDraft,
  EMPTY_STORE,
  type OfferDraft,
  type StoreDraft,
  type StoreField,
} from './stores-form';
import { HQ_STORES_REFUSALS, HQ_STORES_TEXT as T } from './stores-text';
import './hq.css';
import './stores.css';

const STORE_FIELDS: StoreField[] = ['code', 'name', 'address', 'city', 'region', 'lng', 'lat', 'openingHours'];

/** The active free coupons an offer may give (a coupon paid for with points is not an offer). */
const offerable = (templates: HqCouponTemplateView[]) => templates.filter((t) => t.status === 'active' && !t.pointsPrice);

function OfferRow(props: { offer: GeoOfferView; onEnd: () => void }) {
  const { offer } = props;
  const open = offer.status === 'running' || offer.status === 'scheduled';
  return (
    <View className='hq-row' data-testid='store-offer' data-status={offer.status}>
      <View className='hq-row__body'>
        <View className='hq-row__line'>
          <Text className='hq-row__title'>{offer.couponName}</Text>
          <Text className={`tag${open ? '' : ' hq-tag--off'}`}>{T.status[offer.status]}</Text>
        </View>
        <Text className='hq-row__meta'>
          {T.offerLine(offer.radiusMetres, offer.capDays)} · {T.offerDays(offer.startsAt, offer.endsAt)} ·{' '}
          {T.claims(offer.claims)}
        </Text>
      </View>
      {open && (
        <View className='hq-row__actions'>
          <Text className='hq-link hq-link--danger' data-testid='store-offer-end' onClick={props.onEnd}>
            {T.endOffer}
          </Text>
        </View>
      )}
    </View>
  );
}

/** HQ's store directory (GCJ-02 positions) and the offers members near a store may claim. */
export default function HqStoresPage() {
  const { state, reload } = useRemote(async () => {
    const [stores, templates] = await Promise.all([callAsMember(listStores), callAsMember(listHqCouponTemplates, { query: {} })]);
    return { stores: stores.stores, templates: offerable(templates.templates) };
  });
  const [editing, setEditing] = useState<StoreView | undefined>();
  const [draft, setDraft] = useState<StoreDraft>(EMPTY_STORE);
  const [touched, setTouched] = useState(false);
  const [offerStore, setOfferStore] = useState<StoreView | undefined>();
  const [offerDraft, setOfferDraft] = useState<OfferDraft>(() => emptyOfferDraft(brandDay(new Date(), brandTimeZone())));
  const [offerTouched, setOfferTouched] = useState(false);
  const { busy, run } = useAction();

  const checked = editing ? checkStoreChanges(editing, draft) : checkNewStore(draft);
  const problems: Record<string, string> = touched && checked && !checked.ok ? checked.problems : {};
  const offerCheck = checkNewOffer(offerDraft);
  const offerProblems: Record<string, string> = offerTouched && !offerCheck.ok ? offerCheck.problems : {};

  const act = async (work: () => Promise<unknown>, id: string, done: string) => {
    const ok = await run(
      async () => {
        await work();
        return true;
      },
      id,
      { success: done, refusals: HQ_STORES_REFUSALS },
    );
    if (ok) await reload();
    return ok === true;
  };

  const save = async () => {
    setTouched(true);
    if (!checked || !checked.ok || busy) return;
    const ok = editing
      ? await act(
          () => callAsMember(updateStore, { params: { code: editing.code }, body: checked.value }),
          `edit:${editing.code}`,
          T.saved,
        )
      : await act(() => callAsMember(createStore, { body: checked.value as never }), `new:${draft.code}`, T.added);
    if (ok) {
      setEditing(undefined);
      setDraft(EMPTY_STORE);
      setTouched(false);
    }
  };

  const toggle = async (store: StoreView) => {
    if (store.status === 'active') {
      const answer = await Taro.showModal({ title: T.retire, content: T.retireQuestion(store.name) });
      if (!answer.confirm) return;
      await act(() => callAsMember(retireStore, { params: { code: store.code } }), `retire:${store.code}`, T.retiredToast);
    } else {
      await act(() => callAsMember(reactivateStore, { params: { code: store.code } }), `back:${store.code}`, T.reactivatedToast);
    }
  };

  const saveOffer = async () => {
    setOfferTouched(true);
    if (!offerStore || !offerCheck.ok || busy) return;
    const ok = await act(
      () => callAsMember(createGeoOffer, { params: { code: offerStore.code }, body: offerCheck.value }),
      `offer:${offerStore.code}`,
      T.offerAdded,
    );
    if (ok) {
      setOfferStore(undefined);
      setOfferTouched(false);
    }
  };

  const endOffer = async (offer: GeoOfferView) => {
    const answer = await Taro.showModal({ title: T.endOffer, content: T.endQuestion });
    if (!answer.confirm) return;
    await act(() => callAsMember(endGeoOffer, { params: { offerId: offer.id } }), `end:${offer.id}`, T.ended);
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <Screen state={state} onRetry={reload}>
          {({ stores, templates }) => (
            <View className='hq-columns'>
              <View>
                <Section
                  title={editing ? T.formEdit(editing.code) : T.formNew}
                  extra={
                    editing && (
                      <Text
                        className='hq-link'
                        onClick={() => {
                          setEditing(undefined);
                          setDraft(EMPTY_STORE);
                        }}
                      >
                        {T.cancelEdit}
                      </Text>
                    )
                  }
                >
                  {STORE_FIELDS.filter((f) => !(editing && f === 'code')).map((field) => (
                    <View key={field}>
                      <View className='form-row'>
                        <Text className='form-row__label'>{T.fields[field].label}</Text>
                        <Input
                          className='form-row__input'
                          data-testid={`store-${field}`}
                          type={field === 'lng' || field === 'lat' ? 'digit' : 'text'}
                          placeholder={T.fields[field].placeholder}
                          value={draft[field]}
                          onInput={(event) => setDraft((d) => ({ ...d, [field]: event.detail.value }))}
                        />
                      </View>
                      {problems[field] && <Text className='hq-problem'>{problems[field]}</Text>}
                    </View>
                  ))}
                  <Text className='form-hint'>{T.coordinatesHint}</Text>
                  <Button
                    className='primary-button'
                    data-testid='store-save'
                    disabled={busy || (editing !== undefined && checked === null) || undefined}
                    loading={busy || undefined}
                    onClick={() => void save()}
                  >
                    {busy ? T.saving : T.save}
                  </Button>
                </Section>
                {offerStore && (
                  <Section
                    title={T.offerFor(offerStore.name)}
                    extra={
                      <Text className='hq-link' onClick={() => setOfferStore(undefined)}>
                        {T.cancelEdit}
                      </Text>
                    }
                  >
                    {templates.length === 0 ? (
                      <Text className='form-hint'>{T.noCoupons}</Text>
                    ) : (
                      <View className='form-row'>
                        <Text className='form-row__label'>{T.coupon}</Text>
                        <Picker
                          mode='selector'
                          range={templates.map((t) => t.name)}
                          onChange={(e) => setOfferDraft((d) => ({ ...d, templateId: templates[Number(e.detail.value)].id }))}
                        >
                          <Text className='form-row__pick' data-testid='offer-coupon'>
                            {templates.find((t) => t.id === offerDraft.templateId)?.name ?? T.pickCoupon}
                          </Text>
                        </Picker>
                      </View>
                    )}
                    {offerProblems.templateId && <Text className='hq-problem'>{offerProblems.templateId}</Text>}
                    <View className='form-row'>
                      <Text className='form-row__label'>{T.radius}</Text>
                      <Input
                        className='form-row__input'
                        data-testid='offer-radius'
                        type='number'
                        value={offerDraft.radius}
                        onInput={(e) => setOfferDraft((d) => ({ ...d, radius: e.detail.value }))}
                      />
                    </View>
                    <Text className='form-hint'>{T.radiusHint}</Text>
                    {offerProblems.radiusMetres && <Text className='hq-problem'>{offerProblems.radiusMetres}</Text>}
                    <View className='form-row'>
                      <Text className='form-row__label'>{T.capDays}</Text>
                      <Input
                        className='form-row__input'
                        data-testid='offer-cap'
                        type='number'
                        value={offerDraft.capDays}
                        onInput={(e) => setOfferDraft((d) => ({ ...d, capDays: e.detail.value }))}
                      />
                    </View>
                    <Text className='form-hint'>{T.capHint}</Text>
                    {offerProblems.capDays && <Text className='hq-problem'>{offerProblems.capDays}</Text>}
                    <View className='form-row'>
                      <Text className='form-row__label'>{T.dates}</Text>
                      <Picker
                        mode='date'
                        value={offerDraft.startsOn}
                        onChange={(e) => setOfferDraft((d) => ({ ...d, startsOn: e.detail.value }))}
                      >
                        <Text className='form-row__pick'>{offerDraft.startsOn}</Text>
                      </Picker>
                      <Text className='form-hint'>{T.to}</Text>
                      <Picker
                        mode='date'
                        value={offerDraft.endsOn}
                        start={offerDraft.startsOn}
                        onChange={(e) => setOfferDraft((d) => ({ ...d, endsOn: e.detail.value }))}
                      >
                        <Text className='form-row__pick'>{offerDraft.endsOn}</Text>
                      </Picker>
                    </View>
                    <Text className='form-hint'>{T.datesHint}</Text>
                    {(offerProblems.startsOn || offerProblems.endsOn) && (
                      <Text className='hq-problem'>{offerProblems.startsOn ?? offerProblems.endsOn}</Text>
                    )}
                    <Button
                      className='primary-button'
                      data-testid='offer-save'
                      disabled={busy || undefined}
                      loading={busy || undefined}
                      onClick={() => void saveOffer()}
                    >
                      {T.createOffer}
                    </Button>
                  </Section>
                )}
              </View>
              <Section title={T.listTitle(stores.length)}>
                {stores.length === 0 && <Empty text={T.none} />}
                {stores.map((store) => (
                  <View key={store.code} className='hq-store' data-testid='store-row' data-code={store.code}>
                    <View className='hq-row'>
                      <View className='hq-row__body'>
                        <View className='hq-row__line'>
                          <Text className='hq-row__title'>{store.name}</Text>
                          {store.status === 'retired' && <Text className='tag hq-tag--off'>{T.retired}</Text>}
                        </View>
                        <Text className='hq-row__meta'>
                          {store.code} · {store.region} · {store.city} · {store.address}
                        </Text>
                        <Text className='hq-row__meta'>
                          {T.coordinates(store.location.lng, store.location.lat)}
                          {store.openingHours ? ` · ${store.openingHours}` : ''}
                        </Text>
                      </View>
                      <View className='hq-row__actions'>
                        <Text
                          className='hq-link'
                          data-testid='store-edit'
                          onClick={() => {
                            setEditing(store);
                            setDraft(draftOfStore(store));
                            setTouched(false);
                            void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
                          }}
                        >
                          {T.edit}
                        </Text>
                        <Text
                          className={`hq-link${store.status === 'active' ? ' hq-link--danger' : ''}`}
                          data-testid='store-toggle'
                          onClick={() => void toggle(store)}
                        >
                          {store.status === 'active' ? T.retire : T.reactivate}
                        </Text>
                        {store.status === 'active' && (
                          <Text
                            className='hq-link'
                            data-testid='store-add-offer'
                            onClick={() => {
                              setOfferStore(store);
                              setOfferTouched(false);
                              void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
                            }}
                          >
                            {T.addOffer}
                          </Text>
                        )}
                      </View>
                    </View>
                    {store.offers.map((offer) => (
                      <OfferRow key={offer.id} offer={offer} onEnd={() => void endOffer(offer)} />
                    ))}
                  </View>
                ))}
              </Section>
            </View>
          )}
        </Screen>
      </HqOnly>
    </View>
  );
}
