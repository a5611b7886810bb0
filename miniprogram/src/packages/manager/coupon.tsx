import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  listReleasedCouponTemplates,
  listStaffCommunities,
  sendCommunityCoupon,
  type ReleasedCouponTemplate,
  type ResponseOf,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, messageOf } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { IdempotencyKeys } from '../../services/idempotency-keys';
import { callAsMember } from '../../services/session';
import { couponSendRefusalText, releasedTemplateText } from './manager-text';
import './manager.css';
import './coupon.css';

const COMMUNITY_ID = /^[0-9a-f]{24}$/;

/**
 * Give every member of a community a coupon: the manager picks one of the coupons HQ released to managers (active,
 * in stock, not ended); the server checks the pick again when it sends.
 */
export default function CommunityCouponPage() {
  const communityId = useRouter().params.communityId ?? '';
  const [picked, setPicked] = useState<ReleasedCouponTemplate | undefined>();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<Array<ResponseOf<typeof sendCommunityCoupon>>>([]);
  // A retry after a lost reply sends once (the server keys the send by it).
  const keys = useRef(new IdempotencyKeys());
  const { state, reload } = useRemote(async () => {
    if (!COMMUNITY_ID.test(communityId)) throw new ApiCallError('NOT_FOUND', '社群链接不完整');
    const [communities, released] = await Promise.all([
      callAsMember(listStaffCommunities),
      callAsMember(listReleasedCouponTemplates),
    ]);
    const community = communities.communities.find((c) => c.id === communityId);
    if (!community) throw new ApiCallError('FORBIDDEN', '这个社群不在你的管理范围内');
    return { community, templates: released.templates };
  });

  const send = async (communityName: string, members: number, template: ReleasedCouponTemplate) => {
    const answer = await Taro.showModal({
      title: '发放优惠券',
      content: `给「${communityName}」的 ${members} 位成员每人发一张「${template.name}」？已领过本次券的成员不会重复发放。`,
    });
    if (!answer.confirm) return;
    setSending(true);
    try {
      const result = await callAsMember(sendCommunityCoupon, {
        params: { communityId },
        body: { templateId: template.id },
        headers: { 'idempotency-key': keys.current.for(template.id) },
      });
      keys.current.settle(template.id);
      setSent((list) => [result, ...list.filter((s) => s.id !== result.id)]);
      setPicked(undefined);
      await Taro.showToast({ title: result.replayed ? '这次发放已提交过' : '已开始发放', icon: 'none' });
      await reload();
    } catch (error) {
      keys.current.settle(template.id, error);
      const words = error instanceof ApiCallError ? couponSendRefusalText(error.code, error.details) : undefined;
      await Taro.showToast({ title: words ?? messageOf(error), icon: 'none', duration: 3000 });
      // What HQ changed since the list was read (retired, withdrawn, sent out) shows at once.
      setPicked(undefined);
      await reload();
    } finally {
      setSending(false);
    }
  };

  return (
    <View className='page manager'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ community, templates }) => (
          <>
            <Section title='给社群发券'>
              <Text className='form-hint'>
                发给「{community.name}」的全部 {community.memberCount} 位成员，每人一张，直接放入券包
              </Text>
              <Text className='coupon-pick__title'>选择一张总部开放发放的券</Text>
              {templates.length === 0 && (
                <View data-testid='released-empty'>
                  <Empty text='总部还没有开放可发放的优惠券' />
                  <Text className='form-hint'>请联系总部在「优惠券与礼品」里打开「门店运营可发放」</Text>
                </View>
              )}
              {templates.map((template) => {
                const text = releasedTemplateText(template);
                const on = picked?.id === template.id;
                return (
                  <View
                    key={template.id}
                    className={`coupon-pick${on ? ' coupon-pick--on' : ''}`}
                    data-testid='released-template'
                    onClick={() => setPicked(on ? undefined : template)}
                  >
                    <View className='coupon-pick__mark'>{on ? '✓' : ''}</View>
                    <View className='coupon-pick__body'>
                      <Text className='sent-item__title'>{template.name}</Text>
                      <Text className='coupon-pick__benefit'>{text.benefit}</Text>
                      <Text className='sent-item__meta'>{text.meta}</Text>
                    </View>
                  </View>
                );
              })}
              <Button
                className='primary-button'
                data-testid='coupon-send-button'
                disabled={sending || !picked || undefined}
                onClick={() => picked && void send(community.name, community.memberCount, picked)}
              >
                {picked ? `发放「${picked.name}」` : '发放'}
              </Button>
            </Section>
            {sent.length > 0 && (
              <Section title='本次发放'>
                {sent.map((s) => (
                  <View key={s.id} className='sent-item' data-testid='coupon-send'>
                    <View className='sent-item__head'>
                      <Text className='sent-item__title'>{s.templateName}</Text>
                      <Text className={`status status--${s.status === 'sent' ? 'open' : 'running'}`}>
                        {s.status === 'sent' ? '已发完' : '发放中'}
                      </Text>
                    </View>
                    <Text className='sent-item__meta'>
                      {dateTimeText(s.createdAt)} · {s.recipients} 位成员 · 已到账 {s.issued} 张
                      {s.replayed ? ' · 重复提交，未再次发放' : ''}
                    </Text>
                  </View>
                ))}
              </Section>
            )}
          </>
        )}
      </Screen>
    </View>
  );
}
