import { useState } from 'react';
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  deleteMyAccount,
  exportMyData,
  getMyProfile,
  updateMyConsents,
  updateMyProfile,
  type MemberProfile,
} from '@memberloop/shared';
import { ProfileCard } from '../../components/ProfileCard';
import { Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { messageOf } from '../../services/api-client';
import { callAsMember, forgetSession } from '../../services/session';
import './index.css';

const CONSENTS = [
  { kind: 'notifications', label: '服务通知', hint: '积分到期、等级变化等提醒' },
  { kind: 'marketing', label: '活动与优惠', hint: '新品、会员日与专属优惠' },
  { kind: 'personalisation', label: '个性化推荐', hint: '根据购买记录推荐商品' },
] as const;

/** The member's profile (avatar and nickname, city, birthday once) and their consents, each change saved at once. */
export default function MePage() {
  const { state, reload, set } = useRemote(() => callAsMember(getMyProfile));
  const [draft, setDraft] = useState<{ city?: string }>({});
  const [saving, setSaving] = useState(false);

  const save = async (changes: Record<string, unknown>) => {
    setSaving(true);
    try {
      set(await callAsMember(updateMyProfile, { body: changes }));
      setDraft({});
      await Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  const consent = async (kind: (typeof CONSENTS)[number]['kind'], granted: boolean) => {
    try {
      set(await callAsMember(updateMyConsents, { body: { [kind]: granted } }));
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    }
  };

  const exportData = async () => {
    try {
      const data = await callAsMember(exportMyData);
      await Taro.setClipboardData({ data: JSON.stringify(data, null, 2) });
      await Taro.showModal({
        title: '数据已复制',
        content: `共 ${data.purchases.length} 笔订单、${data.points.entries.length} 条积分记录、${data.coupons.length} 张优惠券，已复制到剪贴板。`,
        showCancel: false,
      });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    }
  };

  const deleteAccount = async () => {
    const answer = await Taro.showModal({
      title: '注销账户',
      content: '注销后个人资料将被删除，剩余积分和优惠券作废，且无法恢复。确定注销吗？',
      confirmText: '确定注销',
      confirmColor: '#b3261e',
    });
    if (!answer.confirm) return;
    try {
      await callAsMember(deleteMyAccount, { body: { confirm: true } });
      forgetSession();
      await Taro.showToast({ title: '账户已注销', icon: 'none' });
      await Taro.reLaunch({ url: '/pages/index/index' });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    }
  };

  const setBirthday = async (profile: MemberProfile, value: string) => {
    const [, month, day] = value.split('-').map(Number);
    const answer = await Taro.showModal({ title: '设置生日', content: `生日设为 ${month} 月 ${day} 日？设置后不可自行修改。` });
    if (answer.confirm && !profile.birthday) await save({ birthday: { month, day } });
  };

  return (
    <View className='page me'>
      <Screen state={state} onRetry={() => void reload()}>
        {(profile) => (
          <>
            <Section title='头像与昵称'>
              <ProfileCard
                profile={profile}
                hint='拼团、助力和邀请好友时，好友看到的是你的头像和昵称'
                saveLabel='保存资料'
                flat
                onSaved={set}
              />
            </Section>

            <Section title='基本资料'>
              <View className='me__row'>
                <Text className='me__label'>会员号</Text>
                <Text className='me__value'>{profile.memberNo}</Text>
              </View>
              <View className='me__row'>
                <Text className='me__label'>手机号</Text>
                <Text className='me__value'>{profile.phoneMasked ?? '未绑定'}</Text>
              </View>
              <View className='me__row'>
                <Text className='me__label'>城市</Text>
                <Input
                  className='me__input'
                  maxlength={20}
                  placeholder='所在城市'
                  value={draft.city ?? profile.city ?? ''}
                  onInput={(event) => setDraft({ ...draft, city: event.detail.value })}
                />
              </View>
              <View className='me__row'>
                <Text className='me__label'>生日</Text>
                {profile.birthday ? (
                  <Text className='me__value'>
                    {profile.birthday.month} 月 {profile.birthday.day} 日
                  </Text>
                ) : (
                  <Picker mode='date' value='2000-01-01' onChange={(event) => void setBirthday(profile, event.detail.value)}>
                    <Text className='me__link'>设置生日，享生日多倍积分</Text>
                  </Picker>
                )}
              </View>
              <Button
                className='primary-button'
                disabled={saving || draft.city === undefined || undefined}
                onClick={() => void save({ city: draft.city?.trim() })}
              >
                保存城市
              </Button>
            </Section>

            <Section title='隐私与通知'>
              {CONSENTS.map(({ kind, label, hint }) => (
                <View key={kind} className='me__row'>
                  <View className='me__consent-text'>
                    <Text className='me__value'>{label}</Text>
                    <Text className='me__hint'>{hint}</Text>
                  </View>
                  <Switch
                    checked={profile.consents[kind]?.granted ?? false}
                    color='#8a6a3f'
                    onChange={(event) => void consent(kind, event.detail.value)}
                  />
                </View>
              ))}
            </Section>

            <Section title='我的数据'>
              <Button size='mini' className='me__data-button' onClick={() => void exportData()}>
                导出我的数据
              </Button>
              <Button size='mini' className='me__delete-button' onClick={() => void deleteAccount()}>
                注销账户
              </Button>
            </Section>
          </>
        )}
      </Screen>
    </View>
  );
}
