import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { getServiceTicketDashboard } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { HqOnly } from './hq-only';
import { SERVICE_DASHBOARD_TEXT as T } from './service-text';
import './hq.css';
import './service.css';

type Window = (typeof T.windows)[number]['value'];

/** HQ's service figures: open, breached and escalated tickets, the median first reply, the breach rate by store. */
export default function HqServicePage() {
  const [days, setDays] = useState<Window>('30');
  const { state, reload } = useRemote(() => callAsMember(getServiceTicketDashboard, { query: { days: Number(days) } }));
  const shown = useRef(days);
  useEffect(() => {
    if (shown.current === days) return;
    shown.current = days;
    void reload();
  }, [days, reload]);
  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <Tabs tabs={T.windows} value={days} onChange={setDays} />
        <Screen state={state} onRetry={reload}>
          {(figures) => (
            <>
              <Section title={T.title} extra={<Text className='hq-service__hint'>{T.hint(figures.windowDays)}</Text>}>
                <View className='hq-service__figures'>
                  {[
                    { label: T.open, value: String(figures.open), id: 'open' },
                    { label: T.breached, value: String(figures.breached), id: 'breached' },
                    { label: T.escalated, value: String(figures.escalated), id: 'escalated' },
                    { label: T.median, value: T.medianValue(figures.medianFirstReplyMinutes), id: 'median' },
                  ].map((figure) => (
                    <View key={figure.id} className='hq-service__figure' data-testid={`service-figure-${figure.id}`}>
                      <Text className='hq-service__value'>{figure.value}</Text>
                      <Text className='hq-service__label'>{figure.label}</Text>
                    </View>
                  ))}
                </View>
              </Section>
              <Section title={T.byStore}>
                {figures.byStore.length === 0 ? (
                  <Empty text={T.none} />
                ) : (
                  <View className='hq-service__table'>
                    <View className='hq-service__row hq-service__row--head'>
                      <Text className='hq-service__cell'>{T.storeColumn}</Text>
                      <Text className='hq-service__cell'>{T.ticketsColumn}</Text>
                      <Text className='hq-service__cell'>{T.breachedColumn}</Text>
                      <Text className='hq-service__cell'>{T.rateColumn}</Text>
                    </View>
                    {figures.byStore.map((store) => (
                      <View key={store.storeCode} className='hq-service__row' data-testid='service-store'>
                        <Text className='hq-service__cell'>{store.storeCode || T.online}</Text>
                        <Text className='hq-service__cell'>{store.tickets}</Text>
                        <Text className='hq-service__cell'>{store.breached}</Text>
                        <Text className={`hq-service__cell${store.breachRate > 0 ? ' hq-service__late' : ''}`}>
                          {T.rate(store.breachRate)}
                        </Text>
                      </View>
                    ))}
                  </View>
                )}
              </Section>
              <Button
                className='primary-button hq-service__queue'
                onClick={() => void Taro.navigateTo({ url: '/packages/manager/tickets' })}
              >
                {T.queue}
              </Button>
            </>
          )}
        </Screen>
      </HqOnly>
    </View>
  );
}
