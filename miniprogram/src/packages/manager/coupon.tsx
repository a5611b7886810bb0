import { useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { listStaffCommunities, sendCommunityCoupon, type ResponseOf } from '@memberloop/shared';
import { Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, messageOf } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { IdempotencyKeys } from '../../services/idempotency-keys';
import { callAsMember } from '../../services/session';
import { TEMPLATE_ID } from './manager-text';
import './manager.css';

const COMMUNITY_ID = /^[0-9a-f]{24}$/;

/**
 * Give every member of a community a coupon. The API has no list of coupon templates for managers, so the manager
 * enters the template id HQ gave them; the server checks it and names the coupon in its answer.
 */
export default function CommunityCouponPage() {
  const communityId = useRouter().params.communityId ?? '';
  const [templateId, setTemplateId] = useState('');
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<Array<ResponseOf<typeof sendCommunityCoupon>>>([]);
  // A retry after a lost reply sends once (the server keys the send by it).
  const keys = useRef(new IdempotencyKeys());
  const { state, reload } = useRemote(async () => {
    if (!COMMUNITY_ID.test(communityId)) throw new ApiCallError('NOT_FOUND', '社群链接不完整');
    const community = (await callAsMember(listStaffCommunities)).communities.find((c) => c.id === communityId);
    if (!community) throw new ApiCallError('FORBIDDEN', '这个社群不在你的管理范围内');
    return community;
  });

  const id = templateId.trim().toLowerCase();
  const valid = TEMPLATE_ID.test(id);

  const send = async (communityName: string, members: number) => {
    const answer = await Taro.showModal({
      title: '发放优惠券',
      content: `给「${communityName}」的 ${members} 位成员每人发一张这个模板的券？已领过本次券的成员不会重复发放。`,
    });
    if (!answer.confirm) return;
    setSending(true);
    try {
      const result = await callAsMember(sendCommunityCoupon, {
        params: { communityId },
        body: { templateId: id },
        headers: { 'idempotency-key': keys.current.for(id) },
      });
      keys.current.settle(id);
      setSent((list) => [result, ...list.filter((s) => s.id !== result.id)]);
      setTemplateId('');
      await Taro.showToast({ title: result.replayed ? '这次发放已提交过' : '已开始发放', icon: 'none' });
    } catch (error) {
      keys.current.settle(id, error);
      await Taro.showToast({
        title: messageOf(error, {
          NOT_FOUND: '找不到这个券模板，请核对模板 ID',
          CONFLICT: '这个券已停止发放，请换一个模板',
          FORBIDDEN: '这个社群不在你的管理范围内',
        }),
        icon: 'none',
      });
    } finally {
      setSending(false);
    }
  };

  return (
    <View className='page manager'>
      <Screen state={state} onRetry={() => void reload()}>
        {(community) => (
          <>
            <Section title='给社群发券'>
              <Text className='form-hint'>
                发给「{community.name}」的全部 {community.memberCount} 位成员，每人一张，直接放入券包
              </Text>
              <View className='form-row'>
                <Text className='form-row__label'>券模板 ID</Text>
                <Input
                  className='form-row__input'
                  data-testid='coupon-template-id'
                  maxlength={24}
                  placeholder='24 位模板 ID'
                  value={templateId}
                  onInput={(event) => setTemplateId(event.detail.value)}
                />
              </View>
              <Text className='form-hint'>模板 ID 由总部在券管理后台提供</Text>
              {templateId.trim() !== '' && !valid && <Text className='form-problem'>模板 ID 是 24 位数字和字母（0-9、a-f）</Text>}
              <Button
                className='primary-button'
                disabled={sending || !valid || undefined}
                onClick={() => void send(community.name, community.memberCount)}
              >
                发放
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
