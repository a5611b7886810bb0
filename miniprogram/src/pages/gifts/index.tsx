import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { getMemberHome, listGifts, redeemGift, type GiftView } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { callAsMember } from '../../services/session';
import {
  giftCostText,
  giftStockText,
  GIFTS_TEXT as TEXT,
  redeemedText,
  redeemLabel,
  redeemQuestion,
  spendableText,
} from './gifts-text';
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
  const { busy, run } = useAction();
  const [redeeming, setRedeeming] = useState<string>();

  const redeem = async (gift: GiftView) => {
    if (busy) return;
    const confirmed = await Taro.showModal({ title: TEXT.confirmTitle, content: redeemQuestion(gift.pointsCost, gift.name) });
    if (!confirmed.confirm) return;
    setRedeeming(gift.id);
    // A retry after a lost reply redeems once: the key holds until the server answers.
    const result = await run(
      (key) => callAsMember(redeemGift, { params: { giftId: gift.id }, headers: { 'idempotency-key': key } }),
      gift.id,
      { success: (done) => redeemedText(done.balance) },
    );
    setRedeeming(undefined);
    if (result !== undefined) await reload();
  };

  return (
    <View className='page gifts'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ gifts, spendable }) => (
          <Section title={TEXT.title} extra={<Text className='gifts__spendable'>{spendableText(spendable)}</Text>}>
            {gifts.length === 0 && <Empty text={TEXT.empty} />}
            {gifts.map((gift) => {
              const soldOut = gift.stock <= 0;
              const limitReached = gift.remainingForMe === 0;
              const short = gift.pointsCost > spendable;
              return (
                <View key={gift.id} className='gifts__item' data-testid='gift'>
                  <View className='gifts__text'>
                    <Text className='gifts__name'>{gift.name}</Text>
                    {gift.description && <Text className='gifts__description'>{gift.description}</Text>}
                    <Text className='gifts__meta'>{giftStockText(gift.stock, gift.perMemberLimit)}</Text>
                  </View>
                  <View className='gifts__action'>
                    <Text className='gifts__cost'>{giftCostText(gift.pointsCost)}</Text>
                    <Button
                      size='mini'
                      className='primary-button'
                      disabled={soldOut || limitReached || short || busy || undefined}
                      loading={redeeming === gift.id || undefined}
                      onClick={() => void redeem(gift)}
                    >
                      {redeemLabel({ soldOut, limitReached, short })}
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
