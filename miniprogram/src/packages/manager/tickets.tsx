import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { listStaffServiceTickets } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { TICKETS_TEXT as T } from './tickets-text';
import './manager.css';
import './tickets.css';

type View_ = 'active' | 'done';

/** The staff member's ticket queue: their stores' tickets (HQ: all), the soonest deadline first. */
export default function TicketQueuePage() {
  const [view, setView] = useState<View_>('active');
  const { state, reload } = useRemote(() => callAsMember(listStaffServiceTickets, { query: { view } }));
  useDidShow(() => {
    if (state.kind !== 'loading') void reload();
  });
  const shown = useRef(view);
  useEffect(() => {
    // The tab changed: load the other list (the first load is useRemote's own).
    if (shown.current === view) return;
    shown.current = view;
    void reload();
  }, [view, reload]);
  return (
    <View className='page tickets'>
      <View className='manager-hero'>
        <Text className='manager-hero__title'>{T.queueTitle}</Text>
        <Text className='manager-hero__hint'>{staffRoleOfSession() === 'hq' ? T.hqScope : T.managerScope}</Text>
      </View>
      <Tabs tabs={T.tabs} value={view} onChange={setView} />
      <Screen state={state} onRetry={reload}>
        {(queue) => (
          <Section title={T.queueTitle}>
            {queue.tickets.length === 0 && <Empty text={T.empty} />}
            {queue.tickets.map((ticket) => (
              <View
                key={ticket.id}
                className='ticket-row'
                data-testid='staff-ticket'
                onClick={() => void Taro.navigateTo({ url: `/packages/manager/ticket?id=${ticket.id}` })}
              >
                <View className='ticket-row__head'>
                  <Text className='ticket-row__type'>{T.type[ticket.type]}</Text>
                  <Text className={`ticket-status ticket-status--${ticket.status}`}>{T.status[ticket.status]}</Text>
                </View>
                <Text className='ticket-row__text'>{ticket.text}</Text>
                <Text className='ticket-row__meta'>
                  {T.member(ticket)} · {ticket.storeCode ? T.store(ticket.storeCode) : T.online}
                </Text>
                <View className='ticket-row__head'>
                  <Text className={`ticket-row__due${ticket.breached ? ' ticket-row__due--late' : ''}`}>
                    {ticket.firstReplyAt ? T.repliedAt(ticket.firstReplyAt) : T.due(ticket.dueAt)}
                  </Text>
                  {ticket.breached && <Text className='ticket-flag'>{ticket.escalatedAt ? T.escalated : T.breached}</Text>}
                </View>
              </View>
            ))}
          </Section>
        )}
      </Screen>
    </View>
  );
}
