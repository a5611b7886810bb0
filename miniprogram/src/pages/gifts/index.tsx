import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { getMemberHome, listGifts, redeemGift, type GiftView } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { messageOf } from '../../services/api-client';
import { IdempotencyKeys } from '../../services/idempotency-keys';
import { callAsMember } from '../../services/session';
import './index.css';

interface GiftsData {
  gifts: GiftView[];
  spendable: number;
}

/** The redemption catalogue: what the member can afford, stock, their own limit, and redeeming (once per tap). */
export default function GiftsPage() {
  const { state, reload } = useRemote<GiftsData>(async () => {
    const [{ gifts }, home] = await Promise.all([callAsMember(listGifts), callAsMember(getMemberHome)]);
    return { gifts, spendable: home.points.spendable };
  });
  const [busy, setBusy] = useState<string>();
  // A retry after a lost reply redeems once.
  const keys = useRef(new IdempotencyKeys());

  const redeem = async (gift: GiftView) => {
    const confirmed = await Taro.showModal({ title: '确认兑换', content: `使用 ${gift.pointsCost} 积分兑换「${gift.name}」？` });
    if (!confirmed.confirm) return;
    const key = keys.current.for(gift.id);
    setBusy(gift.id);
    try {
      const result = await callAsMember(redeemGift, { params: { giftId: gift.id }, headers: { 'idempotency-key': key } });
      keys.current.settle(gift.id);
      await Taro.showToast({ title: `兑换成功，剩余 ${result.balance} 积分`, icon: 'none' });
      await reload();
    } catch (error) {
      keys.current.settle(gift.id, error);
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <View className='page gifts'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ gifts, spendable }) => (
          <Section title='积分好礼' extra={<Text className='gifts__spendable'>可用 {spendable} 积分</Text>}>
            {gifts.length === 0 && <Empty text='好礼正在上架中，敬请期待' />}
            {gifts.map((gift) => {
              const soldOut = gift.stock <= 0;
              const limitReached = gift.remainingForMe === 0;
              const short = gift.pointsCost > spendable;
              const label = soldOut ? '已兑完' : limitReached ? '已达上限' : short ? '积分不足' : '立即兑换';
              return (
                <View key={gift.id} className='gifts__item' data-testid='gift'>
                  <View className='gifts__text'>
                    <Text className='gifts__name'>{gift.name}</Text>
                    {gift.description && <Text className='gifts__description'>{gift.description}</Text>}
                    <Text className='gifts__meta'>
                      剩余 {gift.stock} 件 · 每人限 {gift.perMemberLimit} 件
                    </Text>
                  </View>
                  <View className='gifts__action'>
                    <Text className='gifts__cost'>{gift.pointsCost} 积分</Text>
                    <Button
                      size='mini'
                      className='primary-button'
                      disabled={soldOut || limitReached || short || busy === gift.id || undefined}
                      onClick={() => void redeem(gift)}
                    >
                      {label}
                    </Button>
                  </View>
                </View>
              );
            })}
          </Section>
        )}
      </Screen>
    </View>
  );
}
