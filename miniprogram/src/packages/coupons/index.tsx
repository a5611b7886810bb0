import { useEffect, useRef, useState } from 'react';
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
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, messageOf } from '../../services/api-client';
import { appliesToText, claimLabel, couponFace } from '../../services/coupon-text';
import { lastDayText } from '../../services/date-text';
import { IdempotencyKeys } from '../../services/idempotency-keys';
import { callAsMember } from '../../services/session';
import './index.css';

type Tab = CouponView['status'];
const TABS: Array<{ tab: Tab; label: string }> = [
  { tab: 'available', label: '可使用' },
  { tab: 'used', label: '已使用' },
  { tab: 'expired', label: '已过期' },
];

/** Refresh the QR code this long before its token runs out, so the code on screen always scans. */
const REFRESH_EARLY_MS = 10_000;

/** The coupon's QR code for the till: a fresh signed token, renewed before it expires, while it is on screen. */
function CouponQr({ coupon, onClose }: { coupon: CouponView; onClose: () => void }) {
  const [token, setToken] = useState<{ token: string; expiresAt: string }>();
  const [error, setError] = useState<string>();
  const [secondsLeft, setSecondsLeft] = useState(0);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const fetchToken = async () => {
      try {
        const fresh = await callAsMember(issueCouponToken, { params: { couponId: coupon.id } });
        if (stopped) return;
        setToken(fresh);
        setError(undefined);
        timer = setTimeout(() => void fetchToken(), Math.max(5_000, Date.parse(fresh.expiresAt) - Date.now() - REFRESH_EARLY_MS));
      } catch (failure) {
        if (stopped) return;
        setError(messageOf(failure));
        // A used or expired coupon will not come back; a network hiccup might.
        if (!(failure instanceof ApiCallError) || failure.code === 'NETWORK_ERROR')
          timer = setTimeout(() => void fetchToken(), 5_000);
      }
    };
    void fetchToken();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [coupon.id]);

  useEffect(() => {
    if (!token) return undefined;
    const tick = () => setSecondsLeft(Math.max(0, Math.round((Date.parse(token.expiresAt) - Date.now()) / 1000)));
    tick();
    const interval = setInterval(tick, 1000);
    return () => clearInterval(interval);
  }, [token]);

  const face = couponFace(coupon.benefit);
  return (
    <View className='coupon-qr' data-testid='coupon-qr'>
      <Text className='coupon-qr__name'>{coupon.name}</Text>
      <Text className='coupon-qr__value'>
        {face.value} · {face.condition}
      </Text>
      {token ? <QrCode text={token.token} /> : <Text className='coupon-qr__status'>{error ?? '二维码生成中…'}</Text>}
      {token && <Text className='coupon-qr__hint'>请向店员出示，二维码每分钟自动刷新（{secondsLeft} 秒）</Text>}
      {token && error && <Text className='coupon-qr__status'>{error}</Text>}
      <Button size='mini' onClick={onClose}>
        收起
      </Button>
    </View>
  );
}

/** The wallet (available, used, expired), the claim centre, and a coupon's QR code for the till. */
export default function CouponsPage() {
  const [tab, setTab] = useState<Tab>('available');
  const [showing, setShowing] = useState<CouponView>();
  const [claiming, setClaiming] = useState<string>();
  const keys = useRef(new IdempotencyKeys());
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

  /** Claims a free coupon, or exchanges points for one after the member confirms the price. */
  const claim = async (template: CouponTemplateView) => {
    const { pointsPrice } = template;
    if (pointsPrice) {
      const answer = await Taro.showModal({ title: '积分兑换', content: `使用 ${pointsPrice} 积分兑换「${template.name}」？` });
      if (!answer.confirm) return;
    }
    const key = keys.current.for(template.id);
    setClaiming(template.id);
    try {
      const options = { params: { templateId: template.id }, headers: { 'idempotency-key': key } };
      if (pointsPrice) {
        const exchanged = await callAsMember(exchangeCoupon, options);
        keys.current.settle(template.id);
        await Taro.showToast({ title: `兑换成功，使用 ${exchanged.pointsSpent} 积分`, icon: 'none' });
      } else {
        await callAsMember(claimCoupon, options);
        keys.current.settle(template.id);
        await Taro.showToast({ title: '领取成功', icon: 'success' });
      }
      await reload();
    } catch (error) {
      keys.current.settle(template.id, error);
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    } finally {
      setClaiming(undefined);
    }
  };

  return (
    <View className='page coupons'>
      <View className='coupons__tabs'>
        {TABS.map(({ tab: t, label }) => (
          <Text key={t} className={`coupons__tab ${t === tab ? 'coupons__tab--active' : ''}`} onClick={() => setTab(t)}>
            {label}
          </Text>
        ))}
      </View>
      <Screen state={state} onRetry={() => void reload()}>
        {({ coupons, templates, spendable }) => (
          <>
            {showing && <CouponQr coupon={showing} onClose={() => setShowing(undefined)} />}
            <Section title='我的券'>
              {coupons.length === 0 && <Empty text={tab === 'available' ? '暂无可用的优惠券，去下面领一张吧' : '这里还没有券'} />}
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
                      <Text className='coupon__dates'>有效期至 {lastDayText(coupon.validTo)}</Text>
                    </View>
                    <Text className='coupon__action'>
                      {coupon.status === 'available' ? '去使用' : coupon.status === 'used' ? '已使用' : '已过期'}
                    </Text>
                  </View>
                );
              })}
            </Section>
            {tab === 'available' && (
              <Section
                title='领券中心'
                extra={
                  templates.some((t) => t.pointsPrice) ? (
                    <Text className='coupons__spendable'>可用 {spendable} 积分</Text>
                  ) : undefined
                }
              >
                {templates.length === 0 && <Empty text='暂时没有可领的券' />}
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
                        <Text className='coupon__dates'>剩余 {template.remainingStock} 张</Text>
                      </View>
                      <Button
                        size='mini'
                        className='primary-button'
                        disabled={done || claiming === template.id || undefined}
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
