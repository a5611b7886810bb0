import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  IntegrationId,
  listIntegrations,
  registerIntegration,
  rotateIntegrationSecret,
  setIntegrationActive,
  type IntegrationView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { useAction } from '../../hooks/use-action';
import { dateTimeText, dayText } from '../../services/date-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import './hq.css';

/** How long the old secret keeps working after a rotation: the tills get the new one without a gap. */
const GRACE = [
  { hours: 24, label: '旧密钥再用 24 小时' },
  { hours: 72, label: '旧密钥再用 72 小时' },
  { hours: 0, label: '旧密钥立即失效（密钥泄露时）' },
] as const;

/** A secret shown this once: HQ copies it into the till or the shop's settings. */
interface Shown {
  integrationId: string;
  name: string;
  secret: string;
}

/** HQ connects its tills and online shop: creates them, rotates their secrets with a grace period, switches them off. */
export default function HqIntegrationsPage() {
  const { state, reload } = useRemote(async () => (await callAsMember(listIntegrations)).integrations);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  // One change at a time (ActionGate): a tap while one runs is ignored, the buttons disabled meanwhile.
  const action = useAction();
  const busy = action.busy;
  const [shown, setShown] = useState<Shown | undefined>();

  const idProblem = IntegrationId.safeParse(id).success ? undefined : '编号为 2–40 个小写字母、数字或短横线，如 pos-shanghai';
  const nameProblem = name.trim().length >= 1 && name.trim().length <= 40 ? undefined : '请填写 1–40 个字的名称';

  const run = async (work: () => Promise<Shown | undefined>, done: string) => {
    const outcome = await action.run(async () => ({ secret: await work() }), done, {
      success: done,
      refusals: { CONFLICT: '这个编号已被使用，请换一个或更换该对接的密钥' },
    });
    if (!outcome) return;
    if (outcome.secret) setShown(outcome.secret);
    await reload();
  };

  const connect = () => {
    setTouched(true);
    if (idProblem || nameProblem || busy) return;
    void run(async () => {
      const created = await callAsMember(registerIntegration, { body: { integrationId: id.trim(), name: name.trim() } });
      setId('');
      setName('');
      setTouched(false);
      return created;
    }, '已创建');
  };

  const rotate = async (integration: IntegrationView) => {
    const choice = await Taro.showActionSheet({ itemList: GRACE.map((g) => g.label) }).catch(() => undefined);
    if (!choice) return;
    const { hours } = GRACE[choice.tapIndex];
    void run(
      () =>
        callAsMember(rotateIntegrationSecret, {
          params: { integrationId: integration.integrationId },
          body: { graceHours: hours },
        }),
      '已更换密钥',
    );
  };

  const toggle = async (integration: IntegrationView) => {
    const off = integration.active;
    const answer = await Taro.showModal({
      title: off ? '停用对接' : '重新启用',
      content: off
        ? `停用「${integration.name}」？它发来的消费和退款会被拒绝，直到重新启用。`
        : `重新启用「${integration.name}」？`,
    });
    if (!answer.confirm) return;
    void run(
      async () => {
        await callAsMember(setIntegrationActive, {
          params: { integrationId: integration.integrationId },
          body: { active: !off },
        });
        return undefined;
      },
      off ? '已停用' : '已启用',
    );
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        {shown && (
          <View className='hq-secret' data-testid='integration-secret'>
            <Text className='hq-secret__title'>「{shown.name}」的签名密钥</Text>
            <Text className='hq-secret__value' selectable>
              {shown.secret}
            </Text>
            <Text className='hq-secret__hint'>只显示这一次：请立即复制到收银系统或商城的设置中，关闭后无法再查看</Text>
            <View className='hq-secret__actions'>
              <Button className='primary-button' onClick={() => void Taro.setClipboardData({ data: shown.secret })}>
                复制密钥
              </Button>
              <Text className='hq-link' data-testid='integration-secret-close' onClick={() => setShown(undefined)}>
                我已保存，关闭
              </Text>
            </View>
          </View>
        )}
        <View className='hq-columns'>
          <Section title='新建对接'>
            <View className='form-row'>
              <Text className='form-row__label'>编号</Text>
              <Input
                className='form-row__input'
                data-testid='integration-id'
                maxlength={40}
                placeholder='如 pos-shanghai'
                value={id}
                onInput={(event) => setId(event.detail.value)}
              />
            </View>
            {touched && idProblem && <Text className='hq-problem'>{idProblem}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>名称</Text>
              <Input
                className='form-row__input'
                data-testid='integration-name'
                maxlength={40}
                placeholder='如 上海门店收银'
                value={name}
                onInput={(event) => setName(event.detail.value)}
              />
            </View>
            {touched && nameProblem && <Text className='hq-problem'>{nameProblem}</Text>}
            <Text className='form-hint'>创建后显示一次签名密钥，收银系统和商城用它为每个请求签名</Text>
            <Button
              className='primary-button'
              data-testid='integration-create'
              disabled={busy || (touched && Boolean(idProblem || nameProblem)) || undefined}
              loading={busy}
              onClick={connect}
            >
              {busy ? '提交中…' : '创建对接'}
            </Button>
          </Section>
          <Screen state={state} onRetry={() => void reload()}>
            {(integrations) => (
              <Section title={`已对接 · ${integrations.length}`}>
                {integrations.length === 0 && <Empty text='还没有对接收银系统或商城' />}
                {integrations.map((integration) => (
                  <View key={integration.integrationId} className='hq-row' data-testid='integration'>
                    <View className='hq-row__body'>
                      <View className='hq-row__line'>
                        <Text className='hq-row__title'>{integration.name}</Text>
                        <Text className={`tag${integration.active ? '' : ' hq-tag--off'}`}>
                          {integration.active ? '使用中' : '已停用'}
                        </Text>
                      </View>
                      <Text className='hq-row__meta'>
                        {integration.integrationId} · {dayText(integration.createdAt)}创建
                        {integration.previousSecretValidUntil &&
                          ` · 旧密钥可用至 ${dateTimeText(integration.previousSecretValidUntil)}`}
                      </Text>
                    </View>
                    <View className='hq-row__actions'>
                      <Text className='hq-link' data-testid='integration-rotate' onClick={() => void rotate(integration)}>
                        更换密钥
                      </Text>
                      <Text
                        className={`hq-link${integration.active ? ' hq-link--danger' : ''}`}
                        data-testid='integration-toggle'
                        onClick={() => void toggle(integration)}
                      >
                        {integration.active ? '停用' : '启用'}
                      </Text>
                    </View>
                  </View>
                ))}
              </Section>
            )}
          </Screen>
        </View>
      </HqOnly>
    </View>
  );
}
