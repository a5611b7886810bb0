import { useState } from 'react';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  closeServiceTicket,
  getStaffServiceTicket,
  listServiceTicketCoupons,
  replyToServiceTicket,
  resolveServiceTicket,
  SERVICE_TICKET_REPLY_MAX,
  ServiceTicketReply,
  ServiceTicketResolution,
  type StaffServiceTicket,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { ApiCallError, assetUrl } from '../../services/api-client';
import { checkContract } from '../../services/contract-check';
import { dateTimeText } from '../../services/date-text';
import { callAsMember } from '../../services/session';
import { TICKETS_TEXT as T } from './tickets-text';
import './manager.css';
import './tickets.css';

type Kind = 'none' | 'points' | 'coupon';
const KINDS = [
  { value: 'none' as const, label: T.none },
  { value: 'points' as const, label: T.points },
  { value: 'coupon' as const, label: T.coupon },
];

/** One ticket for the staff handling it: the member's words and photos, the conversation, reply, resolve, close. */
export default function StaffTicketPage() {
  const { params } = useRouter();
  const { state, reload, set } = useRemote(async () => {
    if (!params.id || !/^[0-9a-f]{24}$/.test(params.id)) throw new ApiCallError('NOT_FOUND', T.linkBroken, 404);
    const [ticket, options] = await Promise.all([
      callAsMember(getStaffServiceTicket, { params: { ticketId: params.id } }),
      callAsMember(listServiceTicketCoupons),
    ]);
    return { ticket, options };
  });
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [kind, setKind] = useState<Kind>('none');
  const [points, setPoints] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [problem, setProblem] = useState<string>();
  const { busy, run } = useAction();
  const wording = { refusals: T.refusals, reasons: T.reasons };

  const done = (data: { ticket: StaffServiceTicket; options: unknown }, ticket: StaffServiceTicket) =>
    set({ ...(data as { ticket: StaffServiceTicket; options: never }), ticket });

  return (
    <View className='page tickets'>
      <Screen state={state} onRetry={reload}>
        {(data) => {
          const { ticket, options } = data;
          const photos = ticket.photoUrls.map(assetUrl);
          const active = ticket.status === 'open' || ticket.status === 'answered';

          const sendReply = async () => {
            const checked = checkContract(ServiceTicketReply, { text: reply }, T.replyFaults);
            setProblem(checked.first);
            if (!checked.ok) return;
            const updated = await run(
              (key) =>
                callAsMember(replyToServiceTicket, {
                  params: { ticketId: ticket.id },
                  body: checked.value,
                  headers: { 'idempotency-key': key },
                }),
              `reply:${ticket.id}:${checked.value.text}`,
              { success: T.replied, ...wording },
            );
            if (updated) {
              setReply('');
              done(data, updated);
            }
          };

          const resolve = async () => {
            const compensation =
              kind === 'points'
                ? { kind: 'points' as const, points: Number(points) }
                : kind === 'coupon'
                  ? { kind: 'coupon' as const, templateId }
                  : undefined;
            const checked = checkContract(
              ServiceTicketResolution,
              { note, ...(compensation ? { compensation } : {}) },
              T.resolveFaults,
            );
            setProblem(checked.first);
            if (!checked.ok) return;
            const updated = await run(
              (key) =>
                callAsMember(resolveServiceTicket, {
                  params: { ticketId: ticket.id },
                  body: checked.value,
                  headers: { 'idempotency-key': key },
                }),
              `resolve:${ticket.id}:${JSON.stringify(checked.value)}`,
              { success: T.resolved, ...wording },
            );
            if (updated) done(data, updated);
          };

          const close = async () => {
            const updated = await run(
              () => callAsMember(closeServiceTicket, { params: { ticketId: ticket.id } }),
              `close:${ticket.id}`,
              { success: T.closed, ...wording },
            );
            if (updated) done(data, updated);
          };

          return (
            <>
              <Section
                title={T.type[ticket.type]}
                extra={
                  <Text className={`ticket-status ticket-status--${ticket.status}`} data-testid='staff-ticket-status'>
                    {T.status[ticket.status]}
                  </Text>
                }
              >
                <Text className='ticket-row__meta'>
                  {T.member(ticket)} · {ticket.storeCode ? T.store(ticket.storeCode) : T.online} ·{' '}
                  {ticket.source.kind === 'order' ? T.order(ticket.source.orderId ?? '') : T.visit}
                </Text>
                <Text className='ticket-row__text'>{ticket.text}</Text>
                {photos.length > 0 && (
                  <View className='ticket-photos'>
                    {photos.map((url) => (
                      <Image
                        key={url}
                        className='ticket-photo'
                        src={url}
                        mode='aspectFill'
                        onClick={() => void Taro.previewImage({ urls: photos, current: url })}
                      />
                    ))}
                  </View>
                )}
                <Text className='ticket-row__meta'>{T.openedAt(ticket.openedAt)}</Text>
                <View className='ticket-row__head'>
                  <Text className={`ticket-row__due${ticket.breached ? ' ticket-row__due--late' : ''}`}>
                    {ticket.firstReplyAt ? T.repliedAt(ticket.firstReplyAt) : T.due(ticket.dueAt)}
                  </Text>
                  {ticket.breached && <Text className='ticket-flag'>{ticket.escalatedAt ? T.escalated : T.breached}</Text>}
                </View>
                {ticket.compensation && (
                  <Text className='ticket-paid' data-testid='staff-ticket-compensation'>
                    {T.paid(ticket.compensation)}
                  </Text>
                )}
              </Section>
              <Section title={T.conversation}>
                {ticket.messages.length === 0 && <Empty text={T.noMessages} />}
                {ticket.messages.map((message, i) => (
                  <View key={i} className={`ticket-message ticket-message--${message.from}`}>
                    <Text className='ticket-message__who'>
                      {message.from === 'staff' ? T.staffSaid : T.memberSaid} · {dateTimeText(message.at)}
                    </Text>
                    <Text className='ticket-message__text'>{message.text}</Text>
                  </View>
                ))}
              </Section>
              {problem && (
                <Text className='form-problem' data-testid='staff-ticket-problem'>
                  {problem}
                </Text>
              )}
              {active && (
                <Section title={T.reply}>
                  <Textarea
                    className='ticket-input ticket-input--area'
                    data-testid='staff-ticket-reply'
                    value={reply}
                    maxlength={SERVICE_TICKET_REPLY_MAX}
                    placeholder={T.replyPlaceholder}
                    onInput={(event) => setReply(event.detail.value)}
                  />
                  <Button
                    className='primary-button ticket-button'
                    data-testid='staff-ticket-send'
                    disabled={busy || undefined}
                    onClick={() => void sendReply()}
                  >
                    {busy ? T.sending : T.send}
                  </Button>
                </Section>
              )}
              {active && (
                <Section title={T.resolve}>
                  <Textarea
                    className='ticket-input ticket-input--area'
                    data-testid='staff-ticket-note'
                    value={note}
                    maxlength={SERVICE_TICKET_REPLY_MAX}
                    placeholder={T.notePlaceholder}
                    onInput={(event) => setNote(event.detail.value)}
                  />
                  <Text className='ticket-label'>{T.compensation}</Text>
                  <Tabs tabs={KINDS} value={kind} onChange={setKind} />
                  {kind === 'points' && (
                    <>
                      <Input
                        className='ticket-input'
                        data-testid='staff-ticket-points'
                        type='number'
                        value={points}
                        placeholder={T.pointsPlaceholder(options.pointsCap)}
                        onInput={(event) => setPoints(event.detail.value)}
                      />
                      <Text className='ticket-hint'>{T.capHint(options.pointsCap)}</Text>
                    </>
                  )}
                  {kind === 'coupon' &&
                    (options.templates.length === 0 ? (
                      <Empty text={T.noCoupons} />
                    ) : (
                      options.templates.map((template) => (
                        <Text
                          key={template.id}
                          className={`ticket-choice${template.id === templateId ? ' ticket-choice--on' : ''}`}
                          onClick={() => setTemplateId(template.id)}
                        >
                          {template.name}
                        </Text>
                      ))
                    ))}
                  <Button
                    className='primary-button ticket-button'
                    data-testid='staff-ticket-resolve'
                    disabled={busy || undefined}
                    onClick={() => void resolve()}
                  >
                    {busy ? T.resolving : T.resolveButton}
                  </Button>
                </Section>
              )}
              {ticket.status === 'resolved' && (
                <Button
                  className='primary-button ticket-button'
                  data-testid='staff-ticket-close'
                  disabled={busy || undefined}
                  onClick={() => void close()}
                >
                  {busy ? T.closing : T.close}
                </Button>
              )}
            </>
          );
        }}
      </Screen>
    </View>
  );
}
