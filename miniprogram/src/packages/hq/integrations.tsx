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
import { INTEGRATIONS_TEXT as T } from './integrations-text';
import './hq.css';

const GRACE = T.grace;

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

  const idProblem = IntegrationId.safeParse(id).success ? undefined : T.idFault;
  const nameProblem = name.trim().length >= 1 && name.trim().length <= 40 ? undefined : T.nameFault;

  const run = async (work: () => Promise<Shown | undefined>, done: string) => {
    const outcome = await action.run(async () => ({ secret: await work() }), done, {
      success: done,
      refusals: T.refusals,
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
    }, T.created);
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
      T.rotated,
    );
  };

  const toggle = async (integration: IntegrationView) => {
    const off = integration.active;
    const answer = await Taro.showModal({
      title: off ? T.offTitle : T.onTitle,
      content: off ? T.offConfirm(integration.name) : T.onConfirm(integration.name),
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
      off ? T.switchedOff : T.switchedOn,
    );
  };

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        {shown && (
          <View className='hq-secret' data-testid='integration-secret'>
            <Text className='hq-secret__title'>{T.secretTitle(shown.name)}</Text>
            <Text className='hq-secret__value' selectable>
              {shown.secret}
            </Text>
            <Text className='hq-secret__hint'>{T.secretHint}</Text>
            <View className='hq-secret__actions'>
              <Button className='primary-button' onClick={() => void Taro.setClipboardData({ data: shown.secret })}>
                {T.copy}
              </Button>
              <Text className='hq-link' data-testid='integration-secret-close' onClick={() => setShown(undefined)}>
                {T.savedClose}
              </Text>
            </View>
          </View>
        )}
        <View className='hq-columns'>
          <Section title={T.newTitle}>
            <View className='form-row'>
              <Text className='form-row__label'>{T.id}</Text>
              <Input
                className='form-row__input'
                data-testid='integration-id'
                maxlength={40}
                placeholder={T.idPlaceholder}
                value={id}
                onInput={(event) => setId(event.detail.value)}
              />
            </View>
            {touched && idProblem && <Text className='hq-problem'>{idProblem}</Text>}
            <View className='form-row'>
              <Text className='form-row__label'>{T.name}</Text>
              <Input
                className='form-row__input'
                data-testid='integration-name'
                maxlength={40}
                placeholder={T.namePlaceholder}
                value={name}
                onInput={(event) => setName(event.detail.value)}
              />
            </View>
            {touched && nameProblem && <Text className='hq-problem'>{nameProblem}</Text>}
            <Text className='form-hint'>{T.hint}</Text>
            <Button
              className='primary-button'
              data-testid='integration-create'
              disabled={busy || (touched && Boolean(idProblem || nameProblem)) || undefined}
              loading={busy}
              onClick={connect}
            >
              {busy ? T.submitting : T.create}
            </Button>
          </Section>
          <Screen state={state} onRetry={() => void reload()}>
            {(integrations) => (
              <Section title={T.connected(integrations.length)}>
                {integrations.length === 0 && <Empty text={T.none} />}
                {integrations.map((integration) => (
                  <View key={integration.integrationId} className='hq-row' data-testid='integration'>
                    <View className='hq-row__body'>
                      <View className='hq-row__line'>
                        <Text className='hq-row__title'>{integration.name}</Text>
                        <Text className={`tag${integration.active ? '' : ' hq-tag--off'}`}>
                          {integration.active ? T.active : T.inactive}
                        </Text>
                      </View>
                      <Text className='hq-row__meta'>
                        {T.meta(
                          integration.integrationId,
                          dayText(integration.createdAt),
                          integration.previousSecretValidUntil ? dateTimeText(integration.previousSecretValidUntil) : undefined,
                        )}
                      </Text>
                    </View>
                    <View className='hq-row__actions'>
                      <Text className='hq-link' data-testid='integration-rotate' onClick={() => void rotate(integration)}>
                        {T.rotate}
                      </Text>
                      <Text
                        className={`hq-link${integration.active ? ' hq-link--danger' : ''}`}
                        data-testid='integration-toggle'
                        onClick={() => void toggle(integration)}
                      >
                        {integration.active ? T.switchOff : T.switchOn}
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
