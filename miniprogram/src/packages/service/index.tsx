import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { listMyServiceTickets } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { SERVICE_TEXT as T, TICKET_STATUS_LABEL, TICKET_TYPE_LABEL, sourceText } from './service-text';
import './service.css';

/** The member's tickets, newest first, with their status and new replies. */
export default function MyTicketsPage() {
  const { state, reload } = useRemote(() => callAsMember(listMyServiceTickets));
  useDidShow(() => {
    if (state.kind !== 'loading') void reload();
  });
  return (
    <View className='page service'>
      <Screen state={state} onRetry={reload}>
        {(data) => (
          <Section
            title={T.listTitle}
            extra={data.unread > 0 ? <Text className='service__badge'>{T.unread(data.unread)}</Text> : undefined}
          >
            {data.tickets.length === 0 && <Empty text={T.none} />}
            {data.tickets.map((ticket) => (
              <View
                key={ticket.id}
                className='service-row'
                data-testid='ticket-row'
                onClick={() => void Taro.navigateTo({ url: `/packages/service/ticket?id=${ticket.id}` })}
              >
                <View className='service-row__head'>
                  <Text className='service-row__type'>{TICKET_TYPE_LABEL[ticket.type]}</Text>
                  <Text className={`service-status service-status--${ticket.status}`}>{TICKET_STATUS_LABEL[ticket.status]}</Text>
                </View>
                <Text className='service-row__text'>{ticket.text}</Text>
                <Text className='service-row__meta'>
                  {sourceText(ticket.source)} · {dateTimeText(ticket.openedAt)}
                </Text>
                {ticket.unread > 0 && <Text className='service__badge'>{T.unread(ticket.unread)}</Text>}
              </View>
            ))}
          </Section>
        )}
      </Screen>
      <Button
        className='primary-button service__new'
        data-testid='ticket-new'
        onClick={() => void Taro.navigateTo({ url: '/packages/service/open' })}
      >
        {T.newTicket}
      </Button>
    </View>
  );
}
