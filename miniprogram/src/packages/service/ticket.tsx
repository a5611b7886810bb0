import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { getMyServiceTicket } from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, assetUrl } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { compensationText, SERVICE_TEXT as T, sourceText, TICKET_STATUS_LABEL, TICKET_TYPE_LABEL } from './service-text';
import './service.css';

/** One of the member's tickets: status, the promise, the conversation and any compensation. Opening it marks it read. */
export default function TicketPage() {
  const { params } = useRouter();
  const { state, reload } = useRemote(async () => {
    if (!params.id || !/^[0-9a-f]{24}$/.test(params.id)) throw new ApiCallError('NOT_FOUND', T.linkBroken, 404);
    return callAsMember(getMyServiceTicket, { params: { ticketId: params.id } });
  });
  useDidShow(() => {
    if (state.kind !== 'loading') void reload();
  });
  return (
    <View className='page service'>
      <Screen state={state} onRetry={reload}>
        {(ticket) => {
          const photos = ticket.photoUrls.map(assetUrl);
          const compensation = compensationText(ticket.compensation);
          return (
            <>
              <Section
                title={TICKET_TYPE_LABEL[ticket.type]}
                extra={
                  <Text className={`service-status service-status--${ticket.status}`} data-testid='ticket-status'>
                    {TICKET_STATUS_LABEL[ticket.status]}
                  </Text>
                }
              >
                <Text className='service-row__meta'>
                  {sourceText(ticket.source)} · {T.openedAt(ticket.openedAt)}
                </Text>
                <Text className='service-row__text'>{ticket.text}</Text>
                {photos.length > 0 && (
                  <View className='service-photos'>
                    {photos.map((url) => (
                      <Image
                        key={url}
                        className='service-photo service-photo__image'
                        src={url}
                        mode='aspectFill'
                        onClick={() => void Taro.previewImage({ urls: photos, current: url })}
                      />
                    ))}
                  </View>
                )}
                <Text className='service__promise' data-testid='ticket-promise'>
                  {ticket.firstReplyAt ? T.repliedAt(ticket.firstReplyAt) : T.promise(ticket.dueAt, ticket.slaHours)}
                </Text>
              </Section>
              {compensation && (
                <Section title={T.compensation}>
                  <Text className='service__compensation' data-testid='ticket-compensation'>
                    {compensation}
                  </Text>
                </Section>
              )}
              <Section title={T.conversation}>
                {ticket.messages.length === 0 && <Empty text={T.waiting} />}
                {ticket.messages.map((message, i) => (
                  <View key={i} className={`service-message service-message--${message.from}`} data-testid='ticket-message'>
                    <Text className='service-message__who'>
                      {message.from === 'staff' ? T.staff : T.you} · {dateTimeText(message.at)}
                    </Text>
                    <Text className='service-message__text'>{message.text}</Text>
                  </View>
                ))}
              </Section>
            </>
          );
        }}
      </Screen>
    </View>
  );
}
