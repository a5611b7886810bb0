import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  claimCoupon,
  exchangeCoupon,
  getMemberHome,
  getWallet,
  issueCouponToken,
  listClaimableCoupons,
  type CouponTemplateView,
  type CouponView,
} from '@memberloop/shared';
import { QrCode } from '../../components/QrCode';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { usePolling } from '../../hooks/use-polling';
import { useRemote } from '../../hooks/use-remote';
import { useRotatingCode } from '../../hooks/use-rotating-code';
import { appliesToText, claimLabel, couponFace } from '../../services/coupon-text';
import { lastDayText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import {
  COUPON_TABS,
  COUPONS_TEXT as TEXT,
  exchangedText,
  exchangeQuestion,
  qrHintText,
  spendableText,
  stockText,
  validToText,
} from './coupons-text';
import './index.css';

type Tab = CouponView['status'];

/** While a coupon's QR code is up, look this often whether the till has taken it. */
const USED_POLL_MS = 4_000;

/** The coupon's QR code for the till: a fresh signed token, renewed before it expires, while it is on screen. */
function CouponQr({ coupon, onClose }: { coupon: CouponView; onClose: () => void }) {
  const { code } = useRotatingCode(() => callAsMember(issueCouponToken, { params: { couponId: coupon.id } }));
  const face = couponFace(coupon.benefit);
  return (
    <View className='coupon-qr' data-testid='coupon-qr'>
      <Text className='coupon-qr__name'>{coupon.name}</Text>
      <Text className='coupon-qr__value'>
        {face.value} · {face.condition}
      </Text>
      {code.kind === 'ready' ? (
        <>
          <QrCode text={code.token} />
          <Text className='coupon-qr__hint'>{qrHintText(code.refreshInSeconds)}</Text>
          {code.problem && <Text className='coupon-qr__status'>{code.problem}</Text>}
        </>
      ) : (
        <Text className='coupon-qr__status'>{code.kind === 'failed' ? code.message : TEXT.qrLoading}</Text>
      )}
      <Button size='mini' onClick={onClose}>
        {TEXT.qrClose}
      </Button>
    </View>
  );
}

/** The wallet (available, used, expired), the claim centre, and a coupon's QR code for the till. */
export default function CouponsPage() {
  const [tab, setTab] = useState<Tab>('available');
  const [showing, setShowing] = useState<CouponView>();
  const [claiming, setClaiming] = useState<string>();
  const { busy, run } = useAction();
  const { state, reload } = useRemote(async () => {
    const [{ coupons }, { templates }, home] = await Promise.all([
      callAsMember(getWallet, { query: { status: tab } }),
      callAsMember(listClaimableCoupons),
      callAsMember(getMemberHome),
    ]);
    return { coupons, templates, spendable: home.points.spendable };
  });

  useEffect(() => {
    setShowing(undefined);
    void reload();
  }, [tab, reload]);

  // The till scans the code on the member's phone: while it is up, look for the coupon being used, then put the
  // code away and say so.
  usePolling(reload, USED_POLL_MS, showing !== undefined);
  useEffect(() => {
    if (!showing || state.kind !== 'ready') return;
    if (state.data.coupons.some((coupon) => coupon.id === showing.id)) return;
    setShowing(undefined);
    void Taro.showToast({ title: TEXT.usedAtTill, icon: 'success' });
  }, [state, showing]);

  /** Claims a free coupon, or exchanges points for one after the member confirms the price; once per tap. */
  const claim = async (template: CouponTemplateView) => {
    if (busy) return;
    const { pointsPrice } = template;
    if (pointsPrice) {
      const answer = await Taro.showModal({ title: TEXT.exchangeTitle, content: exchangeQuestion(pointsPrice, template.name) });
      if (!answer.confirm) return;
    }
    setClaiming(template.id);
    const options = (key: string) => ({ params: { templateId: template.id }, headers: { 'idempotency-key': key } });
    const done = pointsPrice
      ? await run((key) => callAsMember(exchangeCoupon, options(key)), template.id, {
          success: (exchanged) => exchangedText(exchanged.pointsSpent),
        })
      : await run((key) => callAsMember(claimCoupon, options(key)), template.id, { success: TEXT.claimed });
    setClaiming(undefined);
    if (done !== undefined) await reload();
  };

  return (
    <View className='page coupons'>
      <View className='coupons__tabs'>
        {COUPON_TABS.map((t) => (
          <Text key={t} className={`coupons__tab ${t === tab ? 'coupons__tab--active' : ''}`} onClick={() => setTab(t)}>
            {TEXT.tabs[t]}
          </Text>
        ))}
      </View>
      <Screen state={state} onRetry={() => void reload()}>
        {({ coupons, templates, spendable }) => (
          <>
            {showing && <CouponQr coupon={showing} onClose={() => setShowing(undefined)} />}
            <Section title={TEXT.walletTitle}>
              {coupons.length === 0 && <Empty text={tab === 'available' ? TEXT.walletEmptyAvailable : TEXT.walletEmpty} />}
              {coupons.map((coupon) => {
                const face = couponFace(coupon.benefit);
                return (
                  <View
                    key={coupon.id}
                    className={`coupon ${coupon.status !== 'available' ? 'coupon--inactive' : ''}`}
                    data-testid='coupon'
                    onClick={() => coupon.status === 'available' && setShowing(coupon)}
                  >
                    <View className='coupon__value'>
                      <Text className='coupon__figure'>{face.value}</Text>
                      <Text className='coupon__condition'>{face.condition}</Text>
                    </View>
                    <View className='coupon__text'>
                      <Text className='coupon__name'>{coupon.name}</Text>
                      {coupon.appliesTo && <Text className='coupon__dates'>{appliesToText(coupon.appliesTo)}</Text>}
                      <Text className='coupon__dates'>{validToText(lastDayText(coupon.validTo))}</Text>
                    </View>
                    <Text className='coupon__action'>{TEXT.action[coupon.status]}</Text>
                  </View>
                );
              })}
            </Section>
            {tab === 'available' && (
              <Section
                title={TEXT.claimTitle}
                extra={
                  templates.some((t) => t.pointsPrice) ? (
                    <Text className='coupons__spendable'>{spendableText(spendable)}</Text>
                  ) : undefined
                }
              >
                {templates.length === 0 && <Empty text={TEXT.claimEmpty} />}
                {templates.map((template) => {
                  const face = couponFace(template.benefit);
                  const done = template.remainingForMe === 0;
                  return (
                    <View key={template.id} className='coupon' data-testid='claimable'>
                      <View className='coupon__value'>
                        <Text className='coupon__figure'>{face.value}</Text>
                        <Text className='coupon__condition'>{face.condition}</Text>
                      </View>
                      <View className='coupon__text'>
                        <Text className='coupon__name'>{template.name}</Text>
                        {template.appliesTo && <Text className='coupon__dates'>{appliesToText(template.appliesTo)}</Text>}
                        <Text className='coupon__dates'>{stockText(template.remainingStock)}</Text>
                      </View>
                      <Button
                        size='mini'
                        className='primary-button'
                        disabled={done || busy || undefined}
                        loading={claiming === template.id || undefined}
                        onClick={() => void claim(template)}
                      >
                        {claimLabel(template)}
                      </Button>
                    </View>
                  );
                })}
              </Section>
            )}
          </>
        )}
      </Screen>
    </View>
  );
}
