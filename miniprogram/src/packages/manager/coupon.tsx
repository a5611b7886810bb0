import { useState } from 'react';
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
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { COUPON_TEXT as T } from './coupon-text';
import { COUPON_SEND_REASONS, COUPON_SEND_REFUSALS, releasedTemplateText } from './manager-text';
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
  const [sent, setSent] = useState<Array<ResponseOf<typeof sendCommunityCoupon>>>([]);
  // One send at a time; a retry after a lost reply sends once (the server keys the send by the Idempotency-Key).
  const { busy: sending, run } = useAction();
  const { state, reload } = useRemote(async () => {
    if (!COMMUNITY_ID.test(communityId)) throw new ApiCallError('NOT_FOUND', T.linkBroken);
    const [communities, released] = await Promise.all([
      callAsMember(listStaffCommunities),
      callAsMember(listReleasedCouponTemplates),
    ]);
    const community = communities.communities.find((c) => c.id === communityId);
    if (!community) throw new ApiCallError('FORBIDDEN', T.notYours);
    return { community, templates: released.templates };
  });

  const send = async (communityName: string, members: number, template: ReleasedCouponTemplate) => {
    if (sending) return;
    const answer = await Taro.showModal({ title: T.confirmTitle, content: T.confirm(communityName, members, template.name) });
    if (!answer.confirm) return;
    const result = await run(
      (key) =>
        callAsMember(sendCommunityCoupon, {
          params: { communityId },
          body: { templateId: template.id },
          headers: { 'idempotency-key': key },
        }),
      template.id,
      {
        success: (done) => (done.replayed ? T.replayed : T.started),
        refusals: COUPON_SEND_REFUSALS,
        reasons: COUPON_SEND_REASONS,
      },
    );
    if (result) setSent((list) => [result, ...list.filter((s) => s.id !== result.id)]);
    // Sent, or refused for what HQ changed since the list was read (retired, withdrawn, sent out): shown at once.
    setPicked(undefined);
    await reload();
  };

  return (
    <View className='page manager'>
      <Screen state={state} onRetry={() => void reload()}>
        {({ community, templates }) => (
          <>
            <Section title={T.title}>
              <Text className='form-hint'>{T.audience(community.name, community.memberCount)}</Text>
              <Text className='coupon-pick__title'>{T.pick}</Text>
              {templates.length === 0 && (
                <View data-testid='released-empty'>
                  <Empty text={T.noneReleased} />
                  <Text className='form-hint'>{T.askHq}</Text>
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
                {sending ? T.sending : T.send(picked?.name)}
              </Button>
            </Section>
            {sent.length > 0 && (
              <Section title={T.thisTime}>
                {sent.map((s) => (
                  <View key={s.id} className='sent-item' data-testid='coupon-send'>
                    <View className='sent-item__head'>
                      <Text className='sent-item__title'>{s.templateName}</Text>
                      <Text className={`status status--${s.status === 'sent' ? 'open' : 'running'}`}>
                        {s.status === 'sent' ? T.sentOut : T.sendingOut}
                      </Text>
                    </View>
                    <Text className='sent-item__meta'>
                      {T.sentMeta(dateTimeText(s.createdAt), s.recipients, s.issued, s.replayed)}
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
